/**
 * What the fault tests share: the platform as four processes (production builds) with recording
 * SMTP and SMPP sinks, three subscribers, the HTTP driver, and a stream of cases
 * (fault-cases.ts: the assistance chain in small, driven like a careful client) whose states and
 * messages are counted at the end (fault-tally.ts: five messages per case, each exactly once).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  describeError,
  eventually,
  Platform,
  SERVICE_NAMES,
  mintTestToken,
  sleep,
  TEST_IDENTITIES,
  startRecordingSinks,
  testAuthEnv,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  type RecordingSinks,
  type ServiceName,
  type TestCaller,
} from '@relief/testing';
import { runCase, type Case } from './fault-cases';
import { DUTY, LOGISTICS, UNICEF_DESK } from './fault-tally';
import { Client } from 'pg';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The callers of the fault tests (their tokens: @relief/testing's identities). */
const CALLERS = ['operator', 'admin', 'unicef'] as const satisfies readonly TestCaller[];
export type Who = (typeof CALLERS)[number];

export function randomBetween(min: number, max: number): number {
  return Math.floor(min + Math.random() * (max - min));
}

export interface Reply {
  status: number;
  // Whatever the service answered: the tests read a few fields of it.
  body: Record<string, unknown>;
  headers: Headers;
}

/** What the driver saw over HTTP. */
export interface HttpStats {
  calls: number;
  /** Calls that got no answer (refused, reset, timed out). */
  noAnswer: number;
  /** 5xx answers, `METHOD path status code`. */
  serverErrors: string[];
  /**
   * Writes that got no answer but had taken effect (found when the driver looked before trying
   * again): the answer was lost, not the write.
   */
  lostAnswers: number;
}

/** How long each service took to report an outage and to recover from it. */
export interface OutageReport {
  notReadyAfterMs: Partial<Record<ServiceName, number>>;
  readyAgainAfterMs: Partial<Record<ServiceName, number>>;
  downMs: number;
}

/** `incident 1200 ms, request 800 ms ...` */
export function perService(times: Partial<Record<ServiceName, number>>): string {
  return SERVICE_NAMES.map(
    (name) => `${name.replace(/-service$/, '')} ${times[name] ?? '-'} ms`,
  ).join(', ');
}

/**
 * What the notification service runs with in the kill -9 and replica tests: batches and lanes as
 * in production, rates high enough that a fan-out takes seconds rather than minutes.
 */
export const FAST_DELIVERY_ENV: Readonly<Record<string, string>> = {
  DELIVERY_BATCH_SIZE: '50',
  DELIVERY_CONCURRENCY: '2',
  EMAIL_RATE_PER_SECOND: '1000',
  SMS_RATE_PER_SECOND: '1000',
};

export interface FaultWorldOptions {
  /** Short tag naming the run (databases, topics, logs). */
  tag: string;
  adminUrl?: string;
  brokers?: string;
  /** Extra settings for every service. */
  env?: Record<string, string>;
  /** Settings of the notification service over the fault defaults (delivery batches, rates). */
  notificationEnv?: Record<string, string>;
  /** Processes per service (default 1); `send` spreads the calls over them in turn. */
  replicas?: number;
  /** Also run the console gateway (one per replica). */
  console?: boolean;
}

/** Settings that make recovery fast enough for a test, still within what production allows. */
const FAULT_ENV = {
  // A killed consumer's partitions move after 6 s (the broker's minimum) instead of 30.
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  LOG_LEVEL: 'info',
};

const NOTIFICATION_ENV = {
  DELIVERY_POLL_MS: '100',
  // A row left `sending` by a killed worker is recovered after 5 s instead of 2 minutes.
  DELIVERY_LEASE_MS: '5000',
  DELIVERY_BACKOFF_INITIAL_MS: '200',
  DELIVERY_BACKOFF_MAX_MS: '2000',
  DELIVERY_MAX_ATTEMPTS: '50',
  EMAIL_RATE_PER_SECOND: '50',
  SMS_RATE_PER_SECOND: '50',
};

export class FaultWorld {
  readonly http: HttpStats = { calls: 0, noAnswer: 0, serverErrors: [], lostAnswers: 0 };
  private readonly tokens = new Map<Who, string>();
  private caseCount = 0;
  /** Per service, the replica the next call goes to (round-robin, as a load balancer does). */
  private readonly nextReplica: Partial<Record<ServiceName, number>> = {};
  /** Calls sent to each replica, by `<service>#<replica from 1>`. */
  readonly callsByReplica = new Map<string, number>();
  /** When set, every other case offers from this stockpile of UNICEF's (issue 19). */
  stockpileId?: string;

