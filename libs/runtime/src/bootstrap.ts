import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { KafkaEventServer } from '@relief/messaging';
import {
  ConfigValidationError,
  loadConfig,
  ServiceConfig,
  trustProxySetting,
  type PlatformProcessConfig,
} from '@relief/config';
import {
  collectProcessMetrics,
  correlationMiddleware,
  httpMetricsMiddleware,
  ReadinessRegistry,
  tracingMiddleware,
} from '@relief/observability';
import { Logger } from 'nestjs-pino';
import { installBodyParsing } from './body-parsing';
import { bulkBodyRoutes } from './bulk-body';
import { documentIdempotency } from './idempotency';
import { internalOnly, listenInternal } from './internal-port';
import { base } from './problem-details.filter';
import { validationPipe } from './validation';

export interface ServiceDescription {
  /** e.g. `incident-service` */
  name: string;
  /** Shown at the top of the OpenAPI document. */
  title: string;
  description: string;
}

/** Reads and validates the config, or stops the process with a message naming the bad settings. */
export function loadConfigOrExit<C extends PlatformProcessConfig>(schema: new () => C): C {
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
  answerClientErrors(app.getHttpServer());
  const config = configured(app);
  // Behind a trusted proxy (the console gateway) req.ip is the caller, not the proxy.
  const trustProxy = trustProxySetting(config?.TRUST_PROXY);
  if (trustProxy) app.set('trust proxy', trustProxy);
  app.use(internalOnly(config?.INTERNAL_PORT));
  app.use(tracingMiddleware, correlationMiddleware, httpMetricsMiddleware);
  installBodyParsing(app, bulkBodyRoutes(app));
  app.useGlobalPipes(validationPipe());
  setupOpenApi(app, service);
  app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: true });
}

/** The service's config (ServiceCoreModule provides it). */
function configured(app: NestExpressApplication): ServiceConfig | undefined {
  try {
    return app.get(ServiceConfig, { strict: false });
  } catch {
    return undefined; // an app without ServiceCoreModule (a library's test) has none
  }
}

function setupOpenApi(app: INestApplication, service: ServiceDescription): void {
  // Every POST takes an Idempotency-Key (IdempotencyInterceptor); documented here for all.
  const document = documentIdempotency(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(service.title)
        .setDescription(service.description)
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** Starts consuming and serving; logs where the service can be reached; stops gracefully. */
export async function startService(
  app: NestExpressApplication,
  config: ServiceConfig,
): Promise<void> {
  await app.startAllMicroservices();
  trackAnswers(app.getHttpServer());
  await app.listen(config.PORT, '0.0.0.0');
  const internal = config.INTERNAL_PORT
    ? await listenInternal(app, config.INTERNAL_PORT)
    : undefined;
  const logger = app.get(Logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stopGracefully(app, logger, signal, config, internal));
  }
  logger.log(`listening on http://127.0.0.1:${config.PORT} (docs at /docs)`);
  if (internal) logger.log(`/metrics and /admin only on port ${config.INTERNAL_PORT}`);
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
  internal?: Server,
): Promise<void> {
  logger.log(`${signal}: stopping (HTTP drained, consumer stopped, outbox flushed)`);
  // Answers still given on open connections tell load balancers to look elsewhere.
  app
    .get(ReadinessRegistry)
    .register('shutdown', () => Promise.resolve({ up: false, detail: { stopping: signal } }));
  const killer = setTimeout(() => {
    logger.error(`shutdown took longer than ${config.SHUTDOWN_TIMEOUT_MS} ms: exiting anyway`);
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  try {
    internal?.closeAllConnections();
    internal?.close();
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

/** What Node refuses before any request exists, as Node itself answers it (status, code, why). */
function clientErrorAnswer(code: string | undefined): [number, string, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', 'the request line and headers exceed 16 KiB'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'chunk_extensions_too_large', 'the chunk extensions are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request did not arrive in time'];
    case undefined:
    default:
      return [400, 'malformed_request', 'the request is not valid HTTP/1.1'];
  }
}

/**
 * Node answers a request it cannot parse (headers over its 16 KiB, malformed HTTP, a timeout)
 * on the socket with an empty body, before Express sees anything; this writes problem details
 * instead, like every other refusal. Called for every server (configureServiceApp), so
 * production and tests answer alike.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    // As Node does: answer only when no answer has started on this connection.
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      const [status, code, detail] = clientErrorAnswer(error.code);
      const body = JSON.stringify(base(status, code, detail));
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Content-Type: application/problem+json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy(error);
  });
}

/** Answers being worked on, per server (see trackAnswers). */
const answering = new WeakMap<Server, Set<ServerResponse>>();

/**
 * Keeps track of the answers being worked on, so that drainHttp can tell their clients too that
 * the connection closes after them. Call it before the server listens.
 */
export function trackAnswers(server: Server): void {
  const responses = new Set<ServerResponse>();
  answering.set(server, responses);
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    responses.add(response);
    response.once('close', () => responses.delete(response));
  });
}

/**
 * No new connections; every request still arriving on an open keep-alive connection is answered
 * and its connection then closed (`Connection: close`), so clients move on after their current
 * request instead of being cut off. Whatever is still open after `graceMs` is closed by force.
 *
 * Idle keep-alive connections are not destroyed at once (what `http.Server#close` does since
 * Node 19): a client may be writing its next request on one at that very moment, and would get
 * a reset for a request we never read. They close after their next answer, or when their
 * keep-alive timeout (announced to the client in `Keep-Alive: timeout=…`) runs out.
 */
export async function drainHttp(server: Server, graceMs: number): Promise<void> {
  for (const response of answering.get(server) ?? []) {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  }
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    response.setHeader('Connection', 'close');
  });
  const closed = new Promise<void>((resolve) => {
    // net.Server#close: stop listening, resolve once the last connection has ended.
    NetServer.prototype.close.call(server, () => resolve());
  });
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
