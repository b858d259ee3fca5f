import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KafkaEventServer, type ConsumerState } from '../consumer/kafka-event.server';
import { KafkaClient, type BrokerProbe } from '../kafka/kafka-client.service';
import { registerBacklogSource } from '../metrics/messaging.metrics';
import { OutboxRelay } from '../outbox/outbox-relay.service';

export interface OutboxBacklog {
  /** Rows not yet published. */
  pending: number;
  /** Age of the oldest of them; null when none. */
  oldestPendingAgeMs: number | null;
}

export interface MessagingStatus {
  consumer: { state: ConsumerState; healthy: boolean; lastError: string | null };
  producer: { connected: boolean };
  relay: {
    running: boolean;
    listening: boolean;
    consecutiveFailures: number;
    lastError: string | null;
  };
  outbox: OutboxBacklog;
}

/**
 * What readiness checks need from messaging. A crashed consumer (kafkajs gave up) makes
 * `isConsumerHealthy()` false until it rejoined its group.
 */
@Injectable()
export class MessagingHealth implements OnModuleInit, OnModuleDestroy {
  private unregister?: () => void;

  constructor(
    private readonly server: KafkaEventServer,
    private readonly kafka: KafkaClient,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.unregister = registerBacklogSource(async () => (await this.outboxBacklog()).pending);
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** True while consuming, and for a service that consumes nothing. */
  isConsumerHealthy(): boolean {
    return this.server.isHealthy();
  }

  /** The relay connects the producer at start, and on each send after Kafka was down. */
  isProducerConnected(): boolean {
    return this.kafka.isProducerConnected();
  }

  /** Whether a Kafka broker answers now (see KafkaClient.probe). */
  brokerProbe(): Promise<BrokerProbe> {
    return this.kafka.probe();
  }

  /** False while the relay's cycles fail (Kafka or the database unreachable). */
  isRelayHealthy(): boolean {
    return !this.relay.isRunning() || this.relay.consecutiveFailures() === 0;
  }

  async outboxBacklog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query<{ pending: number; oldest: string | null }[]>(
      `SELECT count(*)::int AS pending,
              (extract(epoch FROM now() - min(created_at)) * 1000)::bigint AS oldest
         FROM outbox_events WHERE published_at IS NULL`,
    );
    return {
      pending: row.pending,
      oldestPendingAgeMs: row.oldest === null ? null : Number(row.oldest),
    };
  }

  async status(): Promise<MessagingStatus> {
    return {
      consumer: {
        state: this.server.consumerState(),
        healthy: this.server.isHealthy(),
        lastError: this.server.lastConsumerError() ?? null,
      },
      producer: { connected: this.kafka.isProducerConnected() },
      relay: {
        running: this.relay.isRunning(),
        listening: this.relay.isListening(),
        consecutiveFailures: this.relay.consecutiveFailures(),
        lastError: this.relay.lastError() ?? null,
      },
      outbox: await this.outboxBacklog(),
    };
  }
}
