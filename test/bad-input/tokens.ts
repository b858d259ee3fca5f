/**
 * Bearer tokens no service may accept as an identity, computed once per test file: signed with
 * every JOSE algorithm and key kind (RSA, RSA-PSS, EC P-256/P-384/P-521, Ed25519, HMAC, none),
 * with our own key but a registered claim missing or wrong, and validly signed ones whose
 * identity is unusable (no role, unknown roles, an agency without organisation).
 *
 * `expect` is the answer on an endpoint that is not public: 401 for a token that is not valid,
 * 403 for a valid token that carries no role the platform knows.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT, type JWTPayload } from 'jose';
import { testAuthEnv, TEST_ENV } from '@relief/testing';

export interface BadToken {
  value: string;
  label: string;
  expect: 401 | 403;
}

/** Validly signed tokens whose identity is of no use: refused on every endpoint that is not public. */
export const STRANGERS = {
  /** Signed by the platform's issuer, but without any role. */
  noRole: { sub: 'stranger-no-role' },
  /** Roles of another application of the same provider; an org, which must not matter. */
  unknownRole: { sub: 'stranger-unknown-role', roles: ['viewer', 'superuser'], org: 'UNICEF' },
  /** The agency role without the organisation every agency filter needs. */
  orglessAgency: { sub: 'stranger-orgless', roles: ['agency'] },
} as const;
export type Stranger = keyof typeof STRANGERS;

export const STRANGER_REFUSAL: Record<Stranger, 401 | 403> = {
  noRole: 403,
  unknownRole: 403,
  orglessAgency: 401,
};

interface Signing {
  claims?: JWTPayload;
  /** Registered claims to leave out: iss, aud, iat, exp. */
  without?: readonly ('iss' | 'aud' | 'iat' | 'exp')[];
  /** Overrides of the registered claims (numbers are seconds from now for exp/nbf/iat). */
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
}

const now = () => Math.floor(Date.now() / 1000);

/** Signs `claims` as the platform's issuer would, with `key` and `alg`, spoiling what `s` says. */
export async function signClaims(
  key: KeyObject | Uint8Array,
  alg: string,
  s: Signing = {},
): Promise<string> {
  const { AUTH_ISSUER, AUTH_AUDIENCE } = testAuthEnv();
  const without = new Set(s.without ?? []);
  const jwt = new SignJWT({ sub: 'intruder', roles: ['admin'], ...s.claims }).setProtectedHeader({
    alg,
    typ: 'JWT',
  });
  if (!without.has('iss')) jwt.setIssuer(s.iss ?? AUTH_ISSUER);
  if (!without.has('aud')) jwt.setAudience(s.aud ?? AUTH_AUDIENCE);
  if (!without.has('iat')) jwt.setIssuedAt(now() + (s.iat ?? 0));
  if (!without.has('exp')) jwt.setExpirationTime(now() + (s.exp ?? 3_600));
  if (s.nbf !== undefined) jwt.setNotBefore(now() + s.nbf);
  return jwt.sign(key);
}

