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
}

/** Why a token was refused; the text goes back to the caller, so it names no secrets. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

const ALGORITHMS = ['RS256', 'ES256'];

/** Verifies bearer tokens (RS256/ES256) and turns their claims into an AuthUser. */
export class TokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) this.key = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.publicKeyFile) this.key = createPublicKey(readFileSync(options.publicKeyFile));
    else throw new Error('TokenVerifier needs a JWKS URL or a public key file');
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      // Two overloads of jwtVerify (key vs key-getter); both accept either form at run time.
      ({ payload } = await jwtVerify(token, this.key as KeyObject, {
        algorithms: ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
      }));
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(error));
    }
    return toAuthUser(payload);
  }
}

export function toAuthUser(payload: JWTPayload): AuthUser {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('token has no subject (sub)');
  }
  const roles = readRoles(payload).filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  const org = typeof payload.org === 'string' && payload.org !== '' ? payload.org : undefined;
  if (roles.includes('agency') && !org) {
    throw new InvalidTokenError('agency tokens must name their organisation (org)');
  }
  return { sub: payload.sub, roles, org };
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

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `token claim "${error.claim}" is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'token algorithm is not accepted (RS256 or ES256)';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token was not signed by a known key';
  if (error instanceof errors.JOSEError) return 'token is malformed';
  throw error;
}
