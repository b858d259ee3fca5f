import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { KafkaEventServer } from '@relief/messaging';
import { ConfigValidationError, loadConfig, type ServiceConfig } from '@relief/config';
import {
  collectProcessMetrics,
  correlationMiddleware,
  httpMetricsMiddleware,
} from '@relief/observability';
import { Logger } from 'nestjs-pino';
import { installBodyParsing } from './body-parsing';
import { validationPipe } from './validation';

export interface ServiceDescription {
  /** e.g. `incident-service` */
  name: string;
  /** Shown at the top of the OpenAPI document. */
  title: string;
  description: string;
}

/** Reads and validates the config, or stops the process with a message naming the bad settings. */
export function loadConfigOrExit<C extends ServiceConfig>(schema: new () => C): C {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\nThe service did not start.\n`);
    process.exit(78); // EX_CONFIG
  }
}

/** Builds the HTTP side of a service: body limits, validation, OpenAPI. */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  service: ServiceDescription,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureServiceApp(app, service);
  return app;
}

/**
 * Shared by production boot and tests that build the app from a testing module. The Kafka consumer
 * joins as a microservice of the same (hybrid) app, so handlers get the same pipes and filters.
 */
export function configureServiceApp(
  app: NestExpressApplication,
  service: ServiceDescription,
): void {
  collectProcessMetrics(service.name);
  app.use(correlationMiddleware, httpMetricsMiddleware);
  installBodyParsing(app);
  app.useGlobalPipes(validationPipe());
  setupOpenApi(app, service);
  app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: true });
}

function setupOpenApi(app: INestApplication, service: ServiceDescription): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(service.title)
      .setDescription(service.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** Starts consuming and serving; logs where the service can be reached; stops gracefully. */
export async function startService(
  app: NestExpressApplication,
  config: ServiceConfig,
): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(config.PORT, '0.0.0.0');
  const logger = app.get(Logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stopGracefully(app, logger, signal, config));
  }
  logger.log(`listening on http://127.0.0.1:${config.PORT} (docs at /docs)`);
}

/**
 * The order matters: stop taking requests and let those in flight finish, then stop the Kafka
 * consumer after its current message, flush the outbox (MessagingModule's shutdown hooks), and
 * only then close the database. Exits 0 when all of it worked, 1 otherwise.
 */
async function stopGracefully(
  app: NestExpressApplication,
  logger: Logger,
  signal: NodeJS.Signals,
  config: ServiceConfig,
): Promise<void> {
  logger.log(`${signal}: stopping (HTTP drained, consumer stopped, outbox flushed)`);
  const killer = setTimeout(() => {
    logger.error(`shutdown took longer than ${config.SHUTDOWN_TIMEOUT_MS} ms: exiting anyway`);
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  try {
    await drainHttp(app.getHttpServer(), config.SHUTDOWN_TIMEOUT_MS / 2);
    await app.close();
    logger.log('stopped cleanly');
    clearTimeout(killer);
    process.exit(0);
  } catch (error) {
    logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** No new connections; requests in flight get up to `graceMs` to finish; idle keep-alives close. */
async function drainHttp(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
