/**
 * What the fault tests share: the platform as four processes (production builds) with recording
 * SMTP and SMPP sinks, three subscribers, a stream of "cases" driven over HTTP, and the tally of
 * what reached the sinks against what should have.
 *
 * A case is the assistance chain in small: an operator files an incident, raises an international
 * request for it, UNICEF offers the whole quantity, the operator accepts it. Its final states:
 * the request `pledged` with exactly its quantity pledged (request side), the offer `accepted`
 * with its pledge confirmed, and the offer side's view of the request `pledged`. Its messages:
 * the incident by email and SMS to the duty officer, the request by email to logistics, the
 * acceptance by email and SMS to UNICEF's desk: five per case, each to arrive exactly once.
 *
 * The driver behaves like a careful client: a call that failed without an answer (the service
 * was killed, stopping, or its database down) may or may not have taken effect, so before trying
 * again it looks whether it did. A second incident, request or offer would show up as a
 * message nobody expected.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  Platform,
  SERVICE_NAMES,
  mintTestToken,
  startRecordingSinks,
  testAuthEnv,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  type RecordingSinks,
  type ServiceName,
} from '@relief/testing';
import { Client } from 'pg';

export const REPO_ROOT = join(__dirname, '..', '..');

export const WHO = {
  operator: { role: 'operator', sub: 'op-fault' },
  admin: { role: 'admin', sub: 'admin-fault' },
  unicef: { role: 'agency', org: 'unicef', sub: 'unicef-fault' },
} as const;
export type Who = keyof typeof WHO;

const DUTY = { email: 'duty@emer.gov.kz', phone: '+77012345678' };
const LOGISTICS = { email: 'logistics@emer.gov.kz' };
const UNICEF_DESK = { email: 'desk@unicef.org', phone: '+77017654321' };

/** What a message is about, read from its subject or text. */
type Kind = 'incident' | 'request' | 'accepted' | 'other';

/** Incident references look like FL-2026-KZ-AKT-0001. */
const REFERENCE = /\b[A-Z]{2}-\d{4}-[A-Z]{2}-[A-Z0-9]{2,3}-\d{4,}\b/;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function randomBetween(min: number, max: number): number {
  return Math.floor(min + Math.random() * (max - min));
}

/** Polls until `accept` holds; fails after `timeoutMs` showing the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = describe(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`,
      );
    }
    await sleep(everyMs);
  }
}

/** The error's message and those of its causes (fetch hides the socket's error in `cause`). */
export function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && parts.length < 4) {
    // Not `instanceof Error`: fetch's errors come from another realm than jest's test context.
    if (typeof current !== 'object' || !('message' in current)) {
      parts.push(JSON.stringify(current));
      break;
    }
    const { message, code, cause } = current as {
      message: unknown;
      code?: unknown;
      cause?: unknown;
    };
    parts.push(typeof code === 'string' ? `${String(message)} [${code}]` : String(message));
    current = cause;
  }
  return parts.join(': ');
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

export interface Case {
  index: number;
  title: string;
  quantity: number;
  incidentId?: string;
  reference?: string;
  requestId?: string;
  offerId?: string;
}

export interface Tally {
  cases: number;
  /** Outbox rows of the four services (domain and notification events) and how many are unpublished. */
  eventsSent: number;
  eventsPending: number;
  statesReached: number;
  statesExpected: number;
  messagesExpected: number;
  /** Expected (event, recipient, channel) that never arrived. */
  lost: number;
  /** Extra arrivals of an expected one (for email: another Message-ID; for SMS: another text). */
  duplicated: number;
  /** Arrivals nobody expected (e.g. a message about an incident filed twice). */
  unexpected: number;
  /** The same email again with the same Message-ID (resent after a crash; receivers drop it). */
  sameIdResends: number;
  /** SMS ledger rows `unknown` (cut off between claiming and recording) and how many admins had to resend. */
  smsInDoubt: number;
  smsResentByAdmin: number;
  emails: number;
  sms: number;
  /** Ledger rows by status. */
  ledger: Record<string, number>;
  problems: string[];
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

export interface FaultWorldOptions {
  /** Short tag naming the run (databases, topics, logs). */
  tag: string;
  adminUrl?: string;
  brokers?: string;
  /** Extra settings for every service. */
  env?: Record<string, string>;
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

