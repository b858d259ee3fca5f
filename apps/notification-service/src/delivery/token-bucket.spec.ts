import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst up to capacity, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 5, () => now);
    expect(bucket.take(10)).toBe(5);
    expect(bucket.take(1)).toBe(0);
    now = 400; // 0.4 s → 2 tokens
    expect(bucket.take(10)).toBe(2);
    now = 10_000;
    expect(bucket.take(10)).toBe(5); // never beyond capacity
    bucket.giveBack(3);
    expect(bucket.take(10)).toBe(3);
  });
});
