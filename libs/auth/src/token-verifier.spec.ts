import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const issuer = 'relief-dev';
const audience = 'relief-platform';

function keyFile(publicKey: KeyObject): string {
  const file = join(mkdtempSync(join(tmpdir(), 'auth-')), 'public.pem');
  writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
  return file;
}

describe('TokenVerifier', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const verifier = new TokenVerifier({ publicKeyFile: keyFile(ec.publicKey), issuer, audience });

  const sign = (claims: Record<string, unknown>, key: KeyObject = ec.privateKey, alg = 'ES256') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('accepts a valid ES256 token and reads sub, roles and org', async () => {
    const token = await sign({ sub: 'aliya', roles: ['agency', 'unknown-role'], org: 'unicef' });
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'aliya',
      roles: ['agency'],
      org: 'unicef',
    });
  });

  it('accepts RS256 and Keycloak-style realm roles', async () => {
    const rsaVerifier = new TokenVerifier({
      publicKeyFile: keyFile(rsa.publicKey),
      issuer,
      audience,
    });
    const token = await sign(
      { sub: 'op-1', realm_access: { roles: ['operator'] } },
      rsa.privateKey,
      'RS256',
    );
    await expect(rsaVerifier.verify(token)).resolves.toMatchObject({ roles: ['operator'] });
  });

  it.each([
    [
      'signed by another key',
      () => sign({ sub: 'x' }, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
      /signature/,
    ],
    [
      'expired',
      () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(ec.privateKey),
      /expired/,
    ],
    [
      'from another issuer',
      () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer('evil')
          .setAudience(audience)
          .sign(ec.privateKey),
      /"iss"/,
    ],
    [
      'for another audience',
      () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience('other')
          .sign(ec.privateKey),
      /"aud"/,
    ],
    [
      'HS256 with a shared secret',
      () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .sign(new TextEncoder().encode('secret-secret-secret-secret-32by')),
      /algorithm/,
    ],
    ['without a subject', () => sign({ roles: ['admin'] }), /sub/],
    ['an agency without org', () => sign({ sub: 'x', roles: ['agency'] }), /org/],
    ['garbage', async () => 'not.a.jwt', /malformed/],
  ])('refuses a token %s', async (_case, make, message) => {
    await expect(verifier.verify(await make())).rejects.toThrow(message);
  });
});
