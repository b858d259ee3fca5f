import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { classifyError } from '@relief/messaging';
import { RequestContext } from '@relief/observability';
import type { Response } from 'express';
import { DomainException, httpStatusOf, type FieldProblem } from './domain.exception';

/** RFC 9457 problem details: the one shape every error of every service takes. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
  correlationId?: string;
  [key: string]: unknown;
}

const DEPENDENCY_UNAVAILABLE = 'dependency_unavailable';
const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** Maps every error thrown while handling an HTTP request to a problem-details response. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const problem = problemOf(exception);
    if (problem.code === DEPENDENCY_UNAVAILABLE) {
      this.logger.warn(
        `503: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
      response.setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500 && !isDeliberate503(exception)) {
      this.logger.error(exception);
    }
    if (exception instanceof DomainException && exception.details.retryAfterSeconds) {
      response.setHeader('Retry-After', String(exception.details.retryAfterSeconds));
    }
    response.status(problem.status).type('application/problem+json').json(problem);
  }
}

/** The problem details of an error, as the filter answers it (and idempotency stores it). */
export function problemOf(exception: unknown): ProblemDetails {
  const correlationId = RequestContext.current()?.correlationId;
  if (exception instanceof DomainException) {
    const { fields, retryAfterSeconds: _r, ...extra } = exception.details;
    const status = httpStatusOf(exception.kind);
    return {
      ...extra,
      ...base(status, exception.code, exception.message, correlationId),
      errors: fields,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail = typeof body === 'string' ? body : (messageOf(body) ?? exception.message);
    return base(status, ownCodeOf(body) ?? codeOf(status), detail, correlationId);
  }
  // The database (or another dependency) is unreachable or asked us to try again: the
  // request was fine and will work once it is back, which /ready reports meanwhile.
  if (isOutage(exception)) {
    return base(
      503,
      DEPENDENCY_UNAVAILABLE,
      'a service this one depends on is unavailable for the moment; retry shortly',
      correlationId,
    );
  }
  return base(
    500,
    'internal_error',
    'an unexpected error occurred; it has been logged',
    correlationId,
  );
}

/**
 * A 503 a handler chose to answer (`/ready` while Kafka is still connecting) is news, not a
 * failure: the readiness log already says which dependency changed state.
 */
function isDeliberate503(exception: unknown): boolean {
  return exception instanceof HttpException && exception.getStatus() === 503;
}

/**
 * An outage rather than a bug: what the consumers wait out (connection refused or lost, the
 * server shutting down ...), and TypeORM's error for a query on a transaction whose connection
 * the server has just closed.
 */
function isOutage(exception: unknown): boolean {
  if (classifyError(exception) === 'transient') return true;
  return exception instanceof Error && exception.name === 'QueryRunnerAlreadyReleasedError';
}

export function base(
  status: number,
  code: string,
  detail: string,
  correlationId?: string,
): ProblemDetails {
  return { type: 'about:blank', title: titleOf(status), status, code, detail, correlationId };
}

function messageOf(body: object): string | undefined {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

/** A guard or middleware may name its own code: `new ForbiddenException({ code, message })`. */
function ownCodeOf(body: string | object): string | undefined {
  const code = typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function codeOf(status: number): string {
  return (HttpStatus[status] ?? 'error').toLowerCase();
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .replace(/_/g, ' ')
        .replace(/^\w/, (c) => c.toUpperCase())
    : 'Error';
}
