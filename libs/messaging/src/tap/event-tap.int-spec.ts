import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { EventTypes, exampleEvent, type EventEnvelope } from '@relief/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaClient } from '../kafka/kafka-client.service';
import { resolveMessagingOptions } from '../messaging.options';
import { buildEnvelope } from '../outbox/build-envelope';
import {
  assertKafkaAnswers,
  deleteTopicsWithPrefix,
  rawProducer,
  TEST_KAFKA_BROKERS,
  testMessagingOptions,
  uniqueTopicPrefix,
  waitUntil,
} from '../testing/test-kafka';
import { KafkaEventTap } from './event-tap';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

describe('KafkaEventTap with two replicas of its app', () => {
  const prefix = uniqueTopicPrefix();
  const topic = `${prefix}incident.events`;
  const seen: Set<string>[] = [new Set(), new Set()];
  let taps: KafkaEventTap[] = [];

  beforeAll(async () => {
    await assertKafkaAnswers();
    // The platform topics, 3 partitions each.
    const client = new KafkaClient(resolveMessagingOptions(testMessagingOptions(prefix)));
    await client.ensureTopics();
    await client.disconnect();
  });

  afterAll(async () => {
    await Promise.all(taps.map((tap) => tap.stop()));
    await deleteTopicsWithPrefix(prefix);
  });

  it('gives each replica every event (a group of its own, not a share of the partitions)', async () => {
    // Both configured alike, as two pods of the console are.
    taps = seen.map(
      (ids) =>
        new KafkaEventTap(
          {
            brokers: TEST_KAFKA_BROKERS,
            clientId: 'console',
            groupId: `${prefix}console`,
            topicPrefix: prefix,
            topics: ['incident.events'],
            fromBeginning: true,
            sessionTimeout: 6_000,
            heartbeatInterval: 1_000,
          },
          (envelope: EventEnvelope) => ids.add(envelope.id),
        ),
    );
    expect(taps[0].groupId).not.toBe(taps[1].groupId);
    await Promise.all(taps.map((tap) => tap.start()));

    // 30 incidents: their keys spread over the three partitions.
    const producer = await rawProducer();
    const sent = Array.from({ length: 30 }, () =>
      buildEnvelope(exampleEvent(EventTypes.IncidentReported, { incidentId: randomUUID() }), {
        producer: 'incident-service',
      }),
    );
    await producer.sendRaw(
      topic,
      sent.map(({ envelope, value, headers }) => ({ key: envelope.aggregateId, value, headers })),
    );
    await producer.disconnect();
    const ids = sent.map(({ envelope }) => envelope.id);
    await waitUntil(
      () => seen.every((got) => ids.every((id) => got.has(id))),
      30_000,
      () => `each tap to see 30 events; saw ${seen.map((got) => got.size).join(' and ')}`,
    );

    // Stopping deletes the tap's group: nothing is left behind on the broker.
    await Promise.all(taps.map((tap) => tap.stop()));
    const admin = new Kafka({ brokers: TEST_KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    await admin.disconnect();
    expect(groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix))).toEqual([]);
  }, 90_000);
});
