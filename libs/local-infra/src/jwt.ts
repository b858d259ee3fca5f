import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { ensureDevKeys } from './dev-keys';
import { AUTH_PATHS } from './paths';

/**
 * The local OIDC provider's issuer (libs/local-infra/src/oidc, default port 3010): `npm run token`
 * mints with it, so its tokens and the provider's are accepted by the same services.
 */
export const DEV_ISSUER = 'http://127.0.0.1:3010';
export const DEV_AUDIENCE = 'relief-platform';
/** Same list as libs/auth's ROLES (deploy scripts do not import service code). */
export const ROLES = ['operator', 'agency', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenOptions {
  /** One role, several, or a comma-separated list ("operator,admin"). */
  role: string | readonly string[];
  /** Partner organisation; required for agency tokens (libs/auth refuses them otherwise). */
  org?: string;
  /** Defaults to dev-<first role>. */
  sub?: string;
  /** Seconds, or a number with a unit: 90s, 30m, 8h, 1d. Default 8h, at most 24h. */
  ttl?: string | number;
  /** `iss`; default DEV_ISSUER. */
  issuer?: string;
}

export interface TokenClaims {
  sub: string;
  roles: Role[];
  org?: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

export function parseRoles(role: string | readonly string[]): Role[] {
  const names = (typeof role === 'string' ? [role] : [...role])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  if (names.length === 0) throw new Error(`At least one role is needed: ${ROLES.join(', ')}`);
  const unknown = names.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0)
    throw new Error(`Unknown role "${unknown[0]}". Roles: ${ROLES.join(', ')}`);
  return [...new Set(names)] as Role[];
}

export function parseTtlSeconds(ttl: string | number): number {
  if (typeof ttl === 'number') return ttl;
  const match = /^(\d+)\s*([smhd]?)$/.exec(ttl.trim());
  if (!match) throw new Error(`Invalid ttl "${ttl}": use e.g. 3600, 90s, 30m, 8h, 7d`);
  const unitSeconds: Record<string, number> = { '': 1, s: 1, m: 60, h: 3_600, d: 86_400 };
  return Number(match[1]) * unitSeconds[match[2]];
}

/** What the services accept by default (AUTH_MAX_TOKEN_LIFETIME_S). */
export const MAX_TTL_SECONDS = 86_400;

export function tokenClaims(options: TokenOptions): TokenClaims {
  const roles = parseRoles(options.role);
  if (roles.includes('agency') && !options.org) {
    throw new Error(
      'Agency tokens must name their organisation: add --org <code> (e.g. --org unicef).',
    );
  }
  const ttlSeconds = parseTtlSeconds(options.ttl ?? '8h');
  if (ttlSeconds > MAX_TTL_SECONDS) {
    throw new Error(
      `A token may live 24h at most (the services refuse longer ones): --ttl ${ttlSeconds}s`,
    );
  }
  return { sub: options.sub ?? `dev-${roles[0]}`, roles, org: options.org, ttlSeconds };
}

/** ES256 JWT with the claims our services expect (libs/auth): sub, roles, org, iss, aud, iat, exp. */
export async function signToken(options: TokenOptions, privateKeyPem: string): Promise<string> {
  const claims = tokenClaims(options);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: claims.roles, ...(claims.org ? { org: claims.org } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + claims.ttlSeconds)
    .sign(createPrivateKey(privateKeyPem));
}

/** A token for locally started services, signed with .local/auth/dev-private.pem (created when missing). */
export async function mintDevToken(options: TokenOptions): Promise<string> {
  ensureDevKeys();
  return signToken(options, readFileSync(AUTH_PATHS.privateKey, 'utf8'));
}
