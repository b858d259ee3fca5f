import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { base } from './problem-details.filter';

/**
 * What only operators reach when INTERNAL_PORT is set: the Prometheus scrape and the admin API.
 * In any case, as the router matches paths (`/Metrics` is /metrics there).
 */
const OPERATIONAL = /^\/(?:metrics|admin)(?:[/?]|$)/i;

/**
 * With an internal port, `/metrics` and `/admin/*` answer only requests that came in on it: on
 * the public port they are 404, as if they did not exist. Without one nothing changes (`/admin`
 * still wants the admin role). Installed before every route (configureServiceApp).
 */
export function internalOnly(internalPort: number | undefined) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (
      internalPort === undefined ||
      request.socket.localPort === internalPort ||
      !OPERATIONAL.test(request.url ?? '/')
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