  private constructor(
    readonly runId: string,
    readonly platform: Platform,
    readonly sinks: RecordingSinks,
    readonly logDir: string,
  ) {}

  static async start(options: FaultWorldOptions): Promise<FaultWorld> {
    const runId = `f${randomBytes(3).toString('hex')}-${options.tag}`;
    const logDir = join(REPO_ROOT, '.local', 'test-logs', runId);
    const sinks = await startRecordingSinks();
    let platform: Platform;
    try {
      platform = await Platform.start({
        adminUrl: options.adminUrl ?? testDatabaseAdminUrl(),
        brokers: options.brokers ?? testKafkaBrokers().join(','),
        runId,
        env: { ...testAuthEnv(), ...sinks.env, ...FAULT_ENV, ...options.env },
        serviceEnv: { 'notification-service': NOTIFICATION_ENV },
        logDir,
      });
    } catch (error) {
      await sinks.stop();
      throw error;
    }
    const world = new FaultWorld(runId, platform, sinks, logDir);
    for (const who of Object.keys(WHO) as Who[]) {
      world.tokens.set(who, await mintTestToken(WHO[who]));
    }
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
      response = await fetch(`${this.platform.url(service)}${path}`, {
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
      120_000,
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
    if (failures.length > 0) throw new Error(failures.map(describe).join('\n'));
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
      timeoutMs,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${describe(error)}; changed so far: ${JSON.stringify(at)}`);
    });
  }

  /**
   * A write that must happen once: `act` until it answers `ok`; after a failed attempt, first
   * `find` whether the effect is there (an answer lost is not a write lost).
   */
  private async once<T>(
    what: string,
    act: () => Promise<Reply>,
    find: () => Promise<T | undefined>,
    ok: (reply: Reply) => boolean,
    retryable: (reply: Reply) => boolean = () => false,
    timeoutMs = 180_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let attempted = false;
    let unanswered = false;
    let last = '';
    for (;;) {
      if (Date.now() > deadline)
        throw new Error(`${what}: gave up after ${timeoutMs} ms (${last})`);
      try {
        if (attempted) {
          const found = await find();
          if (found !== undefined) {
            if (unanswered) this.http.lostAnswers += 1;
            return found;
          }
        }
        attempted = true;
        unanswered = false;
        let reply: Reply;
        try {
          reply = await act();
        } catch (error) {
          unanswered = true;
          throw error;
        }
        if (ok(reply)) return reply.body as T;
        last = `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`;
        if (reply.status < 500 && !retryable(reply)) throw new Fatal(`${what}: ${last}`);
      } catch (error) {
        if (error instanceof Fatal) throw error;
        last = describe(error);
      }
      await sleep(300);
    }
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
          await this.runCase(item);
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
          await this.runCase(next);
          // Operators pause between cases; keeps the stream going without piling up cases.
          await sleep(randomBetween(1_000, 2_500));
        }
      }),
    );
  }

  async runCase(c: Case): Promise<void> {
    const incident = await this.once<{ id: string; reference: string }>(
      `case ${c.index}: file the incident`,
      () =>
        this.send('incident-service', 'operator', 'POST', '/incidents', {
          title: c.title,
          hazard: 'FL',
          region: 'KZ-15',
          severity: 'Severe',
          urgency: 'Immediate',
          certainty: 'Observed',
          figures: { affected: 100 + c.index, evacuated: c.index },
        }),
      async () => {
        const page = await this.send('incident-service', 'operator', 'GET', '/incidents?limit=100');
        if (page.status !== 200) throw new Error(`GET /incidents: ${page.status}`);
        return (page.body.items as { id: string; reference: string; title: string }[]).find(
          (i) => i.title === c.title,
        );
      },
      (reply) => reply.status === 201,
    );
    c.incidentId = incident.id;
    c.reference = incident.reference;

    const request = await this.once<{ id: string }>(
      `case ${c.index}: raise the request`,
      () =>
        this.send('resource-request-service', 'operator', 'POST', '/requests', {
          incidentId: incident.id,
          item: { code: 'WASH-HYGIENE-KIT' },
          quantity: c.quantity,
          priority: 'high',
          neededBy: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
          location: { region: 'KZ-15', address: 'Aktobe, evacuation centre' },
          scope: 'international',
        }),
      async () => {
        const page = await this.send(
          'resource-request-service',
          'operator',
          'GET',
          `/requests?incidentId=${incident.id}`,
        );
        if (page.status !== 200) throw new Error(`GET /requests: ${page.status}`);
        return (page.body.items as { id: string; version: number }[])[0];
      },
      (reply) => reply.status === 201,
      (reply) => reply.status === 422 && reply.body.code === 'incident_unknown',
    );
    c.requestId = request.id;

    const offer = await this.once<{ id: string; version: number }>(
      `case ${c.index}: publish UNICEF's offer`,
      () =>
        this.send('partner-offer-service', 'unicef', 'POST', '/offers', {
          requestId: request.id,
          quantity: c.quantity,
        }),
      async () => {
        const page = await this.send(
          'partner-offer-service',
          'unicef',
          'GET',
          `/offers?requestId=${request.id}`,
        );
        if (page.status !== 200) throw new Error(`GET /offers: ${page.status}`);
        return (page.body.items as { id: string; version: number }[])[0];
      },
      (reply) => reply.status === 201,
      (reply) => reply.status === 422 && reply.body.code === 'request_unknown',
    );
    c.offerId = offer.id;

    await this.once(
      `case ${c.index}: accept the offer`,
      () =>
        this.send(
          'partner-offer-service',
          'operator',
          'POST',
          `/offers/${offer.id}/accept`,
          { quantity: c.quantity },
          undefined,
          // Nothing but this acceptance changes a just-published offer.
          offer.version,
        ),
      async () => {
        const got = await this.send(
          'partner-offer-service',
          'operator',
          'GET',
          `/offers/${offer.id}`,
        );
        if (got.status !== 200) throw new Error(`GET /offers/${offer.id}: ${got.status}`);
        return got.body.status === 'accepted' ? got.body : undefined;
      },
      (reply) => reply.status === 200,
    );
  }

  /** How many of each case's three final states hold now. */
  async statesReached(cases: Case[]): Promise<{ reached: number; missing: string[] }> {
    let reached = 0;
    const missing: string[] = [];
    for (const c of cases) {
      const checks: [string, () => Promise<boolean>][] = [
        [
          'request pledged',
          async () => {
            const r = await this.send(
              'resource-request-service',
              'operator',
              'GET',
              `/requests/${c.requestId}`,
            );
            const coverage = r.body.coverage as { pledged: number } | undefined;
            return r.body.status === 'pledged' && coverage?.pledged === c.quantity;
          },
        ],
        [
          'offer accepted and confirmed',
          async () => {
            const r = await this.send(
              'partner-offer-service',
              'operator',
              'GET',
              `/offers/${c.offerId}`,
            );
            return r.body.status === 'accepted' && r.body.pledgeConfirmed === true;
          },
        ],
        [
          "offer side's request pledged",
          async () => {
            const r = await this.send(
              'partner-offer-service',
              'operator',
              'GET',
              `/requests/${c.requestId}`,
            );
            return r.body.status === 'pledged';
          },
        ],
      ];
      for (const [name, check] of checks) {
        if (await check().catch(() => false)) reached += 1;
        else missing.push(`case ${c.index} (${c.reference ?? '?'}): ${name}`);
      }
    }
    return { reached, missing };
  }

  // ---- messages ----

  /** The five (channel, recipient, kind, reference) a case must produce. */
  expectedMessages(cases: Case[]): string[] {
    return cases.flatMap((c) => {
      const ref = c.reference ?? `case-${c.index}`;
      return [
        key('email', DUTY.email, 'incident', ref),
        key('sms', DUTY.phone, 'incident', ref),
        key('email', LOGISTICS.email, 'request', ref),
        key('email', UNICEF_DESK.email, 'accepted', ref),
        key('sms', UNICEF_DESK.phone, 'accepted', ref),
      ];
    });
  }

  /** What the sinks received, by key: every arrival, with the Message-ID of emails. */
  received(): Map<string, { arrivals: number; messageIds: Set<string> }> {
    const seen = new Map<string, { arrivals: number; messageIds: Set<string> }>();
    const add = (k: string, messageId?: string) => {
      const entry = seen.get(k) ?? { arrivals: 0, messageIds: new Set<string>() };
      entry.arrivals += 1;
      if (messageId) entry.messageIds.add(messageId);
      seen.set(k, entry);
    };
    for (const mail of this.sinks.mails) {
      const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(mail.raw)?.[1] ?? 'none';
      for (const to of mail.to)
        add(key('email', to, kindOf(mail.subject), refOf(mail.subject)), messageId);
    }
    for (const sms of this.sinks.sms) add(key('sms', sms.to, kindOf(sms.text), refOf(sms.text)));
    return seen;
  }

  /** Waits until every expected message arrived at least once (bounded). */
  async waitForMessages(cases: Case[], timeoutMs = 120_000): Promise<void> {
    const expected = this.expectedMessages(cases);
    await eventually(
      () => Promise.resolve(this.received()),
      (seen) => expected.every((k) => seen.has(k)),
      `${expected.length} messages at the sinks`,
      timeoutMs,
      500,
    ).catch((error: unknown) => {
      const seen = this.received();
      const missing = expected.filter((k) => !seen.has(k));
      throw new Error(`${describe(error).slice(0, 300)}\nmissing: ${missing.join(', ')}`);
    });
  }

  /**
   * SMS rows `unknown`: the worker was cut off between claiming and recording. What an admin does
   * (README): ask the provider (here: the sink) whether it arrived; if it did not, resend it.
   */
  async resolveSmsInDoubt(): Promise<{ inDoubt: number; resent: number }> {
    const rows = await this.query<{ id: string; recipient: string; body_text: string }>(
      'notification-service',
      `SELECT id, recipient, body_text FROM notifications WHERE status = 'unknown' AND channel = 'sms'`,
    );
    const seen = this.received();
    let resent = 0;
    for (const row of rows) {
      const k = key('sms', row.recipient, kindOf(row.body_text), refOf(row.body_text));
      if (seen.has(k)) continue;
      const reply = await this.send(
        'notification-service',
        'admin',
        'POST',
        `/notifications/${row.id}/resend`,
      );
      if (reply.status >= 300) throw new Error(`resend ${row.id}: ${reply.status}`);
      resent += 1;
    }
    return { inDoubt: rows.length, resent };
  }

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

  /**
   * Waits for the final states and the messages, gives late duplicates time to show, then counts
   * everything. Does not assert: the caller prints the line first, then asserts.
   */
  async settle(cases: Case[], timeoutMs = 120_000): Promise<Tally> {
    const problems: string[] = [];
    const total = cases.length * 3;
    const states = await eventually(
      () => this.statesReached(cases),
      (s) => s.reached === total,
      'every final state',
      timeoutMs,
      1_000,
    ).catch(async (error: unknown) => {
      problems.push(describe(error).slice(0, 500));
      return this.statesReached(cases);
    });
    problems.push(...states.missing);
    await this.waitForMessages(cases, timeoutMs).catch((error: unknown) =>
      problems.push(describe(error)),
    );
    // Every ledger row ends sent (or unknown: in doubt), and the outboxes drain.
    await eventually(
      () => this.ledger(),
      (l) => Object.keys(l).every((s) => s === 'sent' || s === 'unknown'),
      'the ledger to settle',
      30_000,
      500,
    ).catch((error: unknown) => problems.push(describe(error).slice(0, 500)));
    const doubt = await this.resolveSmsInDoubt();
    if (doubt.resent > 0) await this.waitForMessages(cases, 30_000).catch(() => undefined);
    // A crashed worker's email comes back after its lease (5 s): wait past that for duplicates.
    await sleep(7_000);
    const outboxes = await eventually(
      () => Promise.all(SERVICE_NAMES.map((name) => this.outbox(name))),
      (all) => all.every((o) => o.pending === 0),
      'every outbox to be published',
      30_000,
      500,
    ).catch(async (error: unknown) => {
      problems.push(describe(error).slice(0, 300));
      return Promise.all(SERVICE_NAMES.map((name) => this.outbox(name)));
    });

    const expected = this.expectedMessages(cases);
    const expectedSet = new Set(expected);
    const seen = this.received();
    let lost = 0;
    let duplicated = 0;
    let sameIdResends = 0;
    for (const k of expected) {
      const entry = seen.get(k);
      if (!entry) {
        lost += 1;
        continue;
      }
      const distinct = k.startsWith('email|') ? entry.messageIds.size : entry.arrivals;
      duplicated += distinct - 1;
      sameIdResends += entry.arrivals - distinct;
    }
    const unexpectedKeys = [...seen.keys()].filter((k) => !expectedSet.has(k));
    if (unexpectedKeys.length > 0) problems.push(`unexpected: ${unexpectedKeys.join(', ')}`);
    const final = await this.statesReached(cases);
    return {
      cases: cases.length,
      eventsSent: outboxes.reduce((sum, o) => sum + o.total, 0),
      eventsPending: outboxes.reduce((sum, o) => sum + o.pending, 0),
      statesReached: final.reached,
      statesExpected: total,
      messagesExpected: expected.length,
      lost,
      duplicated,
      unexpected: unexpectedKeys.reduce((sum, k) => sum + (seen.get(k)?.arrivals ?? 0), 0),
      sameIdResends,
      smsInDoubt: doubt.inDoubt,
      smsResentByAdmin: doubt.resent,
      emails: this.sinks.mails.length,
      sms: this.sinks.sms.length,
      ledger: await this.ledger(),
      problems,
    };
  }

  async ledger(): Promise<Record<string, number>> {
    const rows = await this.query<{ status: string; n: number }>(
      'notification-service',
      'SELECT status, count(*)::int AS n FROM notifications GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The one line each fault test prints. */
  report(name: string, tally: Tally, extra = ''): string {
    const line =
      `[fault ${name}] events sent ${tally.eventsSent}, ` +
      `states reached ${tally.statesReached}/${tally.statesExpected}, ` +
      `messages lost ${tally.lost}, duplicated ${tally.duplicated} ` +
      `(cases ${tally.cases}, messages ${tally.messagesExpected - tally.lost}/${tally.messagesExpected}` +
      `, unexpected ${tally.unexpected}, email resent with the same Message-ID ${tally.sameIdResends}` +
      `, SMS in doubt ${tally.smsInDoubt} of which resent by admin ${tally.smsResentByAdmin}` +
      `, events unpublished ${tally.eventsPending}, HTTP calls ${this.http.calls}` +
      `, unanswered ${this.http.noAnswer}, answers lost after the write ${this.http.lostAnswers}` +
      `, 5xx ${this.http.serverErrors.length}` +
      ` (503 dependency_unavailable ${this.http.serverErrors.filter((e) => e.endsWith(' 503 "dependency_unavailable"')).length})` +
      `${extra ? `, ${extra}` : ''})`;
    console.log(line);
    if (tally.problems.length > 0) {
      console.log(
        `[fault ${name}] problems (logs in ${this.logDir}):\n  ${tally.problems.join('\n  ')}`,
      );
    }
    return line;
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

class Fatal extends Error {}

function key(channel: 'email' | 'sms', to: string, kind: Kind, ref: string): string {
  return `${channel}|${to.toLowerCase()}|${kind}|${ref}`;
}

function kindOf(text: string): Kind {
  if (/new incident/i.test(text)) return 'incident';
  if (/accepted/i.test(text)) return 'accepted';
  if (/requested|: need /i.test(text)) return 'request';
  return 'other';
}

function refOf(text: string): string {
  return REFERENCE.exec(text)?.[0] ?? 'no-reference';
}

/**
 * Asserts the tally of a fault test (after it printed its line). Only a crash between a send and
 * its record may resend an email (with the same Message-ID); any other fault must not.
 */
export function expectClean(tally: Tally, faults: { crashes?: boolean } = {}): void {
  if (!faults.crashes) expect(tally.sameIdResends).toBe(0);
  expect(tally.problems).toEqual([]);
  expect(tally.statesReached).toBe(tally.statesExpected);
  expect(tally.lost).toBe(0);
  expect(tally.duplicated).toBe(0);
  expect(tally.unexpected).toBe(0);
  expect(tally.eventsPending).toBe(0);
}
