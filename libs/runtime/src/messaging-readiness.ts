import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingHealth } from '@relief/messaging';
import { ReadinessRegistry } from '@relief/observability';

/**
 * /ready includes Kafka: a broker answering at all (a service that only publishes would not
 * notice it gone until it next sends), the consumer (while it is down, read models and
 * notifications fall behind; a service that consumes nothing reports `not-started`, which is
 * healthy) and the outbox relay (while it cannot publish, changes are stored but their events
 * wait).
 */
@Injectable()
export class MessagingReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly messaging: MessagingHealth,
  ) {}

  onModuleInit(): void {
    this.registry.register('kafka-broker', async () => {
      const probe = await this.messaging.brokerProbe();
      return { up: probe.reachable, detail: probe.error ? { error: probe.error } : {} };
    });
    this.registry.register('kafka-consumer', async () => {
      const { consumer } = await this.messaging.status();
      return {
        up: this.messaging.isConsumerHealthy(),
        detail: { state: consumer.state, lastError: consumer.lastError },
      };
    });
    this.registry.register('kafka-outbox', async () => {
      const status = await this.messaging.status();
      return {
        up: this.messaging.isRelayHealthy(),
        detail: {
          consecutiveFailures: status.relay.consecutiveFailures,
          lastError: status.relay.lastError,
          pendingEvents: status.outbox.pending,
          oldestPendingAgeMs: status.outbox.oldestPendingAgeMs,
        },
      };
    });
  }
}
