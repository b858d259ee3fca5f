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

/** Where dependency state changes go: a Nest Logger fits. */
export interface StateChangeLog {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * Remembers each dependency's last state and logs one short line when it changes, so probes
 * every second during start-up or an outage do not repeat the same news. A dependency first
 * seen up says nothing; losing one that was up is a warning; the rest (starting, recovering)
 * is info.
 */
export class DependencyStateTracker {
  private readonly states = new Map<string, string>();

  constructor(private readonly logger: StateChangeLog) {}

  observe(name: string, result: ReadinessResult): void {
    const state = stateOf(result);
    const previous = this.states.get(name);
    if (previous === state) return;
    this.states.set(name, state);
    if (previous === undefined && state === 'up') return;
    const change = previous === undefined ? state : `${previous} → ${state}`;
    const reason = state === 'up' ? undefined : reasonOf(result);
    const line = `${name}: ${change}${reason ? ` (${reason})` : ''}`;
    if (previous === 'up') this.logger.warn(line);
    else this.logger.log(line);
  }
}

/** `up`, or what the check says it is doing instead (a consumer `starting`), or `down`. */
function stateOf({ up, detail }: ReadinessResult): string {
  if (up) return 'up';
  return typeof detail?.state === 'string' && detail.state !== '' ? detail.state : 'down';
}

function reasonOf({ detail }: ReadinessResult): string | undefined {
  const reason = detail?.error ?? detail?.lastError ?? detail?.message;
  if (typeof reason !== 'string' || reason === '') return undefined;
  const line = reason.split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
