export interface BackoffPolicy {
  /** Delay before the first retry. */
  initialMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
  /** Growth per attempt (2 doubles the delay). */
  factor?: number;
  /** Fraction of the delay that is randomised, 0..1, so replicas do not retry in lockstep. */
  jitter?: number;
}

/**
 * Capped exponential backoff: the delay before retry number `attempt` (1 for the first retry).
 * With jitter j the delay is drawn from [d·(1−j), d].
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, factor = 2, jitter = 0.2 } = policy;
  const exponent = Math.max(0, attempt - 1);
  const capped = Math.min(maxMs, initialMs * Math.pow(factor, exponent));
  return Math.round(capped * (1 - jitter * random()));
}
