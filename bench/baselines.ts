/**
 * What the broker and the database can do alone, measured in the same run on the same machine:
 * raw kafkajs produce → consume of messages the size of an incident event, with the outbox
 * relay's producer settings, and raw `pg` INSERT + COMMIT of rows the size of an outbox row.
 * The platform's figures are reported as a fraction of these.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { databaseUrl, withClient } from '@relief/local-infra';
import { nowMs, round, sleep, summarize, type Percentiles } from './stats';

export interface KafkaBaseline {
  messageBytes: number;
  partitions: number;
  /** Batches of `batchSize`, one in flight, idempotent, acks=all: the relay's settings. */
  batchSize: number;
  produced: number;
  /** Messages per second from the first send until the consumer had them all. */
  messagesPerSecond: number;
  /** One message at a time: send → consumer sees it. */
  roundTrip: Percentiles;
}

export interface PostgresBaseline {
  rowBytes: number;
  clients: number;
  /** INSERT + COMMIT transactions per second with `clients` connections at once. */
  commitsPerSecond: number;
  commitLatency: Percentiles;
  /** The same with a single connection (the commit's own latency bounds it). */
  singleClientCommitsPerSecond: number;
  singleClientLatency: Percentiles;
  synchronousCommit: string;
}

/** A JSON value of about `bytes` bytes. */
function jsonOfSize(bytes: number, index: number): string {
  const base = JSON.stringify({ id: randomUUID(), index, type: 'bench.baseline', pad: '' });
  return base.replace('"pad":""', `"pad":"${'x'.repeat(Math.max(0, bytes - base.length))}"`);
}

export async function kafkaBaseline(options: {
  brokers: string[];
  admin: Admin;
  topic: string;
  partitions: number;
  messageBytes: number;
  seconds: number;
}): Promise<KafkaBaseline> {
  const { admin, topic, partitions, messageBytes, seconds } = options;
  const batchSize = 200;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: partitions }],
  });
  const kafka = new Kafka({
    clientId: `${topic}-client`,
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 100 });
  const seen = new Map<string, number>();
  let consumed = 0;
  let lastConsumedAt = 0;
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const at = nowMs();
        for (const message of batch.messages) {
          consumed += 1;
          const key = message.key?.toString();
          if (key?.startsWith('rt-')) seen.set(key, at);
        }
        lastConsumedAt = at;
      },
    });
    await joined;
    // Throughput: as fast as the relay's settings allow, for `seconds`.
    const value = jsonOfSize(messageBytes, 0);
    const started = nowMs();
    let produced = 0;
    while (nowMs() - started < seconds * 1000) {
      const messages = Array.from({ length: batchSize }, () => ({ key: randomUUID(), value }));
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      produced += batchSize;
    }
    const deadline = nowMs() + 30_000;
    while (consumed < produced && nowMs() < deadline) await sleep(20);
    const messagesPerSecond = consumed / ((lastConsumedAt - started) / 1000);
    // Round trip, one message at a time.
    const latencies: number[] = [];
    const until = nowMs() + Math.min(3_000, seconds * 500);
    for (let i = 0; nowMs() < until && i < 300; i += 1) {
      const key = `rt-${i}`;
      const sentAt = nowMs();
      await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      const wait = nowMs() + 5_000;
      while (!seen.has(key) && nowMs() < wait) await sleep(0.5);
      latencies.push((seen.get(key) ?? Infinity) - sentAt);
    }
    return {
      messageBytes,
      partitions,
      batchSize,
      produced,
      messagesPerSecond: round(messagesPerSecond, 0),
      roundTrip: summarize(latencies),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
}

async function commitLoop(
  url: string,
  clients: number,
  seconds: number,
  rowBytes: number,
): Promise<{ commits: number; latencies: number[] }> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  try {
    const deadline = nowMs() + seconds * 1000;
    await Promise.all(
      connections.map(async (client, c) => {
        for (let i = 0; nowMs() < deadline; i += 1) {
          const started = nowMs();
          await client.query('BEGIN');
          await client.query('INSERT INTO bench_rows (id, envelope) VALUES ($1, $2)', [
            randomUUID(),
            jsonOfSize(rowBytes, c * 1_000_000 + i),
          ]);
          await client.query('COMMIT');
          latencies.push(nowMs() - started);
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => client.end().catch(() => undefined)));
  }
  return { commits: latencies.length, latencies };
}

export async function postgresBaseline(options: {
  adminUrl: string;
  database: string;
  clients: number;
  rowBytes: number;
  seconds: number;
}): Promise<PostgresBaseline> {
  const { adminUrl, database, clients, rowBytes, seconds } = options;
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  });
  const url = databaseUrl(adminUrl, database);
  try {
    const synchronousCommit = await withClient(url, async (client) => {
      // Like outbox_events: a uuid key, a sequence, a jsonb value, a timestamp.
      await client.query(
        `CREATE TABLE bench_rows (id uuid PRIMARY KEY, seq bigserial, envelope jsonb NOT NULL,
                                  created_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ synchronous_commit: string }>(
        'SHOW synchronous_commit',
      );
      return rows[0].synchronous_commit;
    });
    const single = await commitLoop(url, 1, seconds / 2, rowBytes);
    const many = await commitLoop(url, clients, seconds / 2, rowBytes);
    return {
      rowBytes,
      clients,
      commitsPerSecond: round(many.commits / (seconds / 2), 0),
      commitLatency: summarize(many.latencies),
      singleClientCommitsPerSecond: round(single.commits / (seconds / 2), 0),
      singleClientLatency: summarize(single.latencies),
      synchronousCommit,
    };
  } finally {
    await withClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
    ).catch(() => undefined);
  }
}
