/**
 * Poison on every topic the services consume, on every partition: malformed JSON, an unknown
 * type, a known type in an unknown version, an invalid payload, a value above the services' own
 * limit (256 KiB), one just under the broker's limit (1 MiB) and one above it. Each consumer
 * group must park each message it cannot read in `<topic>.dlq`, once, with the reason headers,
 * and go on: a stream of valid events sent afterwards reaches every final state and every
 * message, exactly once. The broker itself refuses what is above its limit.
 */
import { randomUUID } from 'node:crypto';
import { AGGREGATE_ID_FIELDS, EVENT_EXAMPLES, deadLetterTopic } from '@relief/contracts';
import { buildEnvelope, DlqHeaders } from '@relief/messaging';
import { describeError, eventually, type ServiceName } from '@relief/testing';
import { Kafka, logLevel, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { expectClean, printTally, settle } from './fault-tally';
import { FaultWorld } from './fault-world';

/** The broker's default message.max.bytes (the local broker keeps it). */
const BROKER_MAX_MESSAGE_BYTES = 1_048_588;

/** Which services consume each topic; every one of them handles the type used below. */
type ConsumedTopic = 'incident.events' | 'request.events' | 'offer.events';

const CONSUMERS: Record<ConsumedTopic, { type: string; services: ServiceName[] }> = {
  'incident.events': {
    type: 'incident.reported',
    services: ['resource-request-service', 'partner-offer-service', 'notification-service'],
  },
  'request.events': {
    type: 'request.raised',
    services: ['partner-offer-service', 'notification-service'],
  },
  'offer.events': {
    type: 'offer.accepted',
    services: ['resource-request-service', 'notification-service'],
  },
};

interface Poison {
  kind: string;
  /** `dlq-reason` the consumers must give it. */
  reason: string;
  value: (topic: ConsumedTopic, type: string) => Buffer;
}

/** A valid envelope of `type` (v1, the example payload), as a plain object to spoil. */
function envelopeOf(topic: ConsumedTopic, type: string): Record<string, unknown> {
  const payload = EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES] as unknown as Record<
    string,
    unknown
  >;
  const aggregateId = String(payload[AGGREGATE_ID_FIELDS[topic]]);
  const built = buildEnvelope(
    { type, version: 1, aggregateId, payload } as unknown as Parameters<typeof buildEnvelope>[0],
    { producer: 'poison' },
  );
  return JSON.parse(built.value) as Record<string, unknown>;
}

const padding = (bytes: number) => 'x'.repeat(bytes);

const POISONS: Poison[] = [
  {
    kind: 'malformed-json',
    reason: 'malformed-json',
    value: () => Buffer.from('{"id": "1", "type": '),
  },
  {
    kind: 'unknown-type',
    reason: 'unknown-type',
    value: (topic, type) =>
      Buffer.from(JSON.stringify({ ...envelopeOf(topic, type), type: 'incident.exploded' })),
  },
  {
    kind: 'unknown-version',
    reason: 'unknown-version',
    value: (topic, type) =>
      Buffer.from(JSON.stringify({ ...envelopeOf(topic, type), version: 99 })),
  },
  {
    kind: 'invalid-payload',
    reason: 'invalid-payload',
    value: (topic, type) => {
      const envelope = envelopeOf(topic, type);
      const payload = { ...(envelope.payload as object), quantity: -5, severity: 'Apocalyptic' };
      return Buffer.from(JSON.stringify({ ...envelope, payload }));
    },
  },
  {
    kind: 'oversized',
    reason: 'too-large',
    value: (topic, type) => {
      const envelope = envelopeOf(topic, type);
      return Buffer.from(JSON.stringify({ ...envelope, padding: padding(300 * 1024) }));
    },
  },
  {
    // Fits the broker, but not with the dead-letter headers added on top.
    kind: 'at-broker-limit',
    reason: 'too-large',
    value: () => Buffer.from(padding(BROKER_MAX_MESSAGE_BYTES - 200)),
  },
];

interface DeadLetter {
  topic: string;
  key: string;
  headers: Record<string, string>;
  size: number;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
}

