import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ServiceConfig } from '@relief/config';
import { IdempotencyStore } from './idempotency.store';

const PRUNE_INTERVAL_MS = 3600_000;

/**
 * Deletes keys older than IDEMPOTENCY_RETENTION_HOURS once an hour (every replica does; the
 * deletes do not conflict). Keys live at least that long, so a retry within it is recognised.
 */
@Injectable()
export class IdempotencyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<number> {
    try {
      const pruned = await this.store.prune(this.config.IDEMPOTENCY_RETENTION_HOURS);
      if (pruned > 0) this.logger.log(`pruned ${pruned} idempotency keys`);
      return pruned;
    } catch (error) {
      this.logger.warn(
        `pruning idempotency keys failed (${error instanceof Error ? error.message : String(error)}); next try in an hour`,
      );
      return 0;
    }
  }
}
