/**
 * The whole platform as separate operating-system processes: the four services from their
 * production builds, on the given PostgreSQL and Kafka, each with a fresh database of its own.
 * Used by the end-to-end and fault tests and by the benchmark; `npm start` runs the same builds
 * the same way (deploy/local/service-process.ts). With `oidc` and `console`, also the local OIDC
 * provider and the console gateway (the browser tests).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

import {
  ensureBuilt,
  createMissingTopics,
  parseBrokers,
  databaseUrl,
  withClient,
  ServiceProcess,
  SERVICES,
  platformTopicNames,
  OidcProcess,
  DEV_AUDIENCE,
  ensureDevKeys,
  AUTH_PATHS,
} from '@relief/local-infra';

import { freePorts } from './free-ports';

export type ServiceName =
  | 'incident-service'
  | 'resource-request-service'
  | 'partner-offer-service'
  | 'notification-service';

export const SERVICE_NAMES: readonly ServiceName[] = [
  'incident-service',
  'resource-request-service',
  'partner-offer-service',
  'notification-service',
];

export interface PlatformOptions {
  adminUrl: string;
  brokers: string;
  /**
   * Names this run's databases (`<runId>_<database>`), topics (`<runId>.<topic>`) and consumer
   * groups, so runs on one server and broker never see each other's state.
   */
  runId: string;
  /** Settings for every service beyond database, Kafka and port (auth, SMTP, SMPP ...). */
  env: Record<string, string>;
  /** Settings for one service only (e.g. the notification-service's delivery rates). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Each service appends its log to `<logDir>/<service>.log` (restarts included). */
  logDir: string;
  /** Partitions of the platform topics (default 3, as in production). */
  partitions?: number;
  /**
   * Rebuild stale services first (default true). The benchmark builds once up front and passes
   * false, so a source edited mid-run does not change the code under measurement.
   */
  build?: boolean;
  /**
   * Also run the local OIDC provider (libs/local-infra/src/oidc) on a free port; the services
   * then verify tokens through its JWKS (AUTH_JWKS_URL, AUTH_ISSUER). `true` signs with the
   * development key; `{ privateKeyFile }` with another PEM key.
   */
  oidc?: boolean | { privateKeyFile: string };
  /** Also run the console gateway (dist/apps/console), in front of the four services. */
  console?: boolean;
  /** Settings of the console gateway beyond the ones the platform gives it. */
  consoleEnv?: Record<string, string>;
}

export class Platform {
  private readonly logs: WriteStream[] = [];
  /** The OIDC provider, when started with `oidc`. */
  oidc?: OidcProcess;
  /** The console gateway, when started with `console`. */
  gateway?: ServiceProcess;

  private constructor(
    readonly options: PlatformOptions,
    readonly services: Readonly<Record<ServiceName, ServiceProcess>>,
    private readonly databases: Readonly<Record<ServiceName, string>>,
  ) {}

