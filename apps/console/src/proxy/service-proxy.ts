import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { base } from '@relief/runtime';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
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
export function serviceProxy(route: ProxyRoute): RequestHandler<IncomingMessage, ServerResponse> {
  return createProxyMiddleware<IncomingMessage, ServerResponse>({
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
      proxyRes: (proxyRes) => {
        const location = proxyRes.headers.location;
        if (typeof location === 'string') {
          proxyRes.headers.location = gatewayLocation(route, location);
        }
      },
      error: (error: NodeJS.ErrnoException, _req, res: ServerResponse | Socket) => {
        const [status, detail] = upstreamProblem(route, error);
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
}
