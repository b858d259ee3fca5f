import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { base } from './problem-details.filter';

/**
 * What only operators reach when INTERNAL_PORT is set: a service's Prometheus scrape and admin
 * API. In any case, as the router matches paths (`/Metrics` is /metrics there).
 */
export const SERVICE_INTERNAL_PATHS = /^\/(?:metrics|admin)(?:[/?]|$)/i;

/** The console gateway's: its scrape only (its `/admin` is a screen of the SPA). */
export const GATEWAY_INTERNAL_PATHS = /^\/metrics(?:[/?]|$)/i;

/**
 * With an internal port, the internal paths answer only requests that came in on it: on the
 * public port they are 404, as if they did not exist. Without one nothing changes (`/admin`
 * still wants the admin role). Installed before every route (configureServiceApp, the gateway's
 * main).
 */
export function internalOnly(
  internalPort: number | undefined,
  internalPaths: RegExp = SERVICE_INTERNAL_PATHS,
) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (
      internalPort === undefined ||
      request.socket.localPort === internalPort ||
      !internalPaths.test(request.url ?? '/')
    ) {
      next();
      return;
    }
    const body = JSON.stringify(base(404, 'not_found', 'not found'));
    response.writeHead(404, { 'Content-Type': 'application/problem+json; charset=utf-8' });
    response.end(body);
  };
}

/** Serves the same app on the internal port too (all interfaces: the cluster's scraper). */
export async function listenInternal(app: NestExpressApplication, port: number): Promise<Server> {
  const server = createServer(
    app.getHttpAdapter().getInstance() as Parameters<typeof createServer>[1],
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return server;
}
