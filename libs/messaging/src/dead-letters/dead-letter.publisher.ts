import { Inject, Injectable } from '@nestjs/common';
import { deadLetterTopic } from '@relief/contracts';
import { type IHeaders, type KafkaMessage } from 'kafkajs';
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

/**
 * Parks a message in `<topic>.dlq` with its original key, value and headers, plus headers saying
 * why and where it came from. Throws if Kafka does not take it: the caller must not commit the
 * original offset until this succeeded.
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
    await producer.send({
      topic: physicalTopic(this.options, deadLetterTopic(topic)),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    MessagingMetrics.deadLettered.inc({ topic, reason });
  }
}
