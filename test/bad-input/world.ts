/**
 * The four services of the platform, each in the test process on a fresh database and a Kafka
 * topic prefix of its own (so a write in one never reaches another's read model while a test
 * compares snapshots), with what their endpoints need to succeed: read models fed by events
 * produced here as the other services would, and fresh targets (incidents, requests, offers in
 * each state, partners, subscribers, a failed notification, a dead letter) made through the API.
 */
import { randomUUID } from 'node:crypto';
import { Logger, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@relief/config';
import {
  ALL_TOPICS,
  deadLetterTopic,
  exampleEvent,
  type EventType,
  type PayloadOf,
} from '@relief/contracts';
import { buildEnvelope } from '@relief/messaging';
import {
  createTopics,
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import request from 'supertest';
import { STRANGERS, strangerTokens, type Stranger } from './tokens';
/* eslint-disable no-restricted-imports -- the services under test are apps, not @relief libraries */
import { AppModule as IncidentApp } from '../../apps/incident-service/src/app.module';
import { IncidentServiceConfig } from '../../apps/incident-service/src/incident-service.config';
import { AppModule as NotificationApp } from '../../apps/notification-service/src/app.module';
import { NotificationServiceConfig } from '../../apps/notification-service/src/notification-service.config';
import { signWebhookBody } from '../../apps/notification-service/src/delivery/sms-webhook';
import { signUnsubscribeToken } from '../../apps/notification-service/src/subscribers/unsubscribe-token';
import { AppModule as OfferApp } from '../../apps/partner-offer-service/src/app.module';
import { PartnerOfferServiceConfig } from '../../apps/partner-offer-service/src/partner-offer-service.config';
import { AppModule as RequestApp } from '../../apps/resource-request-service/src/app.module';
import { ResourceRequestServiceConfig } from '../../apps/resource-request-service/src/resource-request-service.config';
/* eslint-enable no-restricted-imports */

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

export const SERVICE_NAMES = ['incident', 'request', 'offer', 'notification'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Callers with a fixed identity. `ownAgency` is the partner owning the offers made here. */
export const IDENTITIES = {
  operator: TEST_IDENTITIES.operator,
  ownAgency: TEST_IDENTITIES.unicef,
  otherAgency: TEST_IDENTITIES.ifrc,
  admin: TEST_IDENTITIES.admin,
} as const;

/**
 * Every caller of the matrix: no token, the four identities above, the strangers (validly
 * signed tokens without a usable identity: no role, unknown roles, an agency without org) and, for the
 * notification-service, `self`: the person a subscriber is linked to (its `userId` is the
 * token's `sub`; an agency of the owning partner otherwise).
 */
export type Who = 'anonymous' | keyof typeof IDENTITIES | Stranger | 'self';
export const WHO_EVERYWHERE: readonly Who[] = [
  'anonymous',
  'operator',
  'ownAgency',
  'otherAgency',
  'admin',
  ...(Object.keys(STRANGERS) as Stranger[]),
];
export function callersOf(service: ServiceName): readonly Who[] {
  return service === 'notification' ? [...WHO_EVERYWHERE, 'self'] : WHO_EVERYWHERE;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One HTTP request exactly as sent: path and query already encoded, body as raw text. */
export interface HttpRequest {
  method: Method;
  /** Encoded path, without the query. */
  path: string;
  /** Encoded query string without `?` (may repeat keys). */
  query?: string;
  /** Sent as is; `contentType` defaults to application/json when a body is given. */
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the response is JSON (problem details included), else undefined. */
  json: unknown;
  text: string;
}

/** YYYY-MM-DD, `days` from today. */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

type AnyService = TestService<ServiceConfig>;

async function retry<T>(work: () => Promise<T>, what: string, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts)
        throw new Error(`${what} failed ${attempts} times`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
    }
  }
}

/**
 * Append-only tables, digested by their row count and newest row (hashing every envelope after
 * every call would cost more than the call). The outbox relay changes only its bookkeeping
 * columns (published_at, attempts, last_error) after a write; those are not "what is stored".
 */
const APPEND_ONLY: Record<string, string> = {
  outbox_events: `count(*) || ':' || coalesce(max(seq), 0)`,
  // The sealer sets chain_seq, prev_hash and hash in the background: bookkeeping too.
  audit_entries: `count(*) || ':' || coalesce(max(id), 0)`,
};

/**
 * Tables only the event consumers write, never an HTTP call: the inbox, and the incidents and
 * regions the notification service told each number of. A service hears its own events too (the
 * notification service its feedback.events), so they change in the background after an earlier
 * call's write, whatever the call under test did.
 */
const CONSUMER_ONLY: ReadonlySet<string> = new Set(['processed_events', 'notified_events']);

export interface Subscriber {
  id: string;
  userId: string;
  /** A token for the person the subscriber is linked to. */
  selfToken: string;
}

export class World {
  readonly services = {} as Record<ServiceName, AnyService>;
  readonly prefixes = {} as Record<ServiceName, string>;
  /** The incident the request and offer read models know (active). */
  readonly incidentId = randomUUID();
  /** A request of that incident the offer read model knows: international, huge, open. */
  readonly requestId = randomUUID();
  /** A domestic request of that incident, which no international partner may see. */
  readonly domesticRequestId = randomUUID();
  private readonly tokens = new Map<string, string>();
  private readonly snapshotSql = new Map<ServiceName, string>();
  private producer: Producer;
  private sequence = 0;
  private readonly regionBase = 1296 + Math.floor(Math.random() * 40_000);
  private self: Promise<Subscriber> | undefined;

  static async start(name: string): Promise<World> {
    const world = new World();
    await world.boot(name);
    return world;
  }

  private async boot(name: string): Promise<void> {
    const brokers = testKafkaBrokers();
    for (const service of SERVICE_NAMES) this.prefixes[service] = uniqueTopicPrefix();
    await Promise.all(
      SERVICE_NAMES.map((service) =>
        retry(
          () => createTopics(brokers, this.prefixes[service], ALL_TOPICS),
          'creating the test topics',
        ),
      ),
    );
    const kafka = new Kafka({ clientId: `${name}-test`, brokers, logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();

    const start = <C extends ServiceConfig>(
      service: ServiceName,
      configClass: new () => C,
      module: (config: C) => DynamicModule,
      env: Record<string, string> = {},
    ) =>
      startTestService({
        name: `${name}_${service}`,
        configClass,
        module,
        topicPrefix: this.prefixes[service],
        env: {
          KAFKA_CLIENT_ID: `${service}-${this.prefixes[service].replace(/[^a-z0-9]/g, '')}`,
          ...env,
        },
      }).then(async (started) => {
        // One listening socket for the whole file instead of one per request.
        await new Promise<void>((resolve) =>
          started.app.getHttpServer().listen(0, '127.0.0.1', resolve),
        );
        this.services[service] = started;
      });
    await Promise.all([
      start('incident', IncidentServiceConfig, (c) => IncidentApp.forRoot(c)),
      start('request', ResourceRequestServiceConfig, (c) => RequestApp.forRoot(c)),
      start('offer', PartnerOfferServiceConfig, (c) => OfferApp.forRoot(c)),
      // No delivery worker: it would change the ledger on its own while snapshots are compared.
      start('notification', NotificationServiceConfig, (c) => NotificationApp.forRoot(c), {
        DELIVERY_ENABLED: 'false',
        // Required only with an HTTP gateway; without it every signed receipt is refused.
        SMS_HTTP_WEBHOOK_SECRET: 'bad-input-webhook-secret',
        // Every caller and the fuzzer post the public feedback form from one address.
        FEEDBACK_WEB_RATE_LIMIT: '10000',
      }),
    ]);
    for (const [who, claims] of Object.entries(IDENTITIES)) {
      this.tokens.set(who, await mintTestToken(claims));
    }
    for (const [who, token] of Object.entries(await strangerTokens())) this.tokens.set(who, token);
    await this.feedReadModels();
    // The own agency's partner holds an offer from the start, so a fuzzed `DELETE /partners/UNICEF`
    // (a valid admin call) is refused rather than removing the partner later calls act for.
    await this.offer('published');
  }

  async stop(): Promise<void> {
    for (const service of SERVICE_NAMES) await this.services[service]?.close();
    await this.producer?.disconnect();
  }

  token(who: Exclude<Who, 'anonymous' | 'self'>): string {
    return this.tokens.get(who)!;
  }

  /** A name no other call of this file uses. */
  unique(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.sequence}-${randomUUID().slice(0, 8)}`;
  }

  /** A region code of its own (1 to 3 letters or digits) for a new region. */
  regionCode(): string {
    this.sequence += 1;
    return (this.regionBase + this.sequence).toString(36).toUpperCase().slice(-3);
  }

  /** The token of a person linked to a subscriber of their own (`self` where no target says). */
  async selfToken(): Promise<string> {
    this.self ??= this.subscriber();
    return (await this.self).selfToken;
  }

  // --- HTTP ---

  async send(service: ServiceName, call: HttpRequest): Promise<HttpResponse> {
    const agent = request(this.services[service].app.getHttpServer());
    const url = call.query ? `${call.path}?${call.query}` : call.path;
    let test = agent[call.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](url);
    // supertest adds nothing by itself; a body goes out byte for byte.
    for (const [name, value] of Object.entries(call.headers ?? {})) test = test.set(name, value);
    if (call.body !== undefined) {
      test = test
        .set('Content-Type', call.contentType ?? 'application/json')
        // superagent would write a Buffer as JSON ({"type":"Buffer",...}) under a JSON type.
        .serialize((raw: string | Buffer) => raw as string)
        .send(call.body);
    } else if (call.contentType) {
      test = test.set('Content-Type', call.contentType);
    }
    const response = await test.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    const text = response.body as string;
    const type = String(response.headers['content-type'] ?? '');
    let json: unknown;
    if (/json/.test(type)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  /**
   * A JSON call as `who` (a fixed identity or an explicit token), failing unless `expected`;
   * `ifMatch`, the version a write on an existing resource is based on (required there).
   */
  async api<T = Record<string, unknown>>(
    service: ServiceName,
    method: Method,
    path: string,
    who: Exclude<Who, 'anonymous' | 'self'> | { token: string },
    body?: unknown,
    expected = [200, 201, 204],
    ifMatch?: number,
  ): Promise<{ body: T; etag: number }> {
    const token = typeof who === 'string' ? this.token(who) : who.token;
    const response = await this.send(service, {
      method,
      path,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(ifMatch !== undefined ? { 'If-Match': `"${ifMatch}"` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!expected.includes(response.status)) {
      throw new Error(
        `${method} ${path} (${service}) answered ${response.status}: ${response.text.slice(0, 500)}`,
      );
    }
    const etag = Number(/\d+/.exec(String(response.headers.etag ?? ''))?.[0] ?? Number.NaN);
    return { body: response.json as T, etag };
  }

  // --- what is stored ---

  /** A digest of every table of the service's database, so any stored change shows. */
  async snapshot(service: ServiceName): Promise<Record<string, string>> {
    const sql = this.services[service].sql;
    let query = this.snapshotSql.get(service);
    if (!query) {
      const { rows } = await sql.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      // A stored answer under an Idempotency-Key is bookkeeping (a refusal is kept too).
      const tables = rows.filter(
        ({ table_name: table }) => table !== 'idempotency_keys' && !CONSUMER_ONLY.has(table),
      );
      const parts = tables.map(({ table_name: table }) =>
        APPEND_ONLY[table]
          ? `(SELECT ${APPEND_ONLY[table]} FROM "${table}") AS "${table}"`
          : `(SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))
               FROM "${table}" t) AS "${table}"`,
      );
      query = `SELECT ${parts.join(', ')}`;
      this.snapshotSql.set(service, query);
    }
    const { rows } = await sql.query<Record<string, string>>(query);
    return rows[0];
  }

  // --- read models: events produced as the other services would ---

  private async publish<T extends EventType>(
    service: ServiceName,
    type: T,
    overrides: Partial<PayloadOf<T, 1>>,
  ): Promise<void> {
    const event = exampleEvent(type, overrides);
    const built = buildEnvelope(event, { producer: 'bad-input-test' });
    await this.producer.send({
      topic: `${this.prefixes[service]}${type.split('.')[0]}.events`,
      acks: -1,
      messages: [{ key: event.aggregateId, value: built.value, headers: built.headers }],
    });
  }

  private async feedReadModels(): Promise<void> {
    const incident = {
      incidentId: this.incidentId,
      reference: 'FL-2024-KZ-AKT-0042',
      status: 'active' as const,
    };
    await this.publish('request', 'incident.reported', incident);
    await this.publish('offer', 'incident.reported', incident);
    await this.publish('offer', 'request.raised', {
      requestId: this.requestId,
      incidentId: this.incidentId,
      incidentReference: incident.reference,
      itemCode: 'WASH-HYGIENE-KIT',
      itemName: 'Sanitary and hygiene kit',
      unit: 'kit',
      quantity: 100_000_000,
      scope: 'international',
      neededBy: `${day(30)}T00:00:00.000Z`,
      coverage: { requested: 100_000_000, pledged: 0, delivered: 0, remaining: 100_000_000 },
    });
    await this.publish('offer', 'request.raised', {
      requestId: this.domesticRequestId,
      incidentId: this.incidentId,
      incidentReference: incident.reference,
      itemCode: 'SHELTER-TENT-FAMILY',
      itemName: 'Family tent',
      unit: 'piece',
      quantity: 50,
      scope: 'domestic',
      neededBy: `${day(30)}T00:00:00.000Z`,
      coverage: { requested: 50, pledged: 0, delivered: 0, remaining: 50 },
    });
    const count = (service: ServiceName, sql: string) => async () =>
      Number((await this.services[service].sql.query<{ n: string }>(sql)).rows[0].n);
    await eventually(
      count('request', `SELECT count(*) AS n FROM incidents`),
      (n) => n === 1,
      'the incident in the request read model',
    );
    await eventually(
      count(
        'offer',
        `SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM requests) AS n`,
      ),
      (n) => n === 3,
      'the incident and the two requests in the offer read models',
    );
  }

  // --- fresh targets ---

  async incident(): Promise<{ id: string; version: number }> {
    const { body, etag } = await this.api<{ id: string }>(
      'incident',
      'POST',
      '/incidents',
      'operator',
      {
        title: 'Spring flood on the Ilek river',
        hazard: 'FL',
        region: 'KZ-15',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
        figures: { affected: 5400, evacuated: 2300 },
      },
    );
    return { id: body.id, version: etag };
  }

  async request(): Promise<{ id: string; version: number }> {
    const { body, etag } = await this.api<{ id: string }>(
      'request',
      'POST',
      '/requests',
      'operator',
      {
        incidentId: this.incidentId,
        item: { code: 'WASH-HYGIENE-KIT' },
        quantity: 400,
        priority: 'high',
        neededBy: day(10),
        location: { region: 'KZ-15', address: 'Aktobe, school No. 3' },
        scope: 'international',
      },
    );
    return { id: body.id, version: etag };
  }

  /** An offer of the own agency (UNICEF) on the known request, brought to `stage`. */
  async offer(
    stage: 'published' | 'accepted' | 'dispatchable' | 'dispatched' = 'published',
  ): Promise<{ id: string; version: number }> {
    const published = await this.api<{ id: string }>('offer', 'POST', '/offers', 'ownAgency', {
      requestId: this.requestId,
      quantity: 10,
      expectedDeliveryDate: day(5),
    });
    const id = published.body.id;
    if (stage === 'published') return { id, version: published.etag };
    const accepted = await this.api(
      'offer',
      'POST',
      `/offers/${id}/accept`,
      'operator',
      {},
      undefined,
      published.etag,
    );
    if (stage === 'accepted') return { id, version: accepted.etag };
    // The request side counted it: coverage-changed naming the offer, as the request service says.
    await this.publish('offer', 'request.coverage-changed', {
      requestId: this.requestId,
      incidentId: this.incidentId,
      revision: 1,
      offerId: id,
    });
    await eventually(
      async () =>
        (
          await this.services.offer.sql.query<{ pledge_confirmed: boolean }>(
            `SELECT pledge_confirmed FROM offers WHERE id = $1`,
            [id],
          )
        ).rows[0]?.pledge_confirmed,
      (confirmed) => confirmed === true,
      `the pledge of offer ${id} confirmed`,
    );
    if (stage === 'dispatchable') return { id, version: accepted.etag };
    // Confirming the pledge leaves the version as the acceptance made it.
    const dispatched = await this.api(
      'offer',
      'POST',
      `/offers/${id}/dispatch`,
      'ownAgency',
      {},
      undefined,
      accepted.etag,
    );
    return { id, version: dispatched.etag };
  }

  /** A partner without offers (so it may be deleted). */
  async partner(): Promise<{ code: string; version: number }> {
    const code = this.unique('FUZZ').toUpperCase().slice(0, 32);
    const { etag } = await this.api('offer', 'POST', '/partners', 'admin', {
      code,
      name: 'Zhardem Public Foundation',
      kind: 'ngo',
      origin: 'domestic',
      contactEmail: 'duty@zhardem.example.org',
    });
    return { code, version: etag };
  }

  /** A subscriber of UNICEF linked to a person of its own. */
  async subscriber(): Promise<Subscriber> {
    const userId = this.unique('self');
    const { body } = await this.api<{ id: string }>(
      'notification',
      'POST',
      '/subscribers',
      'admin',
      {
        name: 'UNICEF duty desk',
        organisation: 'UNICEF',
        email: 'desk@unicef.example.org',
        phone: '+77012345678',
        language: 'en',
        channels: ['email', 'sms'],
        userId,
      },
    );
    const selfToken = await mintTestToken({ role: 'agency', org: 'unicef', sub: userId });
    return { id: body.id, userId, selfToken };
  }

  async subscription(subscriberId: string): Promise<string> {
    const { body } = await this.api<{ id: string }>(
      'notification',
      'POST',
      `/subscribers/${subscriberId}/subscriptions`,
      'admin',
      { regions: ['KZ-15'], minSeverity: 'Severe' },
    );
    return body.id;
  }

  /**
   * A notification that failed for good. The ledger is written only by the event consumer;
   * a row is inserted here as it would end after a permanent refusal.
   */
  async failedNotification(subscriberId: string): Promise<string> {
    const id = randomUUID();
    await this.services.notification.sql.query(
      `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
         language, subject, body_text, status, attempts, next_attempt_at, last_error, created_at,
         updated_at)
       VALUES ($1, $2, 'incident.reported', $3, 'sms', '+77012345678', 'en', NULL,
         'Flood in Aktobe region', 'failed', 5, now(), 'SMSC rejected: unknown number', now(), now())`,
      [id, randomUUID(), subscriberId],
    );
    return id;
  }

  unsubscribeToken(subscriberId: string): string {
    const config = this.services.notification.config as unknown as NotificationServiceConfig;
    return signUnsubscribeToken(subscriberId, config.UNSUBSCRIBE_SECRET);
  }

  /** `X-Signature` of a body sent to POST /webhooks/sms/receipts, as the HTTP gateway signs it. */
  webhookSignature(body: string): string {
    const config = this.services.notification.config as unknown as NotificationServiceConfig;
    return signWebhookBody(body, config.SMS_HTTP_WEBHOOK_SECRET!);
  }

  /**
   * A dead letter of `incident.events` in the service's dead-letter topic, as its consumer would
   * park an unreadable message; replaying it sends the same unreadable bytes again.
   */
  async deadLetter(
    service: ServiceName,
  ): Promise<{ topic: string; partition: number; offset: string }> {
    const prefix = this.prefixes[service];
    const [meta] = await this.producer.send({
      topic: `${prefix}${deadLetterTopic('incident.events')}`,
      acks: -1,
      messages: [
        {
          key: 'bad-input',
          value: 'not an event',
          partition: 0,
          headers: {
            'dlq-reason': 'malformed-json',
            'dlq-original-topic': `${prefix}incident.events`,
            'dlq-original-partition': '0',
            'dlq-original-offset': '0',
          },
        },
      ],
    });
    return {
      topic: deadLetterTopic('incident.events'),
      partition: meta.partition,
      offset: String(meta.baseOffset ?? meta.offset),
    };
  }
}
