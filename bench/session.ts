/**
 * One platform for the benchmark: the four services as separate processes from their production
 * builds (libs/testing's Platform), on fresh databases and a topic prefix of their own, with the
 * subscribers every filed incident notifies. A phase that leaves a backlog behind gets a fresh
 * session, so the next phase starts from an empty pipeline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Admin } from 'kafkajs';
import { Client, type QueryResultRow } from 'pg';
/* eslint-disable no-restricted-imports -- deploy/local is scripts, libs/testing's platform is plain */
import {
  ensureKeyPair,
  DEV_AUDIENCE,
  DEV_ISSUER,
  signToken,
  LOCAL_DIR,
  TEST_AUTH_PATHS,
} from '@relief/local-infra';
import { TEST_IDENTITIES, type TestCaller } from '../libs/testing/src/identities';
import { Platform, SERVICE_NAMES, type ServiceName } from '../libs/testing/src/platform';
/* eslint-enable no-restricted-imports */
import { type DeliveryTracker } from './delivery-tracker';
import { type HttpClient } from './http';
import { type BenchSettings } from './settings';

/** Consumed topics per consumer group (docs/architecture.md); incident-service consumes none. */
export const CONSUMED: Record<Exclude<ServiceName, 'incident-service'>, string[]> = {
  'resource-request-service': ['incident.events', 'offer.events'],
  'partner-offer-service': ['incident.events', 'request.events'],
  'notification-service': ['incident.events', 'request.events', 'offer.events'],
};
export const TOPICS = ['incident.events', 'request.events', 'offer.events', 'notification.events'];

/** The test identities the benchmark acts as. */
const CALLERS = ['operator', 'admin', 'unicef'] as const satisfies readonly TestCaller[];

export type Tokens = Record<(typeof CALLERS)[number], string>;

export async function benchTokens(): Promise<Tokens> {
  ensureKeyPair(TEST_AUTH_PATHS);
  const key = readFileSync(TEST_AUTH_PATHS.privateKey, 'utf8');
  const tokens = {} as Tokens;
  for (const who of CALLERS)
    tokens[who] = await signToken({ ...TEST_IDENTITIES[who], ttl: '2h' }, key);
  return tokens;
}

/** The notification-service's settings under test; reported as they are. */
export function notificationEnv(settings: BenchSettings): Record<string, string> {
  return {
    SMS_RATE_PER_SECOND: String(settings.smsRatePerSecond),
    EMAIL_RATE_PER_SECOND: String(settings.emailRatePerSecond),
    DELIVERY_CONCURRENCY: String(settings.deliveryConcurrency),
    DELIVERY_BATCH_SIZE: String(settings.deliveryBatchSize),
    SMPP_WINDOW: String(settings.smppWindow),
    SMPP_BINDS: '1',
    SMPP_RESPONSE_TIMEOUT_MS: String(settings.smppResponseTimeoutMs),
    SMTP_MAX_CONNECTIONS: String(settings.smtpConnections),
    SMTP_MAX_MESSAGES_PER_CONNECTION: String(settings.smtpMessagesPerConnection),
  };
}

export class BenchSession {
  private constructor(
    readonly runId: string,
    readonly platform: Platform,
    private readonly databases: { incident: Client; notification: Client },
  ) {}

  static async start(options: {
    adminUrl: string;
    brokers: string;
    runId: string;
    settings: BenchSettings;
    tracker: DeliveryTracker;
    http: HttpClient;
    tokens: Tokens;
  }): Promise<BenchSession> {
    const { runId, settings } = options;
    const platform = await Platform.start({
      adminUrl: options.adminUrl,
      brokers: options.brokers,
      runId,
      env: {
        AUTH_PUBLIC_KEY_FILE: TEST_AUTH_PATHS.publicKey,
        AUTH_ISSUER: DEV_ISSUER,
        AUTH_AUDIENCE: DEV_AUDIENCE,
        ...options.tracker.env,
        ...settings.extraEnv,
      },
      serviceEnv: { 'notification-service': notificationEnv(settings) },
      logDir: join(LOCAL_DIR, 'bench', runId),
      partitions: settings.partitions,
      build: false, // built once before the run (run.ts)
    });
    const clients: Client[] = [];
    try {
      const connect = async (name: ServiceName) => {
        const client = new Client({ connectionString: platform.databaseUrl(name) });
        clients.push(client);
        await client.connect();
        return client;
      };
      const session = new BenchSession(runId, platform, {
        incident: await connect('incident-service'),
        notification: await connect('notification-service'),
      });
      await session.subscribe(options.http, options.tokens, settings.subscribers);
      return session;
    } catch (error) {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await platform.stop();
      await platform.dropDatabases().catch(() => undefined);
      throw error;
    }
  }

