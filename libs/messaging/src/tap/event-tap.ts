import { Logger } from '@nestjs/common';
import { decodeEvent, type EventEnvelope } from '@relief/contracts';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { describeKafkaError, kafkaConnection } from '../kafka/kafka-connection';
import type { KafkaSecurity } from '../messaging.options';

export interface EventTapOptions {
  brokers: string[];
  /** TLS and SASL/SCRAM, as the services' MessagingOptions.security. */
  security?: KafkaSecurity;
  clientId: string;
  /** A group of its own: the tap reads every partition, independently of the services. */
  groupId: string;
  /** Logical topics (incident.events ...); the prefix is added. */
  topics: readonly string[];
  topicPrefix?: string;
  /** Start from the earliest kept message for a new group (default false: only what comes next). */
  fromBeginning?: boolean;
  sessionTimeout?: number;
  heartbeatInterval?: number;
}

export type TapState = 'stopped' | 'starting' | 'running' | 'crashed';

/**
 * Reads events as they pass, without the inbox, retries or dead letters of KafkaEventServer: for
 * a reader that keeps nothing and changes nothing (the console gateway pushing events to
 * browsers). Each decoded, valid envelope goes to `onEvent`; undecodable messages are skipped
 * (the services dead-letter them). Offsets are committed as read.
 */
export class KafkaEventTap {
  private readonly log = new Logger('EventTap');
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private state: TapState = 'stopped';
  private lastError?: string;
  private restartTimer?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly options: EventTapOptions,
    private readonly onEvent: (envelope: EventEnvelope, topic: string) => void,
  ) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...kafkaConnection(options.security),
      logLevel: logLevel.ERROR,
      retry: { initialRetryTime: 300, retries: 5 },
    });
  }

  status(): { state: TapState; error?: string } {
    return { state: this.state, ...(this.lastError ? { error: this.lastError } : {}) };
  }

  async start(): Promise<void> {
    this.closing = false;
    this.state = 'starting';
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeout ?? 30_000,
      heartbeatInterval: this.options.heartbeatInterval ?? 3_000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.lastError = describeKafkaError(payload.error, this.options.security);
      if (!payload.restart) this.scheduleRestart();
    });
    try {
      await consumer.connect();
      const prefix = this.options.topicPrefix ?? '';
      await consumer.subscribe({
        topics: this.options.topics.map((t) => `${prefix}${t}`),
        fromBeginning: this.options.fromBeginning ?? false,
      });
      await consumer.run({
        eachMessage: async ({ topic, message }) => {
          const decoded = decodeEvent(message.value);
          if (!decoded.ok) {
            this.log.warn(`skipped a message on ${topic}: ${decoded.reason} (${decoded.detail})`);
            return;
          }
          try {
            this.onEvent(decoded.envelope, topic.slice(prefix.length));
          } catch (error) {
            this.log.error(`event ${decoded.envelope.id} not passed on: ${String(error)}`);
          }
        },
      });
      this.state = 'running';
      this.lastError = undefined;
    } catch (error) {
      this.lastError = describeKafkaError(error, this.options.security);
      this.log.warn(`could not start: ${this.lastError}; retrying`);
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    this.state = 'crashed';
    if (this.closing || this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.consumer
        ?.disconnect()
        .catch(() => undefined)
        .then(() => (this.closing ? undefined : this.start()));
    }, 2_000);
  }

  async stop(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.consumer?.disconnect().catch(() => undefined);
    this.state = 'stopped';
  }
}
