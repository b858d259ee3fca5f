import {
  applyDecorators,
  createParamDecorator,
  HttpCode,
  Param,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Roles, type Role } from '@relief/auth';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf, parseIfMatch } from './if-match';
import { ParseUuidPipe } from './parse-uuid.pipe';

/** `@IdParam()`: the `:id` path parameter (or another name), a UUID or a 400 naming it. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(name, ParseUuidPipe);
}

/** `@IfMatchVersion() basedOn: number`: the version the caller's write is based on (see parseIfMatch). */
export const IfMatchVersion = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): number =>
    parseIfMatch(ctx.switchToHttp().getRequest<Request>().headers['if-match']),
);

/** The OpenAPI text of each error status the platform answers, in one place. */
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input; `errors` names each field (or `If-Match`)',
  401: 'no valid bearer token',
  403: 'the caller may not do this (role, or not its own resource)',
  404: 'no such resource',
  409: 'the resource is in a state that does not allow this',
  412: '`stale_version`: the resource changed since the version in If-Match; reload and retry',
  422: 'refers to something this service does not know (yet)',
  428: '`if_match_required`: If-Match is missing',
};

type ErrorDocs = readonly (number | { status: number; description: string })[];

/** `@ApiErrors(400, 404, { status: 409, description })`: problem-details answers in the OpenAPI. */
export function ApiErrors(...errors: ErrorDocs): MethodDecorator {
  return applyDecorators(
    ...errors.map((e) =>
      ApiResponse(
        typeof e === 'number'
          ? { status: e, description: ERROR_TEXT[e] ?? 'refused (problem details)' }
          : e,
      ),
    ),
  );
}

const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: true,
  description:
    'the ETag of the version this write is based on, e.g. "3" (428 if missing, 412 if stale; * and lists are refused)',
};

interface EndpointOptions {
  /** Who may call it; left out, any caller with a known role. */
  roles?: Role[];
  summary: string;
  description?: string;
  /** The view it answers with (its `version` becomes the ETag). */
  answers?: Type<unknown>;
  /** The answer's version, when it is not `answer.version`. */
  versionOf?: (answer: never) => number;
  /** Errors besides the defaults of the kind of endpoint (a number, or one with its own text). */
  errors?: ErrorDocs;
}

/**
 * Sets `ETag: "<version>"` from the answer (and `Location`, for a creation), so no handler does
 * it by hand.
 */
class VersionHeaders implements NestInterceptor {
  constructor(
    private readonly versionOf: (answer: unknown) => number | undefined,
    private readonly locationOf?: (answer: unknown) => string,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer: unknown) => {
        const version = answer === undefined ? undefined : this.versionOf(answer);
        if (version !== undefined) response.setHeader('ETag', etagOf(version));
        if (this.locationOf && answer !== undefined) {
          response.setHeader('Location', this.locationOf(answer));
        }
        return answer;
      }),
    );
  }
}

/** Refuses a write without a usable If-Match before its body is even read. */
class RequireIfMatch implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    parseIfMatch(ctx.switchToHttp().getRequest<Request>().headers['if-match']);
    return next.handle();
  }
}

function versionOfAnswer(options: EndpointOptions): (answer: unknown) => number | undefined {
  if (options.versionOf) return options.versionOf as (answer: unknown) => number;
  return (answer) => {
    const version = (answer as { version?: unknown }).version;
    return typeof version === 'number' ? version : undefined;
  };
}

function common(options: EndpointOptions, status: number): MethodDecorator[] {
  return [
    ...(options.roles ? [Roles(...options.roles)] : []),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiResponse({
      status,
      type: options.answers,
      description: options.answers ? 'with its ETag' : 'done',
    }),
  ];
}

/** A read of one versioned resource: answers `answers`, with its version as ETag. */
export function VersionedRead(options: EndpointOptions): MethodDecorator {
  return applyDecorators(
    ...common(options, 200),
    ApiErrors(401, 403, 404, ...(options.errors ?? [])),
    UseInterceptors(new VersionHeaders(versionOfAnswer(options))),
  );
}

/** A creation of a versioned resource: 201 with `ETag` (version 1) and `Location`. */
export function VersionedCreate(
  options: EndpointOptions & { location: (answer: never) => string },
): MethodDecorator {
  return applyDecorators(
    HttpCode(201),
    ...common(options, 201),
    ApiErrors(400, 401, 403, ...(options.errors ?? [])),
    UseInterceptors(
      new VersionHeaders(versionOfAnswer(options), options.location as (answer: unknown) => string),
    ),
  );
}

/**
 * A write on an existing versioned resource (PATCH, DELETE, or a POST action such as /cancel):
 * If-Match required (see parseIfMatch: 428 missing, 400 malformed, 412 stale from the domain),
 * the answer's new version as ETag, and all of it in the OpenAPI. Read the version with
 * `@IfMatchVersion()`.
 */
export function VersionedWrite(
  options: EndpointOptions & { status?: 200 | 201 | 204 },
): MethodDecorator {
  const status = options.status ?? 200;
  return applyDecorators(
    HttpCode(status),
    ...common(options, status),
    ApiHeader(IF_MATCH_HEADER),
    ApiErrors(400, 401, 403, 404, 409, 412, 428, ...(options.errors ?? [])),
    UseInterceptors(new RequireIfMatch(), new VersionHeaders(versionOfAnswer(options))),
  );
}
