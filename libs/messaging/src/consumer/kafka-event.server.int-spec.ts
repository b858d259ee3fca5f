import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Controller, Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, auditEntities } from '@relief/audit';
import { EventTypes, exampleEvent, type ConsumedEvent } from '@relief/contracts';
import { RequestContext, type Actor } from '@relief/observability';
import { register } from 'prom-client';
import request from 'supertest';
import {
  Column,
  Entity,
  PrimaryGeneratedColumn,
  QueryFailedError,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { type DeadLetterEntry } from '../dead-letters/dead-letter.service';
import { MessagingHealth } from '../health/messaging-health.service';
import { messagingEntities } from '../migrations';
import { MessagingModule } from '../messaging.module';
import { resolveMessagingOptions } from '../messaging.options';
import { KafkaClient } from '../kafka/kafka-client.service';
import { buildEnvelope } from '../outbox/build-envelope';
import { OutboxService } from '../outbox/outbox.service';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  assertKafkaAnswers,
  deleteTopicsWithPrefix,
  rawProducer,
  TopicReader,
  testKafka,
  testMessagingOptions,
  uniqueTopicPrefix,
  waitUntil,
} from '../testing/test-kafka';
import { DeadLetterService } from '../dead-letters/dead-letter.service';
import { type EventContext } from './event-context';
import { HandleEvent } from './handle-event.decorator';
import { KafkaEventServer } from './kafka-event.server';

const execFileAsync = promisify(execFile);
const logs = process.env.TEST_LOGS ? (['log', 'warn', 'error'] as const) : false;
Logger.overrideLogger(logs === false ? false : [...logs]);

/** What the test handler writes: one row per applied event. */
@Entity({ name: 'test_effects' })
class TestEffectEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ name: 'causation_id', type: 'text', nullable: true })
  causationId: string | null;

  @Column({ type: 'integer' })
  attempt: number;

  /** The actor of the handler's request context (from the consumed envelope). */
  @Column({ type: 'jsonb', nullable: true })
  actor: Actor | null;
}

