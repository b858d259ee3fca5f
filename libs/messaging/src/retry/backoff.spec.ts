import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1_000, jitter: 0 };

  it('doubles from the initial delay', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffDelay(5, policy)).toBe(1_000);
    expect(backoffDelay(10_000, policy)).toBe(1_000);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(backoffDelay(0, policy)).toBe(100);
  });

  it('honours another factor', () => {
    expect(backoffDelay(3, { ...policy, factor: 3 })).toBe(900);
  });

  it('takes up to `jitter` of the delay off, at random', () => {
    const jittery = { initialMs: 1_000, maxMs: 10_000, jitter: 0.5 };
    expect(backoffDelay(1, jittery, () => 0)).toBe(1_000);
    expect(backoffDelay(1, jittery, () => 0.999999)).toBe(500);
    expect(backoffDelay(1, jittery, () => 0.5)).toBe(750);
  });

  it('defaults to 20 % jitter', () => {
    const delays = Array.from({ length: 200 }, () =>
      backoffDelay(1, { initialMs: 1_000, maxMs: 1_000 }),
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_000);
  });
});