function ownKey(): { privateKey: KeyObject; publicDer: Uint8Array } {
  const privateKey = createPrivateKey(readFileSync(process.env[TEST_ENV.authPrivateKeyFile]!));
  const publicPem = readFileSync(process.env[TEST_ENV.authPublicKeyFile]!);
  const publicDer = new Uint8Array(
    createPublicKey(publicPem).export({ type: 'spki', format: 'der' }),
  );
  return { privateKey, publicDer };
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A validly signed token for each stranger (the matrix's callers). */
export async function strangerTokens(): Promise<Record<Stranger, string>> {
  const { privateKey } = ownKey();
  const entries = await Promise.all(
    (Object.keys(STRANGERS) as Stranger[]).map(
      async (who) =>
        [
          who,
          await signClaims(privateKey, 'ES256', {
            claims: { roles: undefined, ...STRANGERS[who] },
          }),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Stranger, string>;
}

/** Every kind of token that must not pass as an identity. */
export async function badTokens(): Promise<BadToken[]> {
  const own = ownKey();
  const pair = (type: 'rsa' | 'rsa-pss' | 'ed25519' | 'ec', curve?: string) =>
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: curve! }).privateKey
      : type === 'ed25519'
        ? generateKeyPairSync('ed25519').privateKey
        : generateKeyPairSync(type as 'rsa', { modulusLength: 2048 }).privateKey;
  const rsa = pair('rsa');
  const foreign: [string, KeyObject | Uint8Array, string][] = [
    ['RS256', rsa, 'an RSA key'],
    ['RS384', rsa, 'an RSA key'],
    ['RS512', rsa, 'an RSA key'],
    ['PS256', rsa, 'an RSA key'],
    ['PS384', pair('rsa-pss'), 'an RSA-PSS key'],
    ['ES256', pair('ec', 'P-256'), 'another P-256 key'],
    ['ES384', pair('ec', 'P-384'), 'a P-384 key'],
    ['ES512', pair('ec', 'P-521'), 'a P-521 key'],
    ['EdDSA', pair('ed25519'), 'an Ed25519 key'],
    ['HS256', new TextEncoder().encode('a-shared-secret-of-32-bytes-long'), 'a shared secret'],
    ['HS384', new TextEncoder().encode('a'.repeat(48)), 'a shared secret'],
    ['HS512', new TextEncoder().encode('b'.repeat(64)), 'a shared secret'],
    ['HS256', own.publicDer, 'the public key as an HMAC secret'],
  ];
  const tokens: BadToken[] = [];
  for (const [alg, key, what] of foreign) {
    tokens.push({
      value: await signClaims(key, alg),
      label: `${alg} signed by ${what}`,
      expect: 401,
    });
  }
  const valid = await signClaims(own.privateKey, 'ES256');
  const [header, payload, signature] = valid.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload;
  tokens.push(
    {
      value: `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      label: 'alg none',
      expect: 401,
    },
    {
      value: `${encode({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`,
      label: 'our signature under an RS256 header',
      expect: 401,
    },
    {
      value: `${header}.${encode({ ...claims, roles: ['admin', 'operator'] })}.${signature}`,
      label: 'a changed payload',
      expect: 401,
    },
  );
  const spoilt: [string, Signing][] = [
    ['without exp', { without: ['exp'] }],
    ['without exp and iat', { without: ['exp', 'iat'] }],
    ['without iss', { without: ['iss'] }],
    ['without aud', { without: ['aud'] }],
    ['from another issuer', { iss: 'https://evil.example/realms/relief' }],
    ['for another audience', { aud: 'account' }],
    ['expired', { exp: -120 }],
    ['not yet valid (nbf)', { nbf: 3_600, exp: 7_200 }],
    ['living a year', { exp: 365 * 86_400 }],
    ['living two days without iat', { without: ['iat'], exp: 2 * 86_400 }],
    ['without sub', { claims: { sub: undefined } }],
    ['with an empty sub', { claims: { sub: '' } }],
    ['with a numeric sub', { claims: { sub: 42 as unknown as string } }],
  ];
  for (const [label, s] of spoilt) {
    tokens.push({ value: await signClaims(own.privateKey, 'ES256', s), label, expect: 401 });
  }
  const roleless: [string, JWTPayload, 401 | 403][] = [
    ...(Object.keys(STRANGERS) as Stranger[]).map((who): [string, JWTPayload, 401 | 403] => [
      `stranger ${who}`,
      { ...STRANGERS[who], roles: (STRANGERS[who] as { roles?: string[] }).roles },
      STRANGER_REFUSAL[who],
    ]),
    ['roles as a string', { roles: 'admin' }, 403],
    ['roles of objects', { roles: [{ name: 'admin' }] }, 403],
    ['an upper-case role', { roles: ['ADMIN'] }, 403],
    ['an empty roles list', { roles: [] }, 403],
    [
      'Keycloak realm roles of another app',
      { roles: undefined, realm_access: { roles: ['uma_authorization'] } },
      403,
    ],
    ['an agency with a blank org', { roles: ['agency'], org: '  ' }, 401],
    ['an agency with a numeric org', { roles: ['agency'], org: 7 }, 401],
  ];
  for (const [label, extra, expect] of roleless) {
    tokens.push({
      value: await signClaims(own.privateKey, 'ES256', { claims: { sub: 'stranger', ...extra } }),
      label,
      expect,
    });
  }
  return tokens;
}