  private constructor(
    readonly runId: string,
    readonly platform: Platform,
    readonly sinks: RecordingSinks,
    readonly logDir: string,
    /** What the notification service runs with (DELIVERY_*, *_RATE_PER_SECOND). */
    readonly notificationEnv: Readonly<Record<string, string>>,
  ) {}

  static async start(options: FaultWorldOptions): Promise<FaultWorld> {
    const runId = `f${randomBytes(3).toString('hex')}-${options.tag}`;
    const logDir = join(REPO_ROOT, '.local', 'test-logs', runId);
    const sinks = await startRecordingSinks();
    const notificationEnv = { ...NOTIFICATION_ENV, ...options.notificationEnv };
    let platform: Platform;
    try {
      platform = await Platform.start({
        adminUrl: options.adminUrl ?? testDatabaseAdminUrl(),
        brokers: options.brokers ?? testKafkaBrokers().join(','),
        runId,
        env: { ...testAuthEnv(), ...sinks.env, ...FAULT_ENV, ...options.env },
        serviceEnv: { 'notification-service': notificationEnv },
        logDir,
        replicas: options.replicas,
        console: options.console,
      });
    } catch (error) {
      await sinks.stop();
      throw error;
    }
    const world = new FaultWorld(runId, platform, sinks, logDir, notificationEnv);
    for (const who of CALLERS) world.tokens.set(who, await mintTestToken(TEST_IDENTITIES[who]));
    await world.subscribe();
    return world;
  }

  /** Stops the services, drops their databases (logs stay in logDir), stops the sinks. */
  async stop(): Promise<void> {
    await this.platform.stop();
    await this.platform.dropDatabases().catch(() => undefined);
    await this.sinks.stop();
  }

  get prefix(): string {
    return `${this.runId}.`;
  }

  // ---- HTTP ----

  /**
   * One call, no retry; throws when no answer came (the connection was refused, reset ...).
   * `ifMatch`: the version a write on an existing resource is based on (required there).
   */
  async send(
    service: ServiceName,
    who: Who | undefined,
    method: string,
    path: string,
    body?: object,
    timeoutMs = 30_000,
    ifMatch?: number,
  ): Promise<Reply> {
    this.http.calls += 1;
    let response: Response;
    try {
      response = await fetch(`${this.platform.url(service, this.pickReplica(service))}${path}`, {
        method,
        headers: {
          ...(who ? { Authorization: `Bearer ${this.tokens.get(who)}` } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(ifMatch !== undefined ? { 'If-Match': `"${ifMatch}"` } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      this.http.noAnswer += 1;
      throw error;
    }
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    if (response.status >= 500) {
      this.http.serverErrors.push(
        `${method} ${service}${path} ${response.status} ${JSON.stringify(parsed.code ?? '')}`,
      );
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** The replica of `service` the next call goes to, in turn. */
  private pickReplica(service: ServiceName): number {
    const replica = this.nextReplica[service] ?? 0;
    this.nextReplica[service] = (replica + 1) % this.platform.instances[service].length;
    const name = `${service}#${replica + 1}`;
    this.callsByReplica.set(name, (this.callsByReplica.get(name) ?? 0) + 1);
    return replica;
  }

  /** GET /ready: the status code, or 0 when the service does not answer. */
  async ready(service: ServiceName): Promise<number> {
    try {
      const response = await fetch(`${this.platform.url(service)}/ready`, {
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Every service's /ready status, by name. */
  async readiness(): Promise<Record<ServiceName, number>> {
    const statuses = await Promise.all(SERVICE_NAMES.map((name) => this.ready(name)));
    return Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, statuses[i]])) as Record<
      ServiceName,
      number
    >;
  }

  /**
   * Runs the stream while a dependency goes down and comes back: `down()` once the stream is
   * under way, then waits until every service reports not ready, keeps it down `downForMs`
   * longer, `up()`, and waits until every service is ready again by itself. Throws when a
   * service never reports the outage, never recovers, or exits.
   */
  async streamThroughOutage(
    cases: Case[],
    outage: { down: () => Promise<void>; up: () => Promise<void>; downForMs: number },
  ): Promise<OutageReport> {
    const stream = this.runStream(cases, 3);
    const report: OutageReport = { notReadyAfterMs: {}, readyAgainAfterMs: {}, downMs: 0 };
    const failures: unknown[] = [];
    await eventually(
      () => Promise.resolve(cases.filter((c) => c.offerId).length),
      (n) => n >= 2,
      'the stream to get under way',
      { timeoutMs: 120_000, retryErrors: true },
    ).catch((error: unknown) => failures.push(error));
    const downAsked = Date.now();
    await outage.down();
    const wentDown = Date.now();
    try {
      await this.watchReadiness(report.notReadyAfterMs, wentDown, (s) => s === 503, 60_000);
      await sleep(outage.downForMs);
    } catch (error) {
      failures.push(error);
    }
    await outage.up();
    const cameBack = Date.now();
    report.downMs = cameBack - downAsked;
    await this.watchReadiness(report.readyAgainAfterMs, cameBack, (s) => s === 200, 180_000).catch(
      (error: unknown) => failures.push(error),
    );
    await stream;
    if (failures.length > 0) throw new Error(failures.map(describeError).join('\n'));
    return report;
  }

  /** Polls /ready until `reached` holds for every service; notes when each got there. */
  private async watchReadiness(
    at: Partial<Record<ServiceName, number>>,
    since: number,
    reached: (status: number) => boolean,
    timeoutMs: number,
  ): Promise<void> {
    await eventually(
      async () => {
        const statuses = await this.readiness();
        for (const name of SERVICE_NAMES) {
          if (!this.platform.services[name].running) throw new Error(`${name} exited`);
          if (at[name] === undefined && reached(statuses[name])) at[name] = Date.now() - since;
        }
        return statuses;
      },
      () => SERVICE_NAMES.every((name) => at[name] !== undefined),
      "every service's /ready to change",
      { timeoutMs, intervalMs: 250, retryErrors: true },
    ).catch((error: unknown) => {
      throw new Error(`${describeError(error)}; changed so far: ${JSON.stringify(at)}`);
    });
  }

  // ---- the stream ----

  newCases(count: number): Case[] {
    return Array.from({ length: count }, () => {
      this.caseCount += 1;
      const index = this.caseCount;
      return {
        index,
        title: `Fault run ${this.runId} case ${String(index).padStart(3, '0')}: flood`,
        quantity: 10 + index,
        stockpileId: this.stockpileId && index % 2 === 0 ? this.stockpileId : undefined,
      };
    });
  }

  /** Runs the cases, `concurrency` at a time. */
  async runStream(cases: Case[], concurrency = 3): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases.length) {
          const item = cases[next];
          next += 1;
          await runCase(this, item);
        }
      }),
    );
  }

  /**
   * Keeps starting new cases, `concurrency` at a time, until `done()` (and at least `minCases`,
   * at most `maxCases`); the cases started are pushed onto `cases`. For faults that must land
   * while the stream is really flowing.
   */
  async runStreamUntil(
    done: () => boolean,
    cases: Case[],
    { minCases = 12, maxCases = 40, concurrency = 2 } = {},
  ): Promise<void> {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while ((!done() || cases.length < minCases) && cases.length < maxCases) {
          const [next] = this.newCases(1);
          cases.push(next);
          await runCase(this, next);
          // Operators pause between cases; keeps the stream going without piling up cases.
          await sleep(randomBetween(1_000, 2_500));
        }
      }),
    );
  }

