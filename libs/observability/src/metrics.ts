import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/** Process metrics (CPU, memory, event loop lag) once per process, labelled with the service. */
export function collectProcessMetrics(service: string): void {
  if (defaultsCollected) return;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
  defaultsCollected = true;
}

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Times every request; the route pattern (not the raw URL) keeps label cardinality bounded. */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const stop = httpDuration.startTimer({ method: req.method });
  res.on('finish', () => {
    stop({ route: routeOf(req), status: String(res.statusCode) });
  });
  next();
}

/** The route pattern that matched (e.g. `/incidents/:id`), `unmatched` when none did. */
export function routeOf(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
  return `${req.baseUrl}${route}`;
}

export const metricsRegistry = register;
