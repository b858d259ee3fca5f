import type { IncomingHttpHeaders } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { json, text, type RequestHandler } from 'express';
import { base, type ProblemDetails } from './problem-details.filter';
import { RequestContext } from '@relief/observability';
import type { BulkBodyRoute } from './bulk-body';
import { reservedKeyPaths, reservedKeyProblems } from './validation';

/**
 * No legitimate body on this platform comes near it; larger ones are refused before parsing.
 * Bulk endpoints (imports) declare their own limit and types with @BulkBody.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * No legitimate body nests deeper (the deepest DTO has 3 levels). Deeper ones are refused after
 * parsing: class-transformer and class-validator walk a body recursively, and 64 KiB of `[` is
 * enough to exhaust the stack (a 500 instead of a 400).
 */
export const MAX_BODY_DEPTH = 32;

/**
 * How deeply a parsed JSON value nests (a scalar 0, `{}` and `[]` 1, `{"a":[]}` 2), walked
 * without recursion; stops as soon as it exceeds `limit`.
 */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Whether a parsed body nests deeper than `limit`, and if so which top-level field does (when
 * the body is an object): what the refusal names.
 */
export function depthProblem(
  body: unknown,
  limit = MAX_BODY_DEPTH,
): { field?: string } | undefined {
  if (jsonDepth(body, limit) <= limit) return undefined;
  if (Array.isArray(body)) return {};
  const field = Object.entries(body as object).find(
    ([, value]) => jsonDepth(value, limit - 1) > limit - 1,
  )?.[0];
  return field === undefined ? {} : { field };
}

/** The request carries a body (an empty POST says `Content-Length: 0`). */
export function carriesBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Why a parsed request's body is refused before any route sees it, if it is: not JSON (the
 * parser leaves it alone, and validation would then report every field missing) nor a type its
 * bulk endpoint takes, an array (no endpoint takes one), nested too deep, or holding a
 * `__proto__`, `constructor` or `prototype` key (class-transformer drops them without a word;
 * refused as unknown keys are, also by routes that read no body).
 */
function refusedBody(req: Request, bulk: BulkBodyRoute | undefined): ProblemDetails | undefined {
  const correlationId = RequestContext.current()?.correlationId;
  const types = bulk?.types ?? ['application/json'];
  if (carriesBody(req.headers) && !req.is([...types])) {
    const type = req.headers['content-type'];
    const wanted = bulk ? `one of ${types.join(', ')}` : 'JSON (Content-Type: application/json)';
    return base(
      415,
      'unsupported_media_type',
      `the body must be ${wanted}, not ${type ? type : 'untyped'}`,
      correlationId,
    );
  }
  const body: unknown = req.body;
  // A text upload (a CSV): its endpoint reads it, row by row.
  if (typeof body === 'string') return undefined;
  if (Array.isArray(body)) {
    return base(
      400,
      'body_not_an_object',
      'the body must be a JSON object, not an array',
      correlationId,
    );
  }
  const tooDeep = depthProblem(body);
  if (!tooDeep) {
    const reserved = reservedKeyPaths(body);
    if (reserved.length === 0) return undefined;
    return {
      ...base(400, 'validation_failed', 'the request is not valid', correlationId),
      errors: reservedKeyProblems(reserved),
    };
  }
  const message = `nests deeper than ${MAX_BODY_DEPTH} levels`;
  const { field } = tooDeep;
  if (field === undefined) return base(400, 'body_too_deep', `the body ${message}`, correlationId);
  return {
    ...base(400, 'body_too_deep', `the body field ${field} ${message}`, correlationId),
    errors: [{ field, message }],
  };
}

/** The codings body-parser decodes (zstd only where this Node's zlib has it). */
const DECODED_ENCODINGS = 'identity, gzip, deflate, br';

