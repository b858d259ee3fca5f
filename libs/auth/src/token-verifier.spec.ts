import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import {
  algorithmsFor,
  InvalidTokenError,
  TokenKeysUnavailableError,
  TokenVerifier,
} from './token-verifier';

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
          .setExpirationTime('5m')
          .sign(ec.privateKey),
      /claim iss/,
    ],
    [
      'for another audience',
      () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience('other')
          .setExpirationTime('5m')
          .sign(ec.privateKey),
      /claim aud/,
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
    // Each of these reached node's crypto with a key of the wrong kind, and answered 500.
    ['RS256 signed by an RSA key', () => sign({ sub: 'x' }, rsa.privateKey, 'RS256'), /algorithm/],
    ['PS256 signed by an RSA key', () => sign({ sub: 'x' }, rsa.privateKey, 'PS256'), /algorithm/],
    [
      'ES384 signed by a P-384 key',
      () =>
        sign({ sub: 'x' }, generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'ES384'),
      /algorithm/,
    ],
    [
      'EdDSA signed by an Ed25519 key',
      () => sign({ sub: 'x' }, generateKeyPairSync('ed25519').privateKey, 'EdDSA'),
      /algorithm/,
    ],
    [
      'ES256 whose header claims RS256',
      async () => {
        const [, payload, signature] = (await sign({ sub: 'x' })).split('.');
        const header = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      /algorithm/,
    ],
    [
      'without exp',
      () =>
        new SignJWT({ sub: 'x', roles: ['admin'] })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt()
          .sign(ec.privateKey),
      /exp/,
    ],
    [
      'that lives a year',
      () =>
        new SignJWT({ sub: 'x', roles: ['admin'] })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime('365d')
          .sign(ec.privateKey),
      /longer than/,
    ],
    [
      'that lives two days and says nothing of when it was issued',
      () =>
        new SignJWT({ sub: 'x', roles: ['admin'] })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setExpirationTime('2d')
          .sign(ec.privateKey),
      /longer than/,
    ],
    [
      'not yet valid',
      () =>
        new SignJWT({ sub: 'x', roles: ['admin'] })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setNotBefore('1h')
          .setExpirationTime('2h')
          .sign(ec.privateKey),
      /nbf/,
    ],
  ])('refuses a token %s', async (_case, make, message) => {
    const refusal = verifier.verify(await make());
    await expect(refusal).rejects.toThrow(message);
    await expect(refusal).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('reads a token without a known role as one with no roles (the guard then refuses it)', async () => {
    await expect(verifier.verify(await sign({ sub: 'x', roles: ['viewer'] }))).resolves.toEqual({
      sub: 'x',
      roles: [],
      org: undefined,
    });
    await expect(verifier.verify(await sign({ sub: 'x' }))).resolves.toMatchObject({ roles: [] });
  });

  it('names the algorithms from the key', () => {
    expect(algorithmsFor(ec.publicKey)).toEqual(['ES256']);
    expect(algorithmsFor(rsa.publicKey)).toEqual(['RS256', 'RS384', 'RS512']);
    expect(algorithmsFor(generateKeyPairSync('ed25519').publicKey)).toEqual(['EdDSA']);
  });

  describe('with a JWKS endpoint', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      server = createServer((_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const signWithKid = (key: KeyObject, alg: string) =>
      new SignJWT({ sub: 'op-1', roles: ['operator'] })
        .setProtectedHeader({ alg, kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);

    it('accepts a token signed by a key it publishes', async () => {
      const jwks = new TokenVerifier({ jwksUrl: url, issuer, audience });
      await expect(jwks.verify(await signWithKid(rsa.privateKey, 'RS256'))).resolves.toMatchObject({
        sub: 'op-1',
        roles: ['operator'],
      });
    });

    it("refuses, as the token's fault, one signed by a key of another kind", async () => {
      const jwks = new TokenVerifier({ jwksUrl: url, issuer, audience });
      const refusal = jwks.verify(await signWithKid(ec.privateKey, 'ES256'));
      await expect(refusal).rejects.toBeInstanceOf(InvalidTokenError);
    });

    it('reports keys it cannot fetch as unavailable, not as a bad token', async () => {
      const down = new TokenVerifier({
        jwksUrl: 'http://127.0.0.1:9/certs',
        issuer,
        audience,
      });
      await expect(down.verify(await signWithKid(rsa.privateKey, 'RS256'))).rejects.toBeInstanceOf(
        TokenKeysUnavailableError,
      );
    });
  });
});
