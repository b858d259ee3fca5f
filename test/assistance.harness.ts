/**
 * Both services of issue #5 as they run (ServiceCoreModule, migrations, outbox relay, Kafka
 * consumer), each on a fresh database, sharing one Kafka topic prefix so they talk through real
 * Kafka and nothing else. Incident events are produced as incident-service would (a valid
 * envelope built by @relief/messaging), since incident-service is not part of the test.
 */
import { randomUUID } from 'node:crypto';
import { Logger, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@relief/config';
import {
  ALL_TOPICS,
  EVENT_EXAMPLES,
  type EventEnvelope,
  type IncidentSnapshotV1,
  type IncidentStatus,
} from '@relief/contracts';
import { buildEnvelope } from '@relief/messaging';
import type { Actor } from '@relief/observability';
import {
  createTopics,
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestCaller,
  type TestService,
} from '@relief/testing';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import request, { type Response, type Test } from 'supertest';
import { AppModule as OfferApp } from '../apps/partner-offer-service/src/app.module';
import { PartnerOfferServiceConfig } from '../apps/partner-offer-service/src/partner-offer-service.config';
import { AppModule as RequestApp } from '../apps/resource-request-service/src/app.module';
import { ResourceRequestServiceConfig } from '../apps/resource-request-service/src/resource-request-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

/** The callers these tests act as (operators, agencies, admin, a stranger). */
export type Who = TestCaller;

export type Service = TestService<ServiceConfig>;

export interface SeenEvent {
  topic: string;
  key: string;
  envelope: EventEnvelope & { payload: Record<string, unknown> };
}

/** A stockpile as the offer service shows it (`distanceKm`, `versionDiffers`, `yours` in matches). */
export interface Stockpile {
  id: string;
  version: number;
  ownerCode: string;
  region: string;
  itemCode: string;
  itemVersion: number | null;
  onHand: number;
  reserved: number;
  available: number;
  distanceKm?: number;
  versionDiffers?: boolean;
  yours?: boolean;
}

/** A request's coverage: requested / pledged / delivered, and what remains to be pledged. */
export interface Coverage {
  requested: number;
  pledged: number;
  delivered: number;
  remaining: number;
}

/** Like supertest's .expect(code), but a failure shows the problem details that came back. */
export function status(code: number) {
  return (response: request.Response) => {
    if (response.status !== code) {
      throw new Error(`expected ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
    }
  };
}

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

/** YYYY-MM-DD, `days` from today. */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export class AssistanceHarness {
  readonly prefix = uniqueTopicPrefix();
  readonly seen: SeenEvent[] = [];
  requests: Service;
  offers: Service;
  private producer: Producer;
  private reader: Consumer;
  private readonly tokens = new Map<Who, string>();

  static async start(name: string): Promise<AssistanceHarness> {
    const harness = new AssistanceHarness();
    await harness.boot(name);
    return harness;
  }

  private async boot(name: string): Promise<void> {
    const brokers = testKafkaBrokers();
    // Safe to repeat; a broker shared by several suites sometimes lags on new topics' metadata.
    await retry(() => createTopics(brokers, this.prefix, ALL_TOPICS), 'creating the test topics');
    const kafka = new Kafka({ clientId: `${name}-test`, brokers, logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    this.reader = kafka.consumer({ groupId: `${this.prefix}reader` });
    await this.reader.connect();
    await this.reader.subscribe({
      topics: ALL_TOPICS.map((t) => `${this.prefix}${t}`),
      fromBeginning: true,
    });
    await this.reader.run({
      eachMessage: async ({ topic, message }) => {
        this.seen.push({
          topic: topic.slice(this.prefix.length),
          key: message.key!.toString(),
          envelope: JSON.parse(message.value!.toString()) as SeenEvent['envelope'],
        });
      },
    });

    // A consumer group of their own per test file: files run in parallel on one broker.
    const group = this.prefix.replace(/[^a-z0-9]/g, '');
    [this.requests, this.offers] = await Promise.all([
      this.service(`${name}_requests`, ResourceRequestServiceConfig, `rr-${group}`, (config) =>
        RequestApp.forRoot(config),
      ),
      this.service(`${name}_offers`, PartnerOfferServiceConfig, `po-${group}`, (config) =>
        OfferApp.forRoot(config),
      ),
    ]);
    for (const who of Object.keys(TEST_IDENTITIES) as Who[])
      this.tokens.set(who, await mintTestToken(TEST_IDENTITIES[who]));
  }

  private service<C extends ServiceConfig>(
    name: string,
    configClass: new () => C,
    clientId: string,
    module: (config: C) => DynamicModule,
  ): Promise<Service> {
    return startTestService({
      name,
      configClass,
      module,
      topicPrefix: this.prefix,
      env: { KAFKA_CLIENT_ID: clientId },
    });
  }

  async stop(): Promise<void> {
    for (const service of [this.requests, this.offers]) await service?.close();
    await this.reader?.disconnect();
    await this.producer?.disconnect();
  }

  /**
   * supertest against one service, as one of TEST_IDENTITIES (or anonymous). A write on an
   * existing resource sends `If-Match` (required there): `ifMatch` when the test names the version it
   * saw, otherwise the version the resource is at now, read as the ministry (which sees every
   * one), so a test about something else still makes a valid conditional write.
   */
  call(service: 'requests' | 'offers', who?: Who) {
    const agent = request(this[service].app.getHttpServer());
    const auth = who ? { Authorization: `Bearer ${this.tokens.get(who)}` } : {};
    const conditional = async (url: string, ifMatch: number | undefined) => {
      const resource = /^\/(?:offers|requests|partners)\/[^/?]+/.exec(url)?.[0];
      if (ifMatch === undefined && resource) {
        const current = await agent
          .get(resource)
          .set({ Authorization: `Bearer ${this.tokens.get('admin')}` });
        const etag = current.headers.etag as string | undefined;
        return { ...auth, ...(etag ? { 'If-Match': etag } : {}) };
      }
      return { ...auth, ...(ifMatch !== undefined ? { 'If-Match': `"${ifMatch}"` } : {}) };
    };
    return {
      get: (url: string) => agent.get(url).set(auth),
      post: (url: string, body: object = {}, ifMatch?: number) =>
        new ConditionalCall(async () => ({
          test: agent
            .post(url)
            .set(url.split('/').length > 2 ? await conditional(url, ifMatch) : auth)
            .send(body),
        })),
      patch: (url: string, body: object, ifMatch?: number) =>
        new ConditionalCall(async () => ({
          test: agent
            .patch(url)
            .set(await conditional(url, ifMatch))
            .send(body),
        })),
      delete: (url: string, ifMatch?: number) =>
        new ConditionalCall(async () => ({
          test: agent.delete(url).set(await conditional(url, ifMatch)),
        })),
    };
  }

  /**
   * Publishes an incident event onto the shared incident.events topic, as incident-service would;
   * `actor` as it carries the person who made the change (absent: system:incident-service).
   */
  async incident(
    status: IncidentStatus = 'active',
    incidentId: string = randomUUID(),
    overrides: Partial<IncidentSnapshotV1> = {},
    actor?: Actor,
  ): Promise<IncidentSnapshotV1> {
    const snapshot: IncidentSnapshotV1 = {
      ...EVENT_EXAMPLES['incident.reported'],
      incidentId,
      reference: `FL-2024-KZ-AKT-${String(Math.floor(Math.random() * 9000) + 1000)}`,
      status,
      ...overrides,
    };
    const closing = status === 'closed' || status === 'cancelled';
    const built = buildEnvelope(
      closing
        ? {
            type: 'incident.closed',
            version: 1,
            aggregateId: incidentId,
            payload: {
              ...snapshot,
              previousStatus: 'active',
              reason: 'Water back in the river bed.',
            },
          }
        : { type: 'incident.reported', version: 1, aggregateId: incidentId, payload: snapshot },
      {
        producer: 'incident-service',
        context: actor ? { correlationId: randomUUID(), actor } : undefined,
      },
    );
    await this.producer.send({
      topic: `${this.prefix}incident.events`,
      acks: -1,
      messages: [{ key: incidentId, value: built.value, headers: built.headers }],
    });
    return snapshot;
  }

  /** Publishes `incident.updated`: the incident as it is now, naming the fields that changed. */
  async incidentUpdated(snapshot: IncidentSnapshotV1, changedFields: string[]): Promise<void> {
    const built = buildEnvelope(
      {
        type: 'incident.updated',
        version: 1,
        aggregateId: snapshot.incidentId,
        payload: { ...snapshot, changedFields },
      },
      { producer: 'incident-service' },
    );
    await this.producer.send({
      topic: `${this.prefix}incident.events`,
      acks: -1,
      messages: [{ key: snapshot.incidentId, value: built.value, headers: built.headers }],
    });
  }

  /**
   * An international, critical request of the operator's for `quantity` hygiene kits (by
   * default, in Aktobe region), retried until the request service knows the incident; returned
   * once the offer service knows the request too. The body as the request service answered.
   */
  async raiseRequest<T extends { id: string } = { id: string }>(
    incidentId: string,
    quantity: number,
    { region = 'KZ-15', itemCode = 'WASH-HYGIENE-KIT' } = {},
  ): Promise<T> {
    const raised = await eventually(
      () =>
        this.call('requests', 'operator').post('/requests', {
          incidentId,
          item: { code: itemCode },
          quantity,
          priority: 'critical',
          neededBy: day(5),
          location: { region },
          scope: 'international',
        }),
      (res) => res.status !== 422,
      'the request service to learn of the incident',
    );
    if (raised.status !== 201) {
      throw new Error(`POST /requests answered ${raised.status}: ${JSON.stringify(raised.body)}`);
    }
    const body = raised.body as T;
    await eventually(
      () => this.call('offers', 'operator').get(`/requests/${body.id}`),
      (res) => res.status === 200,
      'the offer service to learn of the request',
    );
    return body;
  }

  /** A stockpile as GET /stock/:id shows it to the ministry. */
  async stockOf(id: string): Promise<Stockpile> {
    const res = await this.call('offers', 'operator').get(`/stock/${id}`).expect(status(200));
    return res.body as Stockpile;
  }

  /** A request's coverage as the request service counts it. */
  async coverageOf(requestId: string): Promise<Coverage> {
    const res = await this.call('requests', 'operator')
      .get(`/requests/${requestId}`)
      .expect(status(200));
    return (res.body as { coverage: Coverage }).coverage;
  }

  /**
   * The stockpile, checked against its movement ledger: received − written off = on hand +
   * dispatched, on hand = available + reserved, reservations still held = reserved. With the
   * units dispatched from it so far.
   */
  async stockBalanced(id: string): Promise<Stockpile & { dispatched: number }> {
    const { rows } = await this.offers.sql.query<{ kind: string; total: number }>(
      'SELECT kind, SUM(quantity)::int AS total FROM stock_movements WHERE stockpile_id = $1 GROUP BY kind',
      [id],
    );
    const sum = (kind: string) => rows.find((r) => r.kind === kind)?.total ?? 0;
    const s = await this.stockOf(id);
    expect(s.available + s.reserved).toBe(s.onHand);
    expect(s.onHand + sum('dispatched')).toBe(sum('received') - sum('written-off'));
    expect(sum('reserved') - sum('released') - sum('dispatched')).toBe(s.reserved);
    return { ...s, dispatched: sum('dispatched') };
  }

  /** Events seen on a topic so far, optionally of one type and aggregate. */
  events(type?: string, aggregateId?: string): SeenEvent[] {
    return this.seen.filter(
      (e) => (!type || e.envelope.type === type) && (!aggregateId || e.key === aggregateId),
    );
  }
}

/**
 * A supertest call whose headers take a look-up first (the current version for If-Match):
 * `.expect(...)` chains as on supertest, and awaiting it sends the call.
 */
class ConditionalCall implements Promise<Response> {
  readonly [Symbol.toStringTag] = 'ConditionalCall';
  private readonly checks: unknown[][] = [];

  /** `build` wraps the Test: an async function returning it bare would await (send) it. */
  constructor(private readonly build: () => Promise<{ test: Test }>) {}

  expect(...args: unknown[]): this {
    this.checks.push(args);
    return this;
  }

  then<A = Response, B = never>(
    onFulfilled?: ((response: Response) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.build()
      .then(({ test }) =>
        this.checks.reduce<Test>(
          (call, args) => (call.expect as (...a: unknown[]) => Test).apply(call, args),
          test,
        ),
      )
      .then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null) {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<Response> {
    return this.then().finally(onFinally);
  }
}