/** body-parser's error, as it hands it on: an http-errors error, or zlib's with a status set. */
interface BodyReadError {
  type?: string;
  /** The limit it exceeded (entity.too.large). */
  limit?: number;
  status?: number;
  code?: string;
  encoding?: string;
}

/**
 * What a refusal by body-parser says. A body that is not the coding its Content-Encoding
 * declares fails in zlib, whose error body-parser passes on without a `type`: a 400 too, not
 * the 500 of an unknown error.
 */
export function bodyReadProblem(error: BodyReadError, correlationId?: string): ProblemDetails {
  switch (error.type) {
    case 'entity.too.large':
      return base(
        413,
        'body_too_large',
        `the body is larger than ${error.limit ?? MAX_BODY_BYTES} bytes`,
        correlationId,
      );
    case 'entity.parse.failed':
      return base(400, 'malformed_json', 'the body is not valid JSON', correlationId);
    case 'encoding.unsupported':
      return base(
        415,
        'unsupported_content_encoding',
        `Content-Encoding ${JSON.stringify(error.encoding ?? '')} is not one of ${DECODED_ENCODINGS}`,
        correlationId,
      );
    case undefined:
      return base(
        400,
        'undecodable_body',
        'the body is not in the coding its Content-Encoding declares',
        correlationId,
      );
    default:
      return base(
        error.status && error.status < 500 ? error.status : 400,
        'unreadable_body',
        'the body could not be read',
        correlationId,
      );
  }
}

/** Where a request goes, as routing will match it (case-insensitive, a trailing slash aside). */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\/+$/, '').toLowerCase()}`;
}

/** A bulk endpoint's parsers: JSON parsed, any other type it takes read as text. */
function bulkParsers(route: BulkBodyRoute): RequestHandler[] {
  const textTypes = route.types.filter((type) => type !== 'application/json');
  return [
    ...(route.types.includes('application/json')
      ? [json({ limit: route.maxBytes, strict: true })]
      : []),
    ...(textTypes.length > 0 ? [text({ type: [...textTypes], limit: route.maxBytes })] : []),
  ];
}

/**
 * JSON bodies only, bounded in size and depth; the `bulk` endpoints (@BulkBody, found by
 * bulkBodyRoutes) take their own types up to their own size instead. body-parser's errors happen
 * before Nest's exception filters run, so they are turned into problem details here.
 *
 * A body sent with Content-Encoding gzip, deflate or br is accepted and decoded by body-parser
 * (clients behind some proxies compress uploads); the size limit applies to the decoded bytes,
 * so a small compressed bomb stops at MAX_BODY_BYTES (or the bulk limit) with a 413.
 */
export function installBodyParsing(
  app: NestExpressApplication,
  bulk: readonly BulkBodyRoute[] = [],
): void {
  const standard = json({ limit: MAX_BODY_BYTES, strict: true });
  const routes = new Map(
    bulk.map((route) => [
      routeKey(route.method, route.path),
      { route, parsers: bulkParsers(route) },
    ]),
  );
  const bulkOf = (req: Request) => routes.get(routeKey(req.method, req.path));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const parsers = bulkOf(req)?.parsers;
    if (!parsers) return standard(req, res, next);
    // Each parser skips a type it does not take; the first that matches reads the body.
    const run = (i: number, error?: unknown): void => {
      if (error || i === parsers.length) return next(error);
      parsers[i](req, res, (e?: unknown) => run(i + 1, e));
    };
    run(0);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const problem = refusedBody(req, bulkOf(req)?.route);
    if (!problem) return next();
    res.status(problem.status).type('application/problem+json').json(problem);
  });
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const readError = error as BodyReadError | undefined;
    // Only body-parser's errors reach here with a status: a type of its own, or zlib's code.
    const fromParser = readError?.type !== undefined || typeof readError?.code === 'string';
    if (!readError?.status || !fromParser) return next(error);
    const problem = bodyReadProblem(readError, RequestContext.current()?.correlationId);
    res.status(problem.status).type('application/problem+json').json(problem);
  });
}