describe('poison messages on every consumed topic (four processes, real Kafka and PostgreSQL)', () => {
  let world: FaultWorld;
  let kafka: Kafka;
  let producer: Producer;
  let reader: Consumer;
  const deadLetters: DeadLetter[] = [];

  beforeAll(async () => {
    world = await FaultWorld.start({ tag: 'poison' });
    kafka = new Kafka({
      clientId: `${world.runId}-poison`,
      brokers: world.platform.options.brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ retry: { retries: 2 } });
    await producer.connect();
    reader = kafka.consumer({ groupId: `${world.runId}-dlq-reader` });
    await reader.connect();
    await reader.subscribe({
      topics: Object.keys(CONSUMERS).map((t) => `${world.prefix}${deadLetterTopic(t)}`),
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        deadLetters.push({
          topic: topic.slice(world.prefix.length),
          key: message.key?.toString() ?? '',
          headers: headerStrings(message.headers),
          size: message.value?.length ?? 0,
        });
      },
    });
  }, 300_000);

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await world?.stop();
  }, 120_000);

  it('parks each poison message in <topic>.dlq with its reason, and the flow goes on', async () => {
    const partitions = 3;
    const injected: { topic: string; key: string; kind: string; reason: string }[] = [];
    for (const [topic, { type }] of Object.entries(CONSUMERS) as [
      ConsumedTopic,
      { type: string },
    ][]) {
      for (const poison of POISONS) {
        const value = poison.value(topic, type);
        for (let partition = 0; partition < partitions; partition += 1) {
          const key = `poison-${poison.kind}-${partition}-${randomUUID().slice(0, 8)}`;
          await producer.send({
            topic: `${world.prefix}${topic}`,
            acks: -1,
            messages: [{ key, value, partition, headers: { 'poison-kind': poison.kind } }],
          });
          injected.push({ topic, key, kind: poison.kind, reason: poison.reason });
        }
      }
    }
    // Above the broker's limit: refused at the door, never reaches a consumer.
    const refused: string[] = [];
    for (const topic of Object.keys(CONSUMERS)) {
      await producer
        .send({
          topic: `${world.prefix}${topic}`,
          acks: -1,
          messages: [
            { key: 'poison-too-big', value: Buffer.from(padding(BROKER_MAX_MESSAGE_BYTES + 1024)) },
          ],
        })
        .then(
          () => refused.push(`${topic}: accepted!`),
          (error: unknown) => refused.push(`${topic}: ${describeError(error)}`),
        );
    }

    // Valid events after the poison, on every partition of every topic (three cases' worth).
    const cases = world.newCases(6);
    await world.runStream(cases, 3);

    const expected = injected.flatMap((i) =>
      CONSUMERS[i.topic as ConsumedTopic].services.map((service) => ({
        ...i,
        group: `${world.runId}-${service}`,
      })),
    );
    await eventually(
      () => Promise.resolve(deadLetters.length),
      (n) => n >= expected.length,
      `${expected.length} dead letters`,
      { timeoutMs: 120_000, intervalMs: 500, retryErrors: true },
    ).catch(() => undefined);
    const tally = await settle(world, cases);

    const found = (e: (typeof expected)[number]) =>
      deadLetters.filter(
        (d) =>
          d.topic === deadLetterTopic(e.topic) &&
          d.key === e.key &&
          d.headers[DlqHeaders.consumerGroup] === e.group,
      );
    const missing = expected.filter((e) => found(e).length === 0);
    const twice = expected.filter((e) => found(e).length > 1);
    const wrongReason = expected.filter((e) =>
      found(e).some((d) => d.headers[DlqHeaders.reason] !== e.reason),
    );
    const incomplete = deadLetters.filter(
      (d) =>
        !d.headers[DlqHeaders.error] ||
        !d.headers[DlqHeaders.failedAt] ||
        d.headers[DlqHeaders.originalTopic] !== `${world.prefix}${d.topic.replace(/\.dlq$/, '')}` ||
        !/^\d+$/.test(d.headers[DlqHeaders.originalPartition] ?? '') ||
        !/^\d+$/.test(d.headers[DlqHeaders.originalOffset] ?? '') ||
        !d.headers['poison-kind'],
    );
    const truncated = deadLetters.filter((d) => d.headers[DlqHeaders.valueTruncated]);
    printTally(
      world,
      'poison',
      tally,
      `poison injected ${injected.length} on ${Object.keys(CONSUMERS).length} topics x ${partitions} partitions` +
        `, dead-lettered ${expected.length - missing.length}/${expected.length}` +
        ` (twice ${twice.length}, wrong reason ${wrongReason.length}, headers incomplete ${incomplete.length}` +
        `, stored truncated ${truncated.length}), refused by the broker ${refused.filter((r) => !r.includes('accepted!')).length}/${refused.length}`,
    );
    if (missing.length > 0) {
      console.log(
        `[fault poison] not dead-lettered: ${missing.map((m) => `${m.topic} ${m.kind} ${m.group}`).join('; ')}`,
      );
    }

    const refusal = /: .*(too large|larger than|MESSAGE_TOO_LARGE)/i;
    expect(refused.filter((r) => !refusal.test(r))).toEqual([]);
    expect(refused).toHaveLength(Object.keys(CONSUMERS).length);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(wrongReason).toEqual([]);
    expect(incomplete).toEqual([]);
    // Only what the broker could not take whole as a dead letter is kept truncated.
    expect(truncated.map((d) => d.headers['poison-kind'])).toEqual(
      expected.filter((e) => e.kind === 'at-broker-limit').map(() => 'at-broker-limit'),
    );
    expectClean(tally);
  }, 420_000);
});
