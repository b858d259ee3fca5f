import { Inject, Injectable } from '@nestjs/common';
import { deadLetterTopic } from '@relief/contracts';
import { type IHeaders, type KafkaMessage, type Message } from 'kafkajs';
import { KafkaClient } from '../kafka/kafka-client.service';
import {
  MESSAGING_OPTIONS,
  physicalTopic,
  type ResolvedMessagingOptions,
} from '../messaging.options';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import {
  DlqHeaders,
  MAX_DLQ_ERROR_LENGTH,
  withoutDlqHeaders,
  type DeadLetterReason,
} from './dead-letter.headers';

export interface DeadLetter {
  /** Logical topic the message was read from. */
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: DeadLetterReason;
  error: string;
}

/** How much of its value a dead letter keeps when the broker refuses the whole message. */
export const TRUNCATED_VALUE_BYTES = 64 * 1024;
/** ... and of its key; original headers bigger than this in total are left out then. */
const TRUNCATED_KEY_BYTES = 1024;
const MAX_KEPT_HEADER_BYTES = 16 * 1024;

/**
 * Parks a message in `<topic>.dlq` with its original key, value and headers, plus headers saying
 * why and where it came from. Throws if Kafka does not take it: the caller must not commit the
 * original offset until this succeeded.
 *
 * A message can fit the broker and yet not fit it as a dead letter, with our headers added (or
 * when the dead-letter topic has a lower limit). Retrying would never succeed and would hold
 * its partition forever, so then the dead letter keeps only the beginning of the value, says so
 * in `dlq-value-truncated` (the original size), and the consumer moves on.
 */
@Injectable()
export class DeadLetterPublisher {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly kafka: KafkaClient,
  ) {}

  async publish({ topic, partition, message, reason, error }: DeadLetter): Promise<void> {
    const headers: IHeaders = {
      ...withoutDlqHeaders(message.headers),
      [DlqHeaders.reason]: reason,
      [DlqHeaders.error]: error.slice(0, MAX_DLQ_ERROR_LENGTH),
      [DlqHeaders.originalTopic]: physicalTopic(this.options, topic),
      [DlqHeaders.originalPartition]: String(partition),
      [DlqHeaders.originalOffset]: message.offset,
      [DlqHeaders.consumerGroup]: this.options.groupId,
      [DlqHeaders.failedAt]: new Date().toISOString(),
    };
    await this.kafka.ensureTopics();
    const producer = await this.kafka.connectedProducer();
    const target = physicalTopic(this.options, deadLetterTopic(topic));
    try {
      await producer.send({
        topic: target,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers }],
      });
    } catch (error) {
      if (!isTooLarge(error)) throw error;
      await producer.send({ topic: target, acks: -1, messages: [truncated(message, headers)] });
    }
    MessagingMetrics.deadLettered.inc({ topic, reason });
  }
}

/** The broker refused the message (or the batch) as bigger than it accepts. */
export function isTooLarge(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { type, message, originalError, cause } = current as {
      type?: unknown;
      message?: unknown;
      originalError?: unknown;
      cause?: unknown;
    };
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') return true;
    if (typeof message === 'string' && /larger than the max message size/i.test(message)) {
      return true;
    }
    current = originalError ?? cause;
  }
  return false;
}

/** The dead letter cut down to what any broker takes: the beginning of the value and key. */
function truncated(message: KafkaMessage, headers: IHeaders): Message {
  const original = withoutDlqHeaders(message.headers);
  const originalBytes = Object.entries(original).reduce(
    (sum, [name, value]) => sum + name.length + String(value ?? '').length,
    0,
  );
  const keep = originalBytes <= MAX_KEPT_HEADER_BYTES;
  const dlqOnly = Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.startsWith('dlq-')),
  );
  return {
    key: message.key?.subarray(0, TRUNCATED_KEY_BYTES) ?? null,
    value: message.value?.subarray(0, TRUNCATED_VALUE_BYTES) ?? null,
    headers: {
      ...(keep ? headers : dlqOnly),
      [DlqHeaders.valueTruncated]: String(message.value?.length ?? 0),
      ...(keep ? {} : { [DlqHeaders.headersDropped]: String(Object.keys(original).length) }),
    },
  };
}
