/**
 * Open-loop load: the i-th call is due at start + i / rate whatever happened to the earlier
 * ones, as when operators across the country file independently of each other. Latencies are
 * measured from the due time, not from when the call actually left, so a slow server (or a
 * busy generator) shows in the figures instead of silently lowering the rate (coordinated
 * omission).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { nowMs, sleep } from './stats';

export interface Shot<T> {
  index: number;
  dueAt: number;
  /** When the call actually started (later than dueAt when the generator fell behind). */
  startedAt: number;
  doneAt: number;
  result?: T;
  error?: string;
}

export interface OpenLoopResult<T> {
  shots: Shot<T>[];
  /** Calls not made because `maxInFlight` calls were already waiting (counted as failures). */
  skipped: number;
  /** How late calls started, p99, ms: the generator's own lateness. */
  startLagP99Ms: number;
  /** Event loop delay of the generator's process during the phase, p99, ms. */
  eventLoopDelayP99Ms: number;
  /** Calls launched per second, as achieved. */
  achievedRate: number;
  seconds: number;
}

export async function openLoop<T>(options: {
  rate: number;
  seconds: number;
  maxInFlight: number;
  fire: (index: number, dueAt: number) => Promise<T>;
}): Promise<OpenLoopResult<T>> {
  const { rate, seconds, maxInFlight, fire } = options;
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const shots: Shot<T>[] = [];
  const running = new Set<Promise<void>>();
  const startLags: number[] = [];
  let skipped = 0;
  const start = nowMs() + 20;
  let next = 0;
  while (next < total) {
    const now = nowMs();
    while (next < total && start + next * interval <= now) {
      const dueAt = start + next * interval;
      const index = next;
      next += 1;
      if (running.size >= maxInFlight) {
        skipped += 1;
        continue;
      }
      const shot: Shot<T> = { index, dueAt, startedAt: nowMs(), doneAt: 0 };
      startLags.push(shot.startedAt - dueAt);
      shots.push(shot);
      const call = fire(index, dueAt).then(
        (result) => {
          shot.result = result;
        },
        (error: unknown) => {
          shot.error = error instanceof Error ? error.message : String(error);
        },
      );
      const tracked: Promise<void> = call.finally(() => {
        shot.doneAt = nowMs();
        running.delete(tracked);
      });
      running.add(tracked);
    }
    if (next < total) await sleep(Math.min(5, start + next * interval - nowMs()));
  }
  const launchedFor = (nowMs() - start) / 1000;
  await Promise.all(running);
  delay.disable();
  startLags.sort((a, b) => a - b);
  return {
    shots,
    skipped,
    startLagP99Ms: startLags[Math.floor(startLags.length * 0.99)] ?? 0,
    eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
    achievedRate: (total - skipped) / Math.max(launchedFor, seconds),
    seconds,
  };
}
