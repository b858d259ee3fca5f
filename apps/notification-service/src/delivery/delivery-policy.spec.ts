import { afterAttempt, DeliveryError } from './delivery-policy';

const policy = { initialMs: 1000, maxMs: 60_000, jitter: 0, maxAttempts: 4 };
const now = new Date('2024-04-01T00:00:00Z');

describe('afterAttempt', () => {
  it('records the provider id when sent', () => {
    expect(afterAttempt(1, { providerMessageId: 'm1' }, policy, now)).toEqual({
      status: 'sent',
      providerMessageId: 'm1',
    });
  });

  it('retries transient failures with exponential backoff', () => {
    const first = afterAttempt(1, { error: new Error('ECONNREFUSED') }, policy, now);
    const third = afterAttempt(
      3,
      { error: new DeliveryError('451 try later', false) },
      policy,
      now,
    );
    expect(first).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + 1000),
      error: 'ECONNREFUSED',
    });
    expect(third).toMatchObject({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + 4000),
    });
  });

  it('gives up on permanent errors at once and on transient ones after the last attempt', () => {
    expect(
      afterAttempt(1, { error: new DeliveryError('unknown subscriber', true) }, policy, now),
    ).toEqual({
      status: 'failed',
      error: 'unknown subscriber',
    });
    expect(
      afterAttempt(
        1,
        { error: new DeliveryError('timeout', false, { inDoubt: true }) },
        policy,
        now,
      ),
    ).toEqual({
      status: 'unknown',
      error: 'timeout',
    });
    expect(afterAttempt(4, { error: new Error('timeout') }, policy, now)).toMatchObject({
      status: 'failed',
    });
  });
});