class CreateTestEffects1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE test_effects (
      id serial PRIMARY KEY, event_id uuid NOT NULL, title text NOT NULL,
      correlation_id text, causation_id text, attempt integer NOT NULL, actor jsonb)`);
  }
  async down(): Promise<void> {}
}

/** Behaviour switches and call counts, by the title of the incident. */
const handler = { calls: new Map<string, number>(), failPermanently: true };

@Controller()
class IncidentsTestConsumer {
  @HandleEvent(EventTypes.IncidentReported)
  async onReported(
    @Payload() event: ConsumedEvent<'incident.reported'>,
    @Ctx() context: EventContext,
  ): Promise<void> {
    const calls = (handler.calls.get(event.id) ?? 0) + 1;
    handler.calls.set(event.id, calls);
    const { title } = event.payload;
    if (title.startsWith('outage') && calls <= 2) {
      const dropped = Object.assign(
        new Error('terminating connection due to administrator command'),
        {
          code: '57P01',
        },
      );
      throw new QueryFailedError('INSERT INTO test_effects ...', [], dropped);
    }
    if (title.startsWith('broken') && handler.failPermanently) {
      throw new Error(`boom: cannot apply ${title}`);
    }
    const request = RequestContext.current();
    await context.manager.insert(TestEffectEntity, {
      eventId: event.id,
      title,
      correlationId: request?.correlationId ?? null,
      causationId: request?.causationId ?? null,
      attempt: context.attempt,
      actor: request?.actor ?? null,
    });
  }
}

describe('KafkaEventServer (Nest hybrid app, PostgreSQL + Kafka)', () => {
  const prefix = uniqueTopicPrefix();
  const topic = `${prefix}incident.events`;
  const options = testMessagingOptions(prefix);
  let db: TestDatabase;
  let app: INestApplication | undefined;
  let producer: Awaited<ReturnType<typeof rawProducer>>;
  let deadLetters: TopicReader;

  async function startApp(): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: db.url,
          entities: [...messagingEntities, ...auditEntities, TestEffectEntity],
          synchronize: false,
          poolSize: 10,
        }),
        AuditModule.forRoot({ serviceName: 'test-service', sealIntervalMs: 0 }),
        MessagingModule.forRoot(options, { deadLetterAdmin: true }),
      ],
      controllers: [IncidentsTestConsumer],
    }).compile();
    const nest = moduleRef.createNestApplication({ logger: logs === false ? false : [...logs] });
    // As the services do: a strict global pipe, inherited by the consumer. The handler arguments
    // are typed as interfaces so that it leaves them alone.
    nest.useGlobalPipes(
      new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        transform: true,
      }),
    );
    nest.connectMicroservice({ strategy: nest.get(KafkaEventServer) }, { inheritAppConfig: true });
    try {
      await nest.startAllMicroservices();
      await nest.init();
      await nest.get(KafkaEventServer).waitUntilRunning();
    } catch (error) {
      await nest.close();
      throw error;
    }
    return nest;
  }

  beforeAll(async () => {
    await assertKafkaAnswers();
    db = await createTestDatabase({
      entities: [TestEffectEntity],
      migrations: [CreateTestEffects1700000000000],
    });
    await new KafkaClient(resolveMessagingOptions(options)).ensureTopics();
    deadLetters = new TopicReader([`${topic}.dlq`]);
    await deadLetters.start();
    producer = await rawProducer();
    app = await startApp();
  });

  afterAll(async () => {
    await app?.close();
    await deadLetters?.stop();
    await producer?.disconnect();
    await db?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  /** A valid incident.reported message, as another service's relay would send it. */
  function incident(
    title: string,
    {
      correlationId,
      incidentId = randomUUID(),
    }: { correlationId?: string; incidentId?: string } = {},
  ) {
    const event = exampleEvent(EventTypes.IncidentReported, { incidentId, title });
    const built = buildEnvelope(event, {
      producer: 'incident-service',
      context: { correlationId: correlationId ?? randomUUID() },
    });
    return {
      envelope: built.envelope,
      message: { key: event.aggregateId, value: built.value, headers: built.headers },
    };
  }

  async function effectsOf(eventId: string): Promise<TestEffectEntity[]> {
    return db.dataSource.getRepository(TestEffectEntity).findBy({ eventId });
  }

  const applied = (eventId: string) => async () => (await effectsOf(eventId)).length > 0;

  const deadLettersOf = (eventId: string) =>
    deadLetters.messages.filter((m) => m.headers['event-id'] === eventId);

  it('applies an event in one transaction with its inbox row, inside its request context', async () => {
    const { envelope, message } = incident('Flood in Aktobe', { correlationId: 'corr-from-http' });
    await producer.sendRaw(topic, [message]);
    await waitUntil(applied(envelope.id));

    const [effect] = await effectsOf(envelope.id);
    expect(effect).toMatchObject({
      correlationId: 'corr-from-http',
      causationId: envelope.id,
      attempt: 1,
    });
    const inbox = await db.dataSource.query<{ event_type: string }[]>(
      'SELECT event_type FROM processed_events WHERE consumer_group = $1 AND event_id = $2',
      [options.clientId, envelope.id],
    );
    expect(inbox).toEqual([{ event_type: 'incident.reported' }]);
    expect(app!.get(MessagingHealth).isConsumerHealthy()).toBe(true);
  });

  it('applies an event delivered twice only once', async () => {
    const incidentId = randomUUID();
    const twice = incident('Delivered twice', { incidentId });
    const marker = incident('Behind the copy', { incidentId }); // same key: same partition, after
    await producer.sendRaw(topic, [twice.message, twice.message, marker.message]);
    await waitUntil(applied(marker.envelope.id));

    expect(await effectsOf(twice.envelope.id)).toHaveLength(1);
    expect(handler.calls.get(twice.envelope.id)).toBe(1);
  });

  it('dead-letters a malformed message, an unknown type and an unknown version, and goes on', async () => {
    const incidentId = randomUUID();
    const malformed = {
      key: incidentId,
      value: '{"id": "oops"',
      headers: { 'event-id': randomUUID() },
    };
    const unknownType = incident('Unknown type', { incidentId });
    const unknownVersion = incident('Unknown version', { incidentId });
    const valid = incident('Behind the bad ones', { incidentId });
    const retyped = (m: typeof valid, change: object) => ({
      ...m.message,
      value: JSON.stringify({ ...m.envelope, ...change }),
    });
    await producer.sendRaw(topic, [
      malformed,
      retyped(unknownType, { type: 'incident.teleported' }),
      retyped(unknownVersion, { version: 99 }),
      valid.message,
    ]);
    await waitUntil(applied(valid.envelope.id));
    await waitUntil(() => deadLetters.messages.length >= 3);

    const [first, second, third] = [
      deadLettersOf(malformed.headers['event-id'])[0],
      deadLettersOf(unknownType.envelope.id)[0],
      deadLettersOf(unknownVersion.envelope.id)[0],
    ];
    expect(first.headers['dlq-reason']).toBe('malformed-json');
    expect(first.value).toBe(malformed.value); // the original bytes
    expect(first.key).toBe(incidentId); // and key
    expect(second.headers['dlq-reason']).toBe('unknown-type');
    expect(second.headers['dlq-error']).toContain('incident.teleported');
    expect(third.headers['dlq-reason']).toBe('unknown-version');
    for (const letter of [first, second, third]) {
      expect(letter.headers).toMatchObject({
        'dlq-original-topic': topic,
        'dlq-consumer-group': options.clientId,
      });
      expect(letter.headers['dlq-original-partition']).toMatch(/^\d+$/);
      expect(letter.headers['dlq-original-offset']).toMatch(/^\d+$/);
      expect(Date.parse(letter.headers['dlq-failed-at'])).not.toBeNaN();
    }
    // Same partition, so their original offsets are consecutive.
    expect(
      new Set([first, second, third].map((l) => l.headers['dlq-original-partition'])).size,
    ).toBe(1);
  });

  it('waits out a handler failing on an outage, without a dead letter', async () => {
    const { envelope, message } = incident('outage twice, then fine');
    await producer.sendRaw(topic, [message]);
    await waitUntil(applied(envelope.id));

    expect(handler.calls.get(envelope.id)).toBe(3);
    expect((await effectsOf(envelope.id))[0].attempt).toBe(3);
    expect(deadLettersOf(envelope.id)).toEqual([]);
  });

  it('retries a handler failing for good maxAttempts times, then dead-letters it with the error', async () => {
    const incidentId = randomUUID();
    const broken = incident('broken for good', { incidentId });
    const next = incident('Behind the broken one', { incidentId });
    await producer.sendRaw(topic, [broken.message, next.message]);
    await waitUntil(applied(next.envelope.id));

    expect(handler.calls.get(broken.envelope.id)).toBe(3);
    expect(await effectsOf(broken.envelope.id)).toEqual([]);
    await waitUntil(() => deadLettersOf(broken.envelope.id).length === 1);
    const [letter] = deadLettersOf(broken.envelope.id);
    expect(letter.headers['dlq-reason']).toBe('handler-failed');
    expect(letter.headers['dlq-error']).toContain('boom: cannot apply broken for good');
    expect(letter.headers['correlation-id']).toBe(broken.envelope.correlationId); // original headers kept
  });

  it('lists dead letters and replays one (service and HTTP endpoints)', async () => {
    const service = app!.get(DeadLetterService);
    const listed = await service.list('incident.events');
    expect(listed.map((entry) => entry.reason).sort()).toEqual(
      ['handler-failed', 'malformed-json', 'unknown-type', 'unknown-version'].sort(),
    );

    const response = await request(app!.getHttpServer())
      .get('/admin/dead-letters')
      .query({ topic: 'incident.events.dlq', limit: 10 })
      .expect(200);
    const failed = (response.body as DeadLetterEntry[]).find((e) => e.reason === 'handler-failed')!;
    expect(failed).toMatchObject({ originalTopic: topic, consumerGroup: options.clientId });
    await request(app!.getHttpServer())
      .get('/admin/dead-letters')
      .query({ topic: 'nope' })
      .expect(400);

    handler.failPermanently = false; // the bug was fixed
    const eventId = JSON.parse(failed.value!).id as string;
    const replayed = await request(app!.getHttpServer())
      .post('/admin/dead-letters/replay')
      .send({
        topic: failed.topic.slice(prefix.length),
        partition: failed.partition,
        offset: failed.offset,
      })
      .expect(200);
    expect(replayed.body).toEqual({ topic, eventId });
    await waitUntil(applied(eventId));
    const audited = await db.dataSource.query<{ action: string; changes: unknown }[]>(
      `SELECT action, changes FROM audit_entries WHERE object_id = $1`,
      [`${failed.topic}:${failed.partition}:${failed.offset}`],
    );
    expect(audited).toEqual([
      { action: 'dead-letter.replayed', changes: { before: null, after: { topic, eventId } } },
    ]);

    await request(app!.getHttpServer())
      .post('/admin/dead-letters/replay')
      .send({ topic: 'incident.events.dlq', partition: 0, offset: '999999' })
      .expect(404);
  });

  it('lists dead letters from the command line too', async () => {
    const { stdout } = await execFileAsync(
      'npx',
      ['tsx', 'libs/messaging/src/cli/dead-letters.ts', 'list', 'incident.events', '--limit', '2'],
      {
        cwd: join(__dirname, '..', '..', '..', '..'),
        env: {
          ...process.env,
          KAFKA_BROKERS: options.brokers.join(','),
          KAFKA_TOPIC_PREFIX: prefix,
        },
      },
    );
    const entries = JSON.parse(stdout) as DeadLetterEntry[];
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ topic: `${topic}.dlq`, originalTopic: topic });
  });

  it("carries a request's correlation id and actor from the outbox through Kafka into the handler", async () => {
    const event = exampleEvent(EventTypes.IncidentReported, {
      incidentId: randomUUID(),
      title: 'End to end',
    });
    const actor = { subject: 'operator-9', organisationId: 'MES', roles: ['operator'] };
    const envelope = await RequestContext.run({ correlationId: 'corr-end-to-end', actor }, () =>
      db.dataSource.transaction((manager) => app!.get(OutboxService).append(manager, event)),
    );
    await waitUntil(applied(envelope.id));
    const [effect] = await effectsOf(envelope.id);
    expect(effect).toMatchObject({
      correlationId: 'corr-end-to-end',
      causationId: envelope.id,
      actor,
    });
    // The outbox recorded the event in the audit trail, in its transaction.
    const audited = await db.dataSource.query<object[]>(
      `SELECT actor_subject, actor_organisation, actor_roles, correlation_id, object_type, action,
              event_id
       FROM audit_entries WHERE object_id = $1`,
      [event.aggregateId],
    );
    expect(audited).toEqual([
      {
        actor_subject: 'operator-9',
        actor_organisation: 'MES',
        actor_roles: ['operator'],
        correlation_id: 'corr-end-to-end',
        object_type: 'incident',
        action: 'incident.reported',
        event_id: envelope.id,
      },
    ]);

    const health = app!.get(MessagingHealth);
    await waitUntil(async () => (await health.outboxBacklog()).pending === 0);
    expect(await health.status()).toMatchObject({
      consumer: { state: 'running', healthy: true },
      producer: { connected: true },
      relay: { running: true, listening: true, consecutiveFailures: 0 },
      outbox: { pending: 0, oldestPendingAgeMs: null },
    });
    const metrics = await register.metrics();
    expect(metrics).toMatch(
      /messaging_events_consumed_total\{topic="incident.events",type="incident.reported"\} \d+/,
    );
    expect(metrics).toMatch(
      /messaging_events_dead_lettered_total\{topic="incident.events",reason="handler-failed"\} 1/,
    );
    expect(metrics).toMatch(/messaging_outbox_published_total\{topic="incident.events"\} \d+/);
    expect(metrics).toContain('messaging_outbox_backlog 0');
  });

  it('applies nothing twice when a new consumer instance of the group re-reads from offset 0', async () => {
    const before = await db.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM test_effects',
    );
    await app!.close();
    app = undefined;

    const admin = testKafka().admin();
    await admin.connect();
    // Back to each partition's first offset as a number: resetOffsets({ earliest }) commits the
    // symbolic -2, which stays there for a partition that holds no message (high 0), so the
    // catch-up below could never see it reached.
    const starts = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId: options.clientId,
      topic,
      partitions: starts.map(({ partition, low }) => ({ partition, offset: low })),
    });
    app = await startApp();
    // Caught up once the group's committed offsets reach the end of every partition.
    let seen = '';
    await waitUntil(
      async () => {
        const [committed] = await admin.fetchOffsets({
          groupId: options.clientId,
          topics: [topic],
        });
        const ends = await admin.fetchTopicOffsets(topic);
        seen = ends
          .map(({ partition, high }) => {
            const at = committed.partitions.find((p) => p.partition === partition)?.offset;
            return `p${partition} committed ${at} of ${high}`;
          })
          .join(', ');
        seen += `; consumer ${JSON.stringify((await app!.get(MessagingHealth).status()).consumer)}`;
        return ends.every(
          ({ partition, high }) =>
            committed.partitions.find((p) => p.partition === partition)?.offset === high,
        );
      },
      60_000,
      () => `the restarted consumer did not catch up (${seen})`,
    );
    await admin.disconnect();

    const after = await db.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM test_effects',
    );
    expect(after).toEqual(before);
    const doubled = await db.dataSource.query(
      'SELECT event_id FROM test_effects GROUP BY event_id HAVING count(*) > 1',
    );
    expect(doubled).toEqual([]);
  }, 90_000);
});
