import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  collectProcessMetrics,
  correlationMiddleware,
  httpMetricsMiddleware,
  tracingMiddleware,
} from '@relief/observability';
import type { NextFunction, Request, Response } from 'express';
import {
  answerClientErrors,
  drainHttp,
  GATEWAY_INTERNAL_PATHS,
  internalOnly,
  listenInternal,
  loadConfigOrExit,
  trackAnswers,
} from '@relief/runtime';
import { Logger } from 'nestjs-pino';
import { ConsoleModule } from './console.module';
import { ConsoleConfig } from './console.config';
import { proxyRoutes } from './proxy/proxy-routes';
import { serviceProxy } from './proxy/service-proxy';
import { serveSpa, webDirectory } from './web/spa';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ConsoleConfig);
  // No body parsing: the proxy streams request bodies through untouched.
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  collectProcessMetrics('console');
  answerClientErrors(app.getHttpServer());
  // With INTERNAL_PORT, its /metrics answers there alone (404 on PORT, what the ingress reaches).
  app.use(internalOnly(config.INTERNAL_PORT, GATEWAY_INTERNAL_PATHS));
  // A SERVER span per API request (the SPA's files are not worth one); the proxy's upstream call
  // is its child.
  app.use((req: Request, res: Response, next: NextFunction) =>
    /^\/api(\/|$)/.test(req.path) ? tracingMiddleware(req, res, next) : next(),
  );
  app.use(correlationMiddleware, httpMetricsMiddleware);
  for (const route of proxyRoutes(config)) app.use(serviceProxy(route));
  const web = webDirectory(config.CONSOLE_WEB_DIR);
  serveSpa(app, web);
  app.enableShutdownHooks();
  trackAnswers(app.getHttpServer());
  await app.listen(config.PORT, '0.0.0.0');
  const internal = config.INTERNAL_PORT
    ? await listenInternal(app, config.INTERNAL_PORT)
    : undefined;
  logger.log(`console on http://127.0.0.1:${config.PORT} (SPA from ${web})`);
  if (internal) logger.log(`/metrics only on port ${config.INTERNAL_PORT}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const killer = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref();
      // Event streams never end by themselves: close them after a short grace.
      internal?.closeAllConnections();
      internal?.close();
      void drainHttp(app.getHttpServer(), 2_000)
        .then(() => app.close())
        .then(() => {
          clearTimeout(killer);
          process.exit(0);
        })
        .catch(() => process.exit(1));
    });
  }
}

void main();
