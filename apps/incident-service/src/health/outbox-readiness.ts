import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingHealth } from '@relief/messaging';
import { ReadinessRegistry } from '@relief/observability';

/**
 * /ready includes the outbox relay: while it cannot reach Kafka, incidents are still stored but
 * their events wait in the outbox, and the backlog shows how far behind downstream services are.
 */
@Injectable()
export class OutboxReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly messaging: MessagingHealth,
  ) {}

  onModuleInit(): void {
    this.registry.register('kafka-outbox', async () => {
      const status = await this.messaging.status();
      return {
        up: this.messaging.isRelayHealthy(),
        detail: {
          relayRunning: status.relay.running,
          consecutiveFailures: status.relay.consecutiveFailures,
          lastError: status.relay.lastError,
          pendingEvents: status.outbox.pending,
          oldestPendingAgeMs: status.outbox.oldestPendingAgeMs,
        },
      };
    });
  }
}
