import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

describe('unsubscribe token', () => {
  const secret = 'a-secret-of-enough-length';
  it('round-trips and rejects tampering or another secret', () => {
    const token = signUnsubscribeToken('2b1c4c1e-0000-4000-8000-000000000001', secret);
    expect(verifyUnsubscribeToken(token, secret)).toBe('2b1c4c1e-0000-4000-8000-000000000001');
    expect(verifyUnsubscribeToken(token.replace('0001.', '0002.'), secret)).toBeNull();
    expect(verifyUnsubscribeToken(token, 'another-secret-value')).toBeNull();
    expect(verifyUnsubscribeToken('garbage', secret)).toBeNull();
  });
});
