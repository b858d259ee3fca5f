import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext } from '@relief/observability';
import type { Response } from 'express';
import { IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { hasRole, type Role } from './auth-user';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** Applied to every HTTP route: a valid bearer token is required unless the route is @Public(). */
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
    if (!token) return this.refuse(context, 'a bearer token is required');
    try {
      request.user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return this.refuse(context, error.message);
      throw error;
    }
    const ctx = RequestContext.current();
    if (ctx) ctx.actor = request.user.sub;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !hasRole(request.user, ...required)) {
      throw new ForbiddenException(`this action needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }

  private refuse(context: ExecutionContext, reason: string): never {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader(
      'WWW-Authenticate',
      `Bearer error="invalid_token", error_description="${reason}"`,
    );
    throw new UnauthorizedException(reason);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