  /** Builds what is stale, creates databases and topics, starts all four, waits until ready. */
  static async start(options: PlatformOptions): Promise<Platform> {
    if (options.build !== false) {
      await ensureBuilt(options.console ? [...SERVICE_NAMES, 'console'] : SERVICE_NAMES);
    }
    mkdirSync(options.logDir, { recursive: true });
    const prefix = `${options.runId}.`;
    await createMissingTopics(
      parseBrokers(options.brokers),
      platformTopicNames(prefix),
      options.partitions ?? 3,
    );
    const databases = {} as Record<ServiceName, string>;
    const services = {} as Record<ServiceName, ServiceProcess>;
    const platform = new Platform(options, services, databases);
    const ports = await freePorts(SERVICE_NAMES.length + 2);
    const [oidcPort, consolePort] = ports.slice(SERVICE_NAMES.length);
    const consoleOrigin = `http://127.0.0.1:${consolePort}`;
    const authEnv: Record<string, string> = {};
    if (options.oidc) {
      if (options.oidc === true) ensureDevKeys();
      const oidcLog = createWriteStream(join(options.logDir, 'oidc.log'), { flags: 'a' });
      platform.logs.push(oidcLog);
      platform.oidc = new OidcProcess({
        port: oidcPort,
        consoleOrigins: [consoleOrigin],
        privateKeyFile: options.oidc === true ? AUTH_PATHS.privateKey : options.oidc.privateKeyFile,
        output: (chunk) => oidcLog.write(chunk),
      });
      Object.assign(authEnv, {
        AUTH_JWKS_URL: platform.oidc.jwksUrl,
        AUTH_ISSUER: platform.oidc.issuer,
        AUTH_AUDIENCE: DEV_AUDIENCE,
      });
    }
    for (const [index, name] of SERVICE_NAMES.entries()) {
      const definition = SERVICES.find((s) => s.name === name);
      if (!definition) throw new Error(`${name} is not in deploy/local/services.ts`);
      databases[name] = `${options.runId}_${definition.database}`.replace(/[^a-z0-9_]/g, '_');
      const port = ports[index];
      const log = createWriteStream(join(options.logDir, `${name}.log`), { flags: 'a' });
      platform.logs.push(log);
      services[name] = new ServiceProcess({
        name,
        port,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl(options.adminUrl, databases[name]),
          KAFKA_BROKERS: options.brokers,
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_CLIENT_ID: `${options.runId}-${name}`,
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          LOG_FORMAT: 'json',
          ...options.env,
          ...authEnv,
          ...options.serviceEnv?.[name],
        },
        output: (chunk) => log.write(chunk),
      });
    }
    if (options.console) {
      const log = createWriteStream(join(options.logDir, 'console.log'), { flags: 'a' });
      platform.logs.push(log);
      platform.gateway = new ServiceProcess({
        name: 'console',
        port: consolePort,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          KAFKA_BROKERS: options.brokers,
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_CLIENT_ID: `${options.runId}-console`,
          KAFKA_GROUP_ID: `${options.runId}-console`,
          // This run's topics are new: the gateway misses nothing published before it joined.
          CONSOLE_EVENTS_FROM: 'earliest',
          LOG_FORMAT: 'json',
          INCIDENT_SERVICE_URL: services['incident-service'].url,
          REQUEST_SERVICE_URL: services['resource-request-service'].url,
          OFFER_SERVICE_URL: services['partner-offer-service'].url,
          NOTIFICATION_SERVICE_URL: services['notification-service'].url,
          ...(platform.oidc ? { CONSOLE_ISSUER: platform.oidc.issuer } : {}),
          ...options.env,
          ...authEnv,
          ...options.consoleEnv,
        },
        output: (chunk) => log.write(chunk),
      });
    }
    await platform.createDatabases();
    try {
      // The services fetch the provider's keys on the first token, not at start.
      platform.oidc?.start();
      for (const service of Object.values(services)) service.start();
      platform.gateway?.start();
      await platform.oidc?.waitUntilReady();
      await Promise.all(platform.processes().map((service) => service.waitUntilReady()));
      const exited = platform.processes().filter((service) => !service.running);
      if (exited.length > 0) {
        throw new Error(`${exited.map((s) => s.name).join(', ')} exited while starting`);
      }
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  url(name: ServiceName): string {
    return this.services[name].url;
  }

  /** The services, and the console gateway when there is one. */
  private processes(): ServiceProcess[] {
    return [...Object.values(this.services), ...(this.gateway ? [this.gateway] : [])];
  }

  /** The console gateway's address (start with `console: true`). */
  consoleUrl(): string {
    if (!this.gateway) throw new Error('the platform was started without the console');
    return this.gateway.url;
  }

  /** The OIDC provider's issuer (start with `oidc: true`). */
  oidcIssuer(): string {
    if (!this.oidc) throw new Error('the platform was started without the OIDC provider');
    return this.oidc.issuer;
  }

  databaseUrl(name: ServiceName): string {
    return databaseUrl(this.options.adminUrl, this.databases[name]);
  }

  /** Starts a stopped or killed service again and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    const service = this.services[name];
    service.start();
    await service.waitUntilReady();
  }

  /** Stops every service (SIGTERM, then SIGKILL after the grace period) and closes the logs. */
  async stop(): Promise<void> {
    await Promise.all(this.processes().map((service) => service.stop()));
    await this.oidc?.stop();
    await Promise.all(
      this.logs.map((log) => new Promise<void>((resolve) => log.end(() => resolve()))),
    );
  }

  /** After stop(): removes this run's databases. */
  async dropDatabases(): Promise<void> {
    await withClient(this.options.adminUrl, async (client) => {
      for (const database of Object.values(this.databases)) {
        await client.query(
          `DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`,
        );
      }
    });
  }

  private async createDatabases(): Promise<void> {
    await withClient(this.options.adminUrl, async (client) => {
      for (const database of Object.values(this.databases)) {
        await client.query(
          `DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`,
        );
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      }
    });
  }
}
