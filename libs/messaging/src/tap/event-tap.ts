import { randomUUID } from 'node:crypto';
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
  /**
   * Names the tap's consumer group: it joins `<groupId>.<random>`, a group of this process alone,
   * so it reads every partition, independently of the services and of the other replicas of its
   * app (replicas sharing one group would each see only their share of the partitions).
   */
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
  /** This process's group; kept across the tap's own restarts, so it resumes where it was. */
  readonly groupId: string;

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
    this.groupId = `${options.groupId}.${randomUUID().slice(0, 8)}`;
  }

  status(): { state: TapState; error?: string } {
    return { state: this.state, ...(this.lastError ? { error: this.lastError } : {}) };
  }

  async start(): Promise<void> {
    this.closing = false;
    this.state = 'starting';
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
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

  /** Leaves the group and deletes it (no later process joins it again). */
  async stop(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    if (this.consumer) {
      await this.consumer.disconnect().catch(() => undefined);
      await this.deleteGroup();
    }
    this.state = 'stopped';
  }

  /** Best effort: a group left behind (after a kill) expires with its offsets. */
  private async deleteGroup(): Promise<void> {
    // One retry: shutdown must not wait long for a broker that is gone.
    const admin = this.kafka.admin({ retry: { retries: 1 } });
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.log.warn(`could not delete group ${this.groupId}: ${describeKafkaError(error)}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
