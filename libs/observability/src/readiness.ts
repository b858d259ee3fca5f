import { Injectable } from '@nestjs/common';

export interface ReadinessResult {
  up: boolean;
  detail?: Record<string, unknown>;
}

/** A dependency the service cannot do its job without (database, Kafka consumer, SMTP ...). */
export type ReadinessCheck = () => Promise<ReadinessResult>;

/** Modules register what they depend on; `/ready` asks them all. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks];
  }
}
