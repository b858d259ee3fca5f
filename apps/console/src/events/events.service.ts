import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ALL_TOPICS, type EventEnvelope } from '@relief/contracts';
import { kafkaSecurity, KafkaEventTap } from '@relief/messaging';
import { ReadinessRegistry } from '@relief/observability';
import { ConsoleConfig } from '../console.config';
import { EventBuffer } from './event-buffer';
import type { ConsoleEvent } from './event-filter';

type Listener = (event: ConsoleEvent) => void;

/**
 * The platform's events as they pass on Kafka (a tap with the gateway's own consumer group),
 * kept in a ring buffer and handed to every open stream.
 */
@Injectable()
export class EventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Events');
  readonly buffer = new EventBuffer(1_000);
  private readonly listeners = new Set<Listener>();
  private readonly tap: KafkaEventTap;

  constructor(config: ConsoleConfig, readiness: ReadinessRegistry) {
    this.tap = new KafkaEventTap(
      {
        brokers: config.KAFKA_BROKERS,
        security: kafkaSecurity(config),
        clientId: config.KAFKA_CLIENT_ID,
        groupId: config.KAFKA_GROUP_ID,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        topics: ALL_TOPICS,
        fromBeginning: config.CONSOLE_EVENTS_FROM === 'earliest',
        sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      },
      (envelope) => this.publish(envelope),
    );
    readiness.register('kafka-tap', () => {
      const status = this.tap.status();
      return Promise.resolve({ up: status.state === 'running', detail: { ...status } });
    });
  }

  onApplicationBootstrap(): void {
    // Not awaited: the HTTP side starts while the tap joins its group (/ready says when it has).
    void this.tap.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tap.stop();
  }

  publish(envelope: EventEnvelope): ConsoleEvent {
    const event = this.buffer.add({
      type: envelope.type,
      aggregateId: envelope.aggregateId,
      occurredAt: envelope.occurredAt,
      payload: { ...(envelope.payload as Record<string, unknown>) },
    });
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn(`a stream failed: ${String(error)}`);
      }
    }
    return event;
  }

  /** Calls `listener` with every new event until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