  // ---- messages ----

  // ---- databases ----

  async query<R extends object>(service: ServiceName, sql: string): Promise<R[]> {
    const client = new Client({
      connectionString: this.platform.databaseUrl(service),
      connectionTimeoutMillis: 5_000,
    });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  /** Outbox rows of a service: all of them and the unpublished ones. */
  async outbox(service: ServiceName): Promise<{ total: number; pending: number }> {
    const [row] = await this.query<{ total: number; pending: number }>(
      service,
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS pending
         FROM outbox_events`,
    );
    return row;
  }

  async ledger(): Promise<Record<string, number>> {
    const rows = await this.query<{ status: string; n: number }>(
      'notification-service',
      'SELECT status, count(*)::int AS n FROM notifications GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  private async subscribe(): Promise<void> {
    const subscriber = async (body: object, subscription?: object): Promise<void> => {
      const created = await this.send(
        'notification-service',
        'admin',
        'POST',
        '/subscribers',
        body,
      );
      if (created.status !== 201) throw new Error(`POST /subscribers: ${created.status}`);
      if (!subscription) return;
      const id = String(created.body.id);
      const added = await this.send(
        'notification-service',
        'admin',
        'POST',
        `/subscribers/${id}/subscriptions`,
        subscription,
      );
      if (added.status !== 201) throw new Error(`POST subscriptions: ${added.status}`);
    };
    await subscriber(
      {
        name: 'Duty officer',
        organisation: 'ministry',
        ...DUTY,
        language: 'en',
        channels: ['email', 'sms'],
      },
      { eventTypes: ['incident.reported'] },
    );
    await subscriber(
      {
        name: 'Logistics desk',
        organisation: 'ministry',
        ...LOGISTICS,
        language: 'en',
        channels: ['email'],
      },
      { eventTypes: ['request.raised'] },
    );
    // A partner's contact hears about its own offers without subscribing.
    await subscriber({
      name: 'UNICEF desk',
      organisation: 'UNICEF',
      ...UNICEF_DESK,
      language: 'en',
      channels: ['email', 'sms'],
    });
  }
}
