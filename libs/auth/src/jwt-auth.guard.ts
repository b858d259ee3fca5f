import {
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext } from '@relief/observability';
import type { Response } from 'express';
import { IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { hasRole, ROLES, type Role } from './auth-user';
import { InvalidTokenError, TokenKeysUnavailableError, TokenVerifier } from './token-verifier';

/**
 * Applied to every HTTP route, and denies by default: a route is reachable without a token only
 * when marked @Public(); otherwise it needs a valid bearer token carrying at least one role the
 * platform knows, and one of the route's @Roles() where it names them.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers are trusted internal traffic; authorization is an HTTP concern here.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) return this.refuse(context, 'token_required', 'a bearer token is required');
    try {
      request.user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        return this.refuse(context, 'invalid_token', error.message, 'invalid_token');
      }
      if (error instanceof TokenKeysUnavailableError) {
        throw new ServiceUnavailableException({
          code: 'dependency_unavailable',
          message: `${error.message}; retry shortly`,
        });
      }
      throw error;
    }
    const ctx = RequestContext.current();
    if (ctx) {
      const { sub, org, roles } = request.user;
      ctx.actor = { subject: sub, organisationId: org ?? null, roles: [...roles] };
    }

    // A token without a known role is someone else's (another application of the same
    // provider, a role this version does not have yet): it gets nothing, not "any caller".
    const required =
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ?? ROLES;
    if (!hasRole(request.user, ...required)) {
      const response = context.switchToHttp().getResponse<Response>();
      response.setHeader('WWW-Authenticate', bearerChallenge('insufficient_scope'));
      throw new ForbiddenException({
        code: request.user.roles.length === 0 ? 'no_known_role' : 'role_required',
        message: `this action needs one of the roles: ${required.join(', ')}`,
      });
    }
    return true;
  }

  private refuse(
    context: ExecutionContext,
    code: string,
    reason: string,
    error?: 'invalid_token',
  ): never {
    const response = context.switchToHttp().getResponse<Response>();
    // Without any token, RFC 6750 wants no error details in the challenge.
    response.setHeader('WWW-Authenticate', bearerChallenge(error, error ? reason : undefined));
    throw new UnauthorizedException({ code, message: reason });
  }
}

/**
 * An RFC 6750 challenge. `error_description` is a quoted-string whose characters RFC 6750
 * restricts to printable ASCII without `"` and `\` (no escaping is allowed), so anything else
 * is replaced rather than escaped.
 */
export function bearerChallenge(error?: string, description?: string): string {
  const params = [`realm="relief"`];
  if (error) params.push(`error="${error}"`);
  if (description) {
    const safe = description.replace(/"/g, "'").replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '?');
    params.push(`error_description="${safe}"`);
  }
  return `Bearer ${params.join(', ')}`;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
