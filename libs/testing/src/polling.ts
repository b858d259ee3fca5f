/**
 * Waiting for what travels through Kafka, for every test, the fault tests and the demo. Plain
 * Node: `npm run demo` (tsx, no Nest) imports this file directly.
 */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The error's message and those of its causes (fetch hides the socket's error in `cause`). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && parts.length < 4) {
    // Not `instanceof Error`: fetch's errors come from another realm than jest's test context.
    if (typeof current !== 'object' || !('message' in current)) {
      parts.push(JSON.stringify(current));
      break;
    }
    const { message, code, cause } = current as {
      message: unknown;
      code?: unknown;
      cause?: unknown;
    };
    parts.push(typeof code === 'string' ? `${String(message)} [${code}]` : String(message));
    current = cause;
  }
  return parts.join(': ');
}

export interface Polling {
  /** How long to wait at most; 30 s unless said. */
  timeoutMs?: number;
  /** The pause between probes; 250 ms unless said. */
  intervalMs?: number;
  /**
   * A probe that throws counts as "not yet" (its error is the last value seen) instead of
   * failing at once: for the fault tests, whose services are killed and restarted under them.
   */
  retryErrors?: boolean;
}

/** Polls `probe` until `accept` holds; fails after `timeoutMs` showing the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  { timeoutMs = 30_000, intervalMs = 250, retryErrors = false }: Polling = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      if (!retryErrors) throw error;
      last = describeError(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`,
      );
    }
    await sleep(intervalMs);
  }
}
