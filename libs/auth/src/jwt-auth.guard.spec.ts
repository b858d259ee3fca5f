import { bearerChallenge } from './jwt-auth.guard';

describe('bearerChallenge', () => {
  // RFC 6750 §3: error_description holds %x20-21 / %x23-5B / %x5D-7E only; no escaping exists.
  const quotedValue = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

  it('names only the realm when no token was sent', () => {
    expect(bearerChallenge()).toBe('Bearer realm="relief"');
  });

  it('keeps quotes, backslashes and non-ASCII out of error_description', () => {
    const header = bearerChallenge('invalid_token', 'token claim "nbf" \\ is not accepted: ж\r\n');
    expect(header).toBe(
      `Bearer realm="relief", error="invalid_token", error_description="token claim 'nbf' ? is not accepted: ???"`,
    );
    const description = /error_description="(.*)"$/.exec(header)?.[1] ?? '';
    expect(description).toMatch(quotedValue);
  });
});
