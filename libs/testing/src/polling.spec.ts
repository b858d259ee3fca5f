import { describeError, eventually } from './polling';

describe('eventually', () => {
  it('returns the first value accepted', async () => {
    let n = 0;
    await expect(
      eventually(
        async () => ++n,
        (v) => v >= 3,
        'three',
        { intervalMs: 1 },
      ),
    ).resolves.toBe(3);
  });

  it('times out showing the last value seen', async () => {
    await expect(
      eventually(
        async () => ({ n: 1 }),
        () => false,
        'never',
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow('timed out after 20 ms waiting for never; last: {"n":1}');
  });

  it('fails at once when the probe throws, unless told to retry', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3)
        throw new Error('refused', { cause: { message: 'socket', code: 'ECONNREFUSED' } });
      return calls;
    };
    await expect(eventually(flaky, () => true, 'x', { intervalMs: 1 })).rejects.toThrow('refused');
    calls = 0;
    await expect(
      eventually(flaky, () => true, 'x', { intervalMs: 1, retryErrors: true }),
    ).resolves.toBe(3);
    await expect(
      eventually(
        () => Promise.reject(new Error('down')),
        () => true,
        'y',
        {
          timeoutMs: 10,
          intervalMs: 2,
          retryErrors: true,
        },
      ),
    ).rejects.toThrow('last: "down"');
    expect(describeError(new Error('a', { cause: { message: 'b', code: 'E' } }))).toBe('a: b [E]');
  });
});
