import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { EventTypes, exampleEvent } from '@relief/contracts';
import { inSpan, RequestContext, startTracing } from '@relief/observability';
import { KafkaJSConnectionError } from 'kafkajs';
import { KafkaClient } from '../kafka/kafka-client.service';
import { resolveMessagingOptions, type ResolvedMessagingOptions } from '../messaging.options';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  assertKafkaAnswers,
  deleteTopicsWithPrefix,
  TopicReader,
  testMessagingOptions,
  uniqueTopicPrefix,
  waitUntil,
  type ReceivedMessage,
} from '../testing/test-kafka';
import { OutboxRelay, type PendingRow } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error', 'debug'] : false);

describe('outbox and relay (PostgreSQL + Kafka)', () => {
  const prefix = uniqueTopicPrefix();
  let options: ResolvedMessagingOptions;
  let db: TestDatabase;
  let outbox: OutboxService;
  let reader: TopicReader;
  const clients: KafkaClient[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    await assertKafkaAnswers();
    options = resolveMessagingOptions(testMessagingOptions(prefix));
    db = await createTestDatabase();
    outbox = new OutboxService(
      options,
      new AuditTrail({ serviceName: 'test-service', sealIntervalMs: 0 }, db.dataSource),
    );
    await kafkaClient().ensureTopics();
    reader = new TopicReader([`${prefix}incident.events`]);
    await reader.start();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  afterAll(async () => {
    await reader?.stop();
    await Promise.all(clients.map((client) => client.disconnect()));
    await db?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  function kafkaClient(): KafkaClient {
    const client = new KafkaClient(options);
    clients.push(client);
    return client;
  }

  /** A relay as a separate replica (or process) would have: its own Kafka client. */
  function newRelay<R extends OutboxRelay>(
    Relay: new (...args: ConstructorParameters<typeof OutboxRelay>) => R,
    relayOptions = options,
  ): R {
    const relay = new Relay(relayOptions, db.dataSource, kafkaClient());
    relays.push(relay);
    return relay;
  }

  function newIncident() {
    return exampleEvent(EventTypes.IncidentReported, { incidentId: randomUUID() });
  }

  const messagesFor = (key: string): ReceivedMessage[] =>
    reader.messages.filter((m) => m.key === key);

  async function pendingCount(): Promise<number> {
    const [{ count }] = await db.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM outbox_events WHERE published_at IS NULL',
    );
    return count;
  }

  it('publishes nothing when the transaction rolls back, and the event when it commits', async () => {
    newRelay(OutboxRelay).start();
    const rolledBack = newIncident();
    const committed = newIncident();

    await expect(
      db.dataSource.transaction(async (manager) => {
        await outbox.append(manager, rolledBack);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await db.dataSource.transaction((manager) => outbox.append(manager, committed));

    await waitUntil(() => messagesFor(committed.aggregateId).length === 1);
    await waitUntil(async () => (await pendingCount()) === 0);
    expect(messagesFor(rolledBack.aggregateId)).toEqual([]);
    const [message] = messagesFor(committed.aggregateId);
    expect(JSON.parse(message.value!)).toMatchObject({
      type: 'incident.reported',
      aggregateId: committed.aggregateId,
      producer: 'test-service',
      payload: committed.payload,
    });
  });

  it('refuses to append outside a transaction', async () => {
    await expect(outbox.append(db.dataSource.manager, newIncident())).rejects.toThrow(
      /open transaction/,
    );
  });

  it('carries the request correlation id in the envelope and the Kafka headers', async () => {
    newRelay(OutboxRelay).start();
    const event = newIncident();
    const envelope = await RequestContext.run({ correlationId: 'corr-http-7' }, () =>
      db.dataSource.transaction((manager) => outbox.append(manager, event)),
    );
    const [message] = await waitUntil(() => messagesFor(event.aggregateId).length === 1).then(() =>
      messagesFor(event.aggregateId),
    );
    expect(JSON.parse(message.value!)).toMatchObject({
      id: envelope.id,
      correlationId: 'corr-http-7',
      causationId: null,
    });
    expect(message.headers).toMatchObject({
      'event-id': envelope.id,
      'event-type': 'incident.reported',
      'event-version': '1',
      'correlation-id': 'corr-http-7',
      producer: 'test-service',
    });
  });

  it("sends each event in a span of its own, in the appending span's trace", async () => {
    startTracing({
      service: 'outbox-relay-spec',
      exporter: 'none',
      endpoint: 'http://127.0.0.1:4318',
    });
    const traceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
    const events = [newIncident(), newIncident()];
    // Appended in one span (a request's), sent in one cycle: one send span per message.
    const appender = await inSpan('POST /incidents', {}, async (span) => {
      await db.dataSource.transaction((manager) => outbox.appendAll(manager, events));
      return span.spanContext();
    });
    await newRelay(OutboxRelay).flush();
    const sent = await Promise.all(
      events.map(async ({ aggregateId }) => {
        await waitUntil(() => messagesFor(aggregateId).length === 1);
        const [, traceId, spanId] = traceparent.exec(
          messagesFor(aggregateId)[0].headers.traceparent ?? '',
        ) ?? ['', 'none', 'none'];
        return { traceId, spanId };
      }),
    );
    expect(sent.map((s) => s.traceId)).toEqual([appender.traceId, appender.traceId]);
    // Not the appender's span (the consumers' parent is the send), and one per message.
    expect(new Set([appender.spanId, ...sent.map((s) => s.spanId)]).size).toBe(3);
    // The row keeps the appender's context: a send after a failed cycle is a sibling, not a child.
    const [row] = await db.dataSource.query<{ headers: Record<string, string> }[]>(
      'SELECT headers FROM outbox_events WHERE key = $1',
      [events[0].aggregateId],
    );
    expect(row.headers.traceparent).toBe(`00-${appender.traceId}-${appender.spanId}-01`);
  });

  it('publishes a committed event although the relay died before sending it', async () => {
    const dead = newRelay(OutboxRelay);
    dead.start();
    await dead.stop(); // the process dies: no final flush
    const event = newIncident();
    await db.dataSource.transaction((manager) => outbox.append(manager, event));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesFor(event.aggregateId)).toEqual([]);

    newRelay(OutboxRelay).start(); // the restarted process
    await waitUntil(() => messagesFor(event.aggregateId).length === 1);
  });

  it('sends again (never loses) an event whose relay died between sending and marking it', async () => {
    class DiesAfterSending extends OutboxRelay {
      protected override async markPublished(): Promise<void> {
        throw new Error('killed after the send, before the commit');
      }
    }
    const event = newIncident();
    const envelope = await db.dataSource.transaction((manager) => outbox.append(manager, event));
    await expect(newRelay(DiesAfterSending).flush()).rejects.toThrow('killed');
    await waitUntil(() => messagesFor(event.aggregateId).length === 1);
    expect(await pendingCount()).toBe(1);

    await newRelay(OutboxRelay).flush();
    await waitUntil(() => messagesFor(event.aggregateId).length === 2);
    // The same event twice: consumers' inbox absorbs the copy (see kafka-event.server.int-spec).
    expect(messagesFor(event.aggregateId).map((m) => m.headers['event-id'])).toEqual([
      envelope.id,
      envelope.id,
    ]);
    expect(await pendingCount()).toBe(0);
  });

  it('wakes up on the NOTIFY of a commit instead of waiting for the poll', async () => {
    const slowPoll = resolveMessagingOptions(
      testMessagingOptions(prefix, { outbox: { pollIntervalMs: 60_000 } }),
    );
    const relay = newRelay(OutboxRelay, slowPoll);
    relay.start();
    await waitUntil(() => relay.isListening());
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the first cycle go idle

    const event = newIncident();
    const committedAt = Date.now();
    await db.dataSource.transaction((manager) => outbox.append(manager, event));
    await waitUntil(() => messagesFor(event.aggregateId).length === 1, 5_000);
    expect(Date.now() - committedAt).toBeLessThan(5_000);
  });

  it('keeps events while Kafka is unreachable and publishes them once it is back', async () => {
    class KafkaOutage extends OutboxRelay {
      down = true;
      protected override async publish(rows: PendingRow[]): Promise<void> {
        if (this.down) throw new KafkaJSConnectionError('Connection error: ECONNREFUSED');
        return super.publish(rows);
      }
    }
    const relay = newRelay(KafkaOutage);
    relay.start();
    const event = newIncident();
    await db.dataSource.transaction((manager) => outbox.append(manager, event));

    const attempts = async () =>
      (
        await db.dataSource.query<{ attempts: number; last_error: string }[]>(
          'SELECT attempts, last_error FROM outbox_events WHERE key = $1',
          [event.aggregateId],
        )
      )[0];
    await waitUntil(async () => (await attempts()).attempts >= 2);
    expect((await attempts()).last_error).toContain('ECONNREFUSED');
    expect(relay.consecutiveFailures()).toBeGreaterThan(0);
    expect(messagesFor(event.aggregateId)).toEqual([]);

    relay.down = false;
    await waitUntil(() => messagesFor(event.aggregateId).length === 1);
    await waitUntil(() => relay.consecutiveFailures() === 0);
  });

  it('prunes published rows past the retention, and only those', async () => {
    await db.dataSource.query('DELETE FROM outbox_events');
    const insert = (publishedAt: string | null) =>
      db.dataSource.query(
        `INSERT INTO outbox_events (id, topic, key, type, version, envelope, headers, created_at, published_at)
         VALUES ($1, 'incident.events', 'k', 'incident.reported', 1, '{}', '{}', now() - interval '30 days', ${publishedAt})`,
        [randomUUID()],
      );
    await insert(`now() - interval '8 days'`); // old and published: goes
    await insert(`now() - interval '6 days'`); // published within the retention: stays
    await insert('NULL'); // never published, however old: stays
    const relay = newRelay(OutboxRelay);
    expect(await relay.prune()).toBe(1);
    const [{ count }] = await db.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM outbox_events',
    );
    expect(count).toBe(2);
    await db.dataSource.query('DELETE FROM outbox_events');
  });

  it('never prunes the audit trail, however old', async () => {
    await db.dataSource.transaction((manager) =>
      outbox.append(manager, exampleEvent(EventTypes.IncidentReported)),
    );
    await db.dataSource.query(
      `UPDATE outbox_events SET created_at = now() - interval '30 days',
         published_at = now() - interval '30 days'`,
    );
    await db.dataSource.query(
      `INSERT INTO audit_entries (occurred_at, actor_subject, correlation_id, object_type, object_id, action)
       VALUES (now() - interval '10 years', 'system:test', 'c', 'incident', 'old', 'incident.reported')`,
    );
    const before = await db.dataSource.query<object[]>('SELECT * FROM audit_entries ORDER BY id');
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(await newRelay(OutboxRelay).prune()).toBeGreaterThanOrEqual(1);
    expect(await db.dataSource.query('SELECT * FROM audit_entries ORDER BY id')).toEqual(before);
  });

  it('prunes processed-event records past the inbox retention, and only those', async () => {
    const record = (age: string) =>
      db.dataSource.query(
        `INSERT INTO processed_events (consumer_group, event_id, event_type, processed_at)
         VALUES ('pruning-test', $1, 'incident.reported', now() - interval '${age}')`,
        [randomUUID()],
      );
    await record('31 days'); // older than the 30-day default: goes
    await record('29 days'); // stays: a redelivery within Kafka's retention must find it
    await newRelay(OutboxRelay).prune();
    const rows = await db.dataSource.query<{ age: number }[]>(
      `SELECT extract(day FROM now() - processed_at)::int AS age FROM processed_events
        WHERE consumer_group = 'pruning-test'`,
    );
    expect(rows).toEqual([{ age: 29 }]);
  });

  it('has migrations that match the entities (TypeORM sees nothing to change)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
