/**
 * A token bucket per channel: `ratePerSecond` sustained, bursts up to the same number. Providers
 * throttle or ban senders that exceed their contract, so we stay below it ourselves.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity = ratePerSecond,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes up to `wanted` tokens; returns how many it could take. */
  take(wanted: number): number {
    const now = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
    );
    this.last = now;
    const taken = Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
    this.tokens -= taken;
    return taken;
  }

  /** Gives back tokens taken but not used (fewer rows were pending than tokens taken). */
  giveBack(count: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + count);
  }
}
