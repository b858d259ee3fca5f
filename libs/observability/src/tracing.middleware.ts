import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routeOf } from './metrics';
import { contextFromHeaders, startSpan } from './tracing';

/** Probes and scrapes come every few seconds and would bury the requests worth seeing. */
const UNTRACED = /^\/(health|ready|metrics)\b/;

/**
 * A SERVER span per request, continuing the caller's `traceparent` when it sends one; what the
 * request does (its outbox events included) happens inside it. Named after the route pattern
 * once routing matched, never the raw URL. Installed first, before the correlation id.
 */
export function tracingMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (UNTRACED.test(req.path)) {
    next();
    return;
  }
  const parent = contextFromHeaders(req.headers);
  const span = startSpan(
    req.method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
    parent,
  );
  res.once('close', () => {
    const route = routeOf(req);
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