  url(name: ServiceName): string {
    return this.platform.url(name);
  }

  topic(logical: string): string {
    return `${this.runId}.${logical}`;
  }

  group(service: ServiceName): string {
    return `${this.runId}-${service}`;
  }

  pids(): { name: string; pids: number[] }[] {
    return SERVICE_NAMES.map((name) => {
      const pid = this.platform.services[name].pid;
      return { name, pids: pid === undefined ? [] : [pid] };
    });
  }

  /** Outbox rows not yet relayed, and ledger rows not yet sent (pending or sending). */
  async backlog(): Promise<{ outbox: number; ledger: number }> {
    const [outbox, ledger] = await Promise.all([
      this.databases.incident.query<{ n: string }>(
        'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL',
      ),
      this.databases.notification.query<{ n: string }>(
        `SELECT count(*) AS n FROM notifications WHERE status IN ('pending', 'sending')`,
      ),
    ]);
    return { outbox: Number(outbox.rows[0].n), ledger: Number(ledger.rows[0].n) };
  }

  /** Average size of an incident.reported event as the relay sends it (envelope JSON), bytes. */
  async eventBytes(): Promise<number> {
    const result = await this.databases.incident.query<{ n: string | null }>(
      `SELECT round(avg(octet_length(envelope::text))) AS n FROM outbox_events
        WHERE type = 'incident.reported'`,
    );
    return Number(result.rows[0].n ?? 1024);
  }

  /** Committed transactions of this run's databases so far (pg_stat_database; flushed ~1/s). */
  async commits(): Promise<number> {
    const result = await this.databases.incident.query<{ n: string | null }>(
      `SELECT sum(xact_commit) AS n FROM pg_stat_database WHERE datname LIKE $1`,
      [`${this.runId}\\_%`],
    );
    return Number(result.rows[0].n ?? 0);
  }

  /** Committed transactions of one service's database so far (pg_stat_database). */
  async databaseCommits(name: ServiceName): Promise<number> {
    const database = decodeURIComponent(new URL(this.platform.databaseUrl(name)).pathname.slice(1));
    const result = await this.databases.incident.query<{ n: string | null }>(
      'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1',
      [database],
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  /** A query on the notification service's database (the fan-out phases' set-up and counts). */
  async notificationQuery<T extends QueryResultRow>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return (await this.databases.notification.query<T>(sql, params)).rows;
  }

  /** Notification rows by status (to tell "sent late" from "failed"). */
  async ledgerByStatus(): Promise<Record<string, number>> {
    const result = await this.databases.notification.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM notifications GROUP BY status',
    );
    return Object.fromEntries(result.rows.map((r) => [r.status, Number(r.n)]));
  }

  async stop(admin?: Admin): Promise<void> {
    await Promise.all(
      Object.values(this.databases).map((client) => client.end().catch(() => undefined)),
    );
    // SIGTERM, SIGKILL after 5 s: a service draining a backlog we are about to drop need not finish.
    await Promise.all(SERVICE_NAMES.map((name) => this.platform.services[name].stop(5_000)));
    await this.platform.stop();
    await this.platform.dropDatabases().catch(() => undefined);
    if (admin) {
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${this.runId}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    }
  }

  private async subscribe(http: HttpClient, tokens: Tokens, count: number): Promise<void> {
    const base = this.url('notification-service');
    for (let i = 0; i < count; i += 1) {
      const subscriber = await http.expect(201, 'POST', `${base}/subscribers`, {
        token: tokens.admin,
        body: {
          name: `Bench duty officer ${i + 1}`,
          organisation: 'ministry',
          email: `duty${i + 1}@bench.relief.local`,
          phone: `+7701${String(2000000 + i).padStart(7, '0')}`,
          language: 'en',
          channels: ['email', 'sms'],
        },
      });
      const id = (subscriber.body as { id: string }).id;
      await http.expect(201, 'POST', `${base}/subscribers/${id}/subscriptions`, {
        token: tokens.admin,
        body: { eventTypes: ['incident.reported'] },
      });
    }
  }
}
