import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jwtVerify } from 'jose';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import {
  createTestDatabase,
  createTopics,
  mintTestToken,
  testAuthEnv,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@relief/testing';

describe('test infrastructure helpers (real PostgreSQL and Kafka)', () => {
  describe('createTestDatabase', () => {
    let database: TestDatabase | undefined;

    afterAll(async () => {
      await database?.drop();
    });

    it('creates a fresh database that can be used and then dropped', async () => {
      database = await createTestDatabase('infrastructure spec');
      expect(database.name).toMatch(/^infrastructure_spec_[0-9a-f]{8}$/);

      const client = new Client({ connectionString: database.url });
      // Left open on purpose: drop() must still succeed, and the server then ends this connection.
      client.on('error', () => undefined);
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0].db).toBe(database.name);

      await database.drop();
      const again = new Client({ connectionString: database.url });
      await expect(again.connect()).rejects.toThrow(/does not exist/);
      await client.end().catch(() => undefined);
      database = undefined;
    });
  });

  describe('Kafka topics with a per-file prefix', () => {
    const prefix = uniqueTopicPrefix();
    const kafka = new Kafka({
      clientId: 'testing-spec',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.ERROR,
    });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: `${prefix}group` });

    afterAll(async () => {
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
    });

    it('creates prefixed topics idempotently, then produces and consumes a message', async () => {
      const [topic] = await createTopics(testKafkaBrokers(), prefix, ['probe.events'], 2);
      expect(topic).toBe(`${prefix}probe.events`);
      await expect(createTopics(testKafkaBrokers(), prefix, ['probe.events'], 2)).resolves.toEqual([
        topic,
      ]);

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<string>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => resolve(message.value!.toString()),
        });
      });

      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'incident-1', value: 'hello' }] });
      await expect(received).resolves.toBe('hello');
    });
  });

  describe('mintTestToken', () => {
    it('signs ES256 tokens the test public key verifies, with the dev issuer and audience', async () => {
      const token = await mintTestToken({ role: 'agency', org: 'unicef', sub: 'aliya' });
      const auth = testAuthEnv();
      const key = createPublicKey(readFileSync(auth.AUTH_PUBLIC_KEY_FILE));
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        issuer: auth.AUTH_ISSUER,
        audience: auth.AUTH_AUDIENCE,
      });
      expect(protectedHeader.alg).toBe('ES256');
      expect(payload).toMatchObject({ sub: 'aliya', roles: ['agency'], org: 'unicef' });
    });
  });
});
