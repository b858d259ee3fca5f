import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { AuthenticatedRequest } from '@relief/auth';
import type { Response } from 'express';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import { DomainException } from '../domain.exception';
import { problemOf } from '../problem-details.filter';
import {
  callerOf,
  fingerprintOf,
  IDEMPOTENT_REPLAYED_HEADER,
  isFinalAnswer,
  parseIdempotencyKey,
  REPLAYED_HEADERS,
  type StoredAnswer,
} from './idempotency';
import { IdempotencyStore, type KeyScope } from './idempotency.store';

/**
 * Applied to every route by ServiceCoreModule; acts on a POST that carries an Idempotency-Key.
 * It runs after the guards (so the caller is the verified one and a 401/403 takes no key) and
 * around the pipes and the handler (so a validation refusal is a final answer like any other).
 *
 * The key is taken before the handler runs and the answer stored before it is sent, so a client
 * that retries on the answer already finds it. The answer is stored after the handler's own
 * transaction committed, in a statement of its own: a crash in between leaves the key
 * in progress for good, and its repeats are refused (idempotency_outcome_unknown) rather than
 * run twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined) return next.handle();
    const response = ctx.switchToHttp().getResponse<Response>();
    const scope: KeyScope = {
      caller: callerOf(request.user),
      method: request.method,
      route: (request.route as { path?: string } | undefined)?.path ?? request.path,
      key: parseIdempotencyKey(header),
    };
    const fingerprint = fingerprintOf({
      method: request.method,
      path: request.path,
      query: request.query,
      body: request.body,
      // As sent, only to tell requests apart: the version itself is @IfMatchVersion()'s to read.
      // eslint-disable-next-line no-restricted-syntax
      ifMatch: request.headers['if-match'],
    });
    return from(this.store.begin(scope, fingerprint)).pipe(
      mergeMap((begun) => {
        if (begun.kind === 'refuse') throw begun.error;
        if (begun.kind === 'replay') return of(replay(response, begun.answer));
        return next.handle().pipe(
          mergeMap(async (answer: unknown) => {
            await this.keep(scope, answerOf(response, response.statusCode, answer));
            return answer;
          }),
          catchError(async (error: unknown) => {
            const problem = problemOf(error);
            const retryLater =
              error instanceof DomainException && !!error.details.retryAfterSeconds;
            if (isFinalAnswer(problem.status, retryLater)) {
              await this.keep(scope, {
                status: problem.status,
                headers: {},
                body: JSON.stringify(problem),
              });
            } else {
              await this.store.release(scope).catch((e: unknown) => this.lost(scope, e));
            }
            throw error;
          }),
        );
      }),
    );
  }

  /**
   * Stores the answer. Should that fail, the answer still goes out (its effect is done); the key
   * stays in progress and its repeats are refused.
   */
  private async keep(scope: KeyScope, answer: StoredAnswer): Promise<void> {
    await this.store.complete(scope, answer).catch((e: unknown) => this.lost(scope, e));
  }

  private lost(scope: KeyScope, error: unknown): void {
    this.logger.warn(
      `could not record the answer of ${scope.method} ${scope.route} for key ${JSON.stringify(scope.key)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What the first request answers, as it will be sent (headers set by the endpoint's decorators). */
function answerOf(response: Response, status: number, answer: unknown): StoredAnswer {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status, headers, body: answer === undefined ? null : JSON.stringify(answer) };
}

/** Sets the stored status and headers; the stored body is sent as the handler's answer would be. */
function replay(response: Response, answer: StoredAnswer): unknown {
  response.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
  if (answer.status >= 400) response.type('application/problem+json');
  return answer.body === null ? undefined : JSON.parse(answer.body);
}
