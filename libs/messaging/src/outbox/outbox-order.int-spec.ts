import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { EVENT_EXAMPLES, EventTypes, exampleEvent } from '@relief/contracts';
import { KafkaClient } from '../kafka/kafka-client.service';
import { resolveMessagingOptions } from '../messaging.options';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  assertKafkaAnswers,
  deleteTopicsWithPrefix,
  TopicReader,
  testMessagingOptions,
  uniqueTopicPrefix,
} from '../testing/test-kafka';
import { OutboxRelay, type RelayOutcome } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

/** Counts what each replica's relay did. */
class CountingRelay extends OutboxRelay {
  published = 0;
  lockedOut = 0;
  override async relayOnce(): Promise<RelayOutcome> {
    const outcome = await super.relayOnce();
    if (outcome.kind === 'published') this.published += outcome.count;
    if (outcome.kind === 'locked') this.lockedOut += 1;
    return outcome;
  }
}

describe('relay order across replicas', () => {
  const prefix = uniqueTopicPrefix();
  // Small batches and a short poll make the two relays contend for the lock often.
  const options = resolveMessagingOptions(
    testMessagingOptions(prefix, { outbox: { batchSize: 25, pollIntervalMs: 50 } }),
  );
  let db: TestDatabase;
  const clients: KafkaClient[] = [];
  let relays: CountingRelay[] = [];
  let reader: TopicReader;

  beforeAll(async () => {
    await assertKafkaAnswers();
    db = await createTestDatabase();
    const client = new KafkaClient(options);
    clients.push(client);
    await client.ensureTopics();
    reader = new TopicReader([`${prefix}incident.events`]);
    await reader.start();
  });

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await reader?.stop();
    await Promise.all(clients.map((client) => client.disconnect()));
    await db?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('delivers 1,000 events of 50 aggregates in per-aggregate order through 2 relays', async () => {
    relays = [1, 2].map(() => {
      const client = new KafkaClient(options);
      clients.push(client);
      return new CountingRelay(options, db.dataSource, client);
    });
    relays.forEach((relay) => relay.start());
    const outbox = new OutboxService(
      options,
      new AuditTrail({ serviceName: 'test-service', sealIntervalMs: 0 }, db.dataSource),
    );
    const aggregates = Array.from({ length: 50 }, () => randomUUID());
    const { figures } = EVENT_EXAMPLES['incident.situation-updated'];

    // 50 writers at once, each committing its aggregate's 20 changes one after the other.
    await Promise.all(
      aggregates.map(async (incidentId) => {
        for (let n = 1; n <= 20; n += 1) {
          const event = exampleEvent(EventTypes.IncidentSituationUpdated, {
            incidentId,
            figures: { ...figures, affected: n },
          });
          await db.dataSource.transaction((manager) => outbox.append(manager, event));
        }
      }),
    );

    const messages = await reader.waitFor(1_000, 60_000);
    expect(messages).toHaveLength(1_000);
    for (const incidentId of aggregates) {
      const sequence = messages
        .filter((m) => m.key === incidentId)
        .map((m) => JSON.parse(m.value!) as { payload: { figures: { affected: number } } })
        .map((envelope) => envelope.payload.figures.affected);
      expect(sequence).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    // Both replicas took part; whenever one relayed, the other was locked out.
    expect(relays[0].published + relays[1].published).toBe(1_000);
    expect(relays.every((relay) => relay.published > 0)).toBe(true);
    process.stdout.write(
      `relay A published ${relays[0].published} (locked out ${relays[0].lockedOut}x), ` +
        `relay B ${relays[1].published} (locked out ${relays[1].lockedOut}x)\n`,
    );
  });
});
