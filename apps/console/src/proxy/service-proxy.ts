import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { startSpan, traceHeaders } from '@relief/observability';
import { base } from '@relief/runtime';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { gatewayLocation, upstreamPath, upstreamTarget, type ProxyRoute } from './proxy-routes';

const log = new Logger('Proxy');

/** What an upstream that cannot be reached becomes: 502 (refused, reset) or 504 (too slow). */
function upstreamProblem(route: ProxyRoute, error: NodeJS.ErrnoException): [number, string] {
  const slow = error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED';
  const status = slow ? 504 : 502;
  return [status, `${route.service} service is not reachable (${error.code ?? error.message})`];
}

/**
 * A streaming reverse proxy of one service under its prefix: the request goes on as it came
 * (method, body, query, Authorization, If-Match, Content-Type ...), `/admin/*` to the route's
 * admin target; the answer comes back as the service gave it, its Location moved under the
 * prefix. The service checks the token itself.
 */
export type ProxyHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => Promise<void>;

export function serviceProxy(route: ProxyRoute): ProxyHandler {
  /** The upstream call's CLIENT span of each request being proxied. */
  const upstreamSpans = new WeakMap<IncomingMessage, Span>();
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: route.target,
    // Before the rewrite, so on the gateway path: /admin/* to the service's internal port.
    router: (req) => upstreamTarget(route, req.url ?? '/'),
    changeOrigin: true,
    xfwd: true,
    proxyTimeout: 60_000,
    // Mounted at the root, so the full path is matched and mapped here, not by Express.
    pathFilter: (path) => upstreamPath(route, path) !== undefined,
    pathRewrite: (path) => upstreamPath(route, path) ?? path,
    on: {
      proxyRes: (proxyRes, req) => {
        const span = upstreamSpans.get(req);
        const status = proxyRes.statusCode ?? 0;
        span?.setAttribute('http.response.status_code', status);
        // A client span fails on 4xx too (the server span of the gateway only on 5xx).
        if (status >= 400) span?.setStatus({ code: SpanStatusCode.ERROR });
        const location = proxyRes.headers.location;
        if (typeof location === 'string') {
          proxyRes.headers.location = gatewayLocation(route, location);
        }
      },
      error: (error: NodeJS.ErrnoException, req, res: ServerResponse | Socket) => {
        const [status, detail] = upstreamProblem(route, error);
        const span = upstreamSpans.get(req);
        span?.setAttribute('error.type', error.code ?? error.name);
        span?.setStatus({ code: SpanStatusCode.ERROR, message: detail });
        log.warn(detail);
        if (!('writeHead' in res)) {
          res.destroy();
          return;
        }
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(status, { 'Content-Type': 'application/problem+json; charset=utf-8' });
        res.end(JSON.stringify(base(status, 'upstream_unavailable', detail)));
      },
    },
  });
  return async (req, res, next) => {
    const path = req.url ?? '/';
    if (upstreamPath(route, path) === undefined) return proxy(req, res, next);
    // The gateway's server span (tracingMiddleware) is named after this route, not `unmatched`.
    (req as IncomingMessage & { route?: { path: string } }).route = { path: `${route.prefix}/*` };
    // The upstream call in a CLIENT span of its own, which the service's span continues: the
    // traceparent the caller sent is replaced by it, not passed on.
    const target = new URL(upstreamTarget(route, path));
    const method = req.method ?? 'GET';
    const parent = context.active();
    const span = startSpan(
      method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': method,
          'server.address': target.hostname,
          'server.port': Number(target.port) || (target.protocol === 'https:' ? 443 : 80),
          'url.full': `${target.origin}${upstreamPath(route, path)}`,
          'relief.upstream.service': route.service,
        },
      },
      parent,
    );
    upstreamSpans.set(req, span);
    delete req.headers.traceparent;
    delete req.headers.tracestate;
    Object.assign(req.headers, traceHeaders(trace.setSpan(parent, span)));
    // Ends once the answer went back to the caller (or the caller left).
    res.once('close', () => span.end());
    return proxy(req, res, next);
  };
}
