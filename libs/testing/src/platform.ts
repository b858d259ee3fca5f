/**
 * The whole platform as separate operating-system processes: the four services from their
 * production builds, on the given PostgreSQL and Kafka, each with a fresh database of its own.
 * Used by the end-to-end and fault tests and by the benchmark; `npm start` runs the same builds
 * the same way (deploy/local/service-process.ts). With `oidc` and `console`, also the local OIDC
 * provider and the console gateway (the browser tests). With `replicas`, each service (and the
 * gateway) runs as that many processes on the same database and consumer group (the replica
 * fault test).
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
  /**
   * Processes per service and of the gateway (default 1), sharing the service's database,
   * consumer group and client id as the replicas of a deployment do; each on a port of its own.
   * Gateway i talks to replica i of each service.
   */
  replicas?: number;
}

/** `incident-service` for the first replica, `incident-service-2` for the second ... */
export function replicaName(name: string, replica: number): string {
  return replica === 0 ? name : `${name}-${replica + 1}`;
}

export class Platform {
  private readonly logs: WriteStream[] = [];
  /** The OIDC provider, when started with `oidc`. */
  oidc?: OidcProcess;
  /** The console gateway, when started with `console` (the first, with `replicas`). */
  gateway?: ServiceProcess;
  /** Every console gateway (one per replica). */
  readonly gateways: ServiceProcess[] = [];
  private constructor(
    readonly options: PlatformOptions,
    /** Every replica of each service, the first one first. */
    readonly instances: Readonly<Record<ServiceName, readonly ServiceProcess[]>>,
    private readonly databases: Readonly<Record<ServiceName, string>>,
  ) {}

  /** The first replica of each service. */
  get services(): Readonly<Record<ServiceName, ServiceProcess>> {
    return Object.fromEntries(SERVICE_NAMES.map((name) => [name, this.replica(name)])) as Record<
      ServiceName,
      ServiceProcess
    >;
  }

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
    const replicas = options.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`replicas: ${replicas}`);
    const databases = {} as Record<ServiceName, string>;
    const instances = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, [] as ServiceProcess[]]),
    ) as Record<ServiceName, ServiceProcess[]>;
    const platform = new Platform(options, instances, databases);
    // Replica r of service i listens on ports[r * 4 + i]; then the provider, then the gateways.
    const ports = await freePorts(SERVICE_NAMES.length * replicas + 1 + replicas);
    const oidcPort = ports[SERVICE_NAMES.length * replicas];
    const consolePorts = ports.slice(SERVICE_NAMES.length * replicas + 1);
    const authEnv: Record<string, string> = {};
    if (options.oidc) {
      if (options.oidc === true) ensureDevKeys();
      platform.oidc = new OidcProcess({
        port: oidcPort,
        consoleOrigins: consolePorts.map((port) => `http://127.0.0.1:${port}`),
        privateKeyFile: options.oidc === true ? AUTH_PATHS.privateKey : options.oidc.privateKeyFile,
        output: platform.logTo('oidc.log'),
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
      for (let replica = 0; replica < replicas; replica += 1) {
        const port = ports[replica * SERVICE_NAMES.length + index];
        instances[name].push(
          new ServiceProcess({
            name,
            port,
            env: {
              PATH: process.env.PATH ?? '',
              NODE_ENV: 'production',
              DATABASE_URL: databaseUrl(options.adminUrl, databases[name]),
              KAFKA_BROKERS: options.brokers,
              KAFKA_TOPIC_PREFIX: prefix,
              // One client id and consumer group for every replica, as in a deployment.
              KAFKA_CLIENT_ID: `${options.runId}-${name}`,
              PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
              LOG_FORMAT: 'json',
              ...options.env,
              ...authEnv,
              ...options.serviceEnv?.[name],
            },
            output: platform.logTo(`${replicaName(name, replica)}.log`),
          }),
        );
      }
    }
    if (options.console) {
      for (const [replica, port] of consolePorts.entries()) {
        platform.gateways.push(
          new ServiceProcess({
            name: 'console',
            port,
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
              INCIDENT_SERVICE_URL: instances['incident-service'][replica].url,
              REQUEST_SERVICE_URL: instances['resource-request-service'][replica].url,
              OFFER_SERVICE_URL: instances['partner-offer-service'][replica].url,
              NOTIFICATION_SERVICE_URL: instances['notification-service'][replica].url,
              ...(platform.oidc ? { CONSOLE_ISSUER: platform.oidc.issuer } : {}),
              ...options.env,
              ...authEnv,
              ...options.consoleEnv,
            },
            output: platform.logTo(`${replicaName('console', replica)}.log`),
          }),
        );
      }
      platform.gateway = platform.gateways[0];
    }
    await platform.createDatabases();
    try {
      // The services fetch the provider's keys on the first token, not at start.
      platform.oidc?.start();
      for (const service of platform.processes()) service.start();
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

  /** Replica `replica` (from 0) of a service. */
  replica(name: ServiceName, replica = 0): ServiceProcess {
    const service = this.instances[name][replica];
    if (!service) throw new Error(`${name} has no replica ${replica}`);
    return service;
  }

  url(name: ServiceName, replica = 0): string {
    return this.replica(name, replica).url;
  }

  /** A log file in logDir that every start of the process appends to. */
  private logTo(file: string): (chunk: Buffer) => void {
    const log = createWriteStream(join(this.options.logDir, file), { flags: 'a' });
    this.logs.push(log);
    return (chunk) => log.write(chunk);
  }

  /** Every replica of the services, and the console gateways when there are any. */
  private processes(): ServiceProcess[] {
    return [...SERVICE_NAMES.flatMap((name) => this.instances[name]), ...this.gateways];
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

  /** Starts a stopped or killed service (replica) again and waits until it is ready. */
  async restart(name: ServiceName, replica = 0): Promise<void> {
    const service = this.replica(name, replica);
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
