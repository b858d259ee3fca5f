import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type AuthUser, type Role } from './auth-user';

export interface TokenVerifierOptions {
  /** JWKS endpoint of the identity provider; preferred when set. */
  jwksUrl?: string;
  /** PEM public key (SPKI) file, for set-ups without an identity provider. */
  publicKeyFile?: string;
  issuer: string;
  audience: string;
  /** Longest lifetime (exp − iat, or exp − now without iat) a token may claim. Default 24 h. */
  maxLifetimeSeconds?: number;
}

/** Why a token was refused; the text goes back to the caller, so it names no secrets. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** The identity provider's keys could not be fetched: not the caller's fault, retry later. */
export class TokenKeysUnavailableError extends Error {
  override name = 'TokenKeysUnavailableError';
}

/** What a JWKS may sign with (Keycloak signs RS256 by default). */
const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3_600;
/** Clocks of the provider and the services may differ this much. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * The algorithms a single public key can verify. Naming them from the key, not a fixed list,
 * means a token of another kind (RS256 against an EC key) is refused by jose as an algorithm
 * mismatch instead of failing inside node's crypto.
 */
export function algorithmsFor(key: KeyObject): string[] {
  const { asymmetricKeyType, asymmetricKeyDetails } = key;
  const kind =
    asymmetricKeyType === 'ec' ? `ec:${asymmetricKeyDetails?.namedCurve}` : asymmetricKeyType;
  const algorithms = kind ? KEY_ALGORITHMS[kind] : undefined;
  if (!algorithms) {
    throw new Error(`the token public key is of an unsupported kind (${kind})`);
  }
  return algorithms;
}

const KEY_ALGORITHMS: Record<string, string[]> = {
  rsa: ['RS256', 'RS384', 'RS512'],
  'rsa-pss': ['PS256', 'PS384', 'PS512'],
  'ec:prime256v1': ['ES256'],
  'ec:secp384r1': ['ES384'],
  'ec:secp521r1': ['ES512'],
  ed25519: ['EdDSA'],
};

/** Verifies bearer tokens (asymmetric signatures only) and turns their claims into an AuthUser. */
export class TokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly maxLifetimeSeconds: number;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = JWKS_ALGORITHMS;
    } else if (options.publicKeyFile) {
      const key = createPublicKey(readFileSync(options.publicKeyFile));
      this.key = key;
      this.algorithms = algorithmsFor(key);
    } else throw new Error('TokenVerifier needs a JWKS URL or a public key file');
    this.maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      // Two overloads of jwtVerify (key vs key-getter); both accept either form at run time.
      ({ payload } = await jwtVerify(token, this.key as KeyObject, {
        algorithms: this.algorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw refusalOf(error);
    }
    this.checkLifetime(payload);
    return toAuthUser(payload);
  }

  /** A token that never expires, or lives for days, is a stolen token that keeps working. */
  private checkLifetime(payload: JWTPayload): void {
    const exp = payload.exp ?? 0;
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (exp - from > this.maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidTokenError(
        `token lives longer than the ${this.maxLifetimeSeconds} seconds accepted (exp)`,
      );
    }
  }
}

export function toAuthUser(payload: JWTPayload): AuthUser {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('token has no subject (sub)');
  }
  const roles = readRoles(payload).filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  const org =
    typeof payload.org === 'string' && payload.org.trim() !== '' ? payload.org : undefined;
  if (roles.includes('agency') && !org) {
    throw new InvalidTokenError('agency tokens must name their organisation (org)');
  }
  return { sub: payload.sub, roles: [...new Set(roles)], org };
}

/** `roles` at the top level, or Keycloak's `realm_access.roles`. */
function readRoles(payload: JWTPayload): string[] {
  const direct = payload.roles;
  if (Array.isArray(direct)) return direct.filter((r): r is string => typeof r === 'string');
  const realm = payload.realm_access as { roles?: unknown } | undefined;
  if (realm && Array.isArray(realm.roles)) {
    return realm.roles.filter((r): r is string => typeof r === 'string');
  }
  return [];
}

/**
 * Every failure to verify is the token's fault (401), whatever threw it: jose, or node's crypto
 * on a key it cannot use. Only keys that could not be fetched are ours (503).
 */
function refusalOf(error: unknown): Error {
  if (error instanceof errors.JWKSTimeout) {
    return new TokenKeysUnavailableError('the identity provider did not answer in time');
  }
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError(`token claim ${error.claim} is missing or not accepted`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError('token signature is not valid');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new InvalidTokenError('token algorithm is not accepted for this key');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError('token was not signed by a known key');
  }
  if (error instanceof errors.JWKSInvalid || isFetchFailure(error)) {
    return new TokenKeysUnavailableError('the identity provider keys could not be read');
  }
  if (error instanceof errors.JOSEError) return new InvalidTokenError('token is malformed');
  return new InvalidTokenError('token could not be verified');
}

/**
 * jose fetches the JWKS with node's http client: a network failure is a system error with a
 * code (ECONNREFUSED, ENOTFOUND ...), a non-200 answer a generic JOSEError saying so.
 */
function isFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JOSEError) return error.message.startsWith('Expected 200 OK');
  // Not `instanceof Error`: errors of node's own modules may come from another realm (jest).
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
