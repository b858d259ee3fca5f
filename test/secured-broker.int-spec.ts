/**
 * Issue 20, part 4: the platform against a broker that takes only SASL/SCRAM-SHA-512 clients over
 * TLS (SASL_SSL), its certificate signed by a CA made for this run. incident-service files an
 * incident and its outbox relay publishes incident.reported with one service account;
 * resource-request-service's consumer group reads it with another and keeps the incident, both
 * trusting the CA through KAFKA_SSL_CA_FILE. A client without credentials, with a wrong password,
 * not trusting the CA or without TLS is refused and says so.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, loadConfig } from '@relief/config';
import { ALL_TOPICS } from '@relief/contracts';
import { KafkaEventTap, type DeadLetterEntry, type KafkaSecurity } from '@relief/messaging';
import {
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testAuthEnv,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import { Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { IncidentServiceConfig } from '../apps/incident-service/src/incident-service.config';
import { AppModule as IncidentApp } from '../apps/incident-service/src/app.module';
import { AppModule as RequestApp } from '../apps/resource-request-service/src/app.module';
import { ResourceRequestServiceConfig } from '../apps/resource-request-service/src/resource-request-service.config';
import { PrivateKafka } from './private-kafka';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

const ACCOUNTS = {
  incidents: { username: 'incident-service', password: 'incidents-0f3a9c' },
  requests: { username: 'resource-request-service', password: 'requests-7d21e4' },
};

describe('the platform on a SASL/SCRAM-SHA-512 broker over TLS', () => {
  const prefix = uniqueTopicPrefix();
  const group = prefix.replace(/[^a-z0-9]/g, '');
  const secrets = mkdtempSync(join(tmpdir(), 'scram-secrets-'));
  let kafka: PrivateKafka;
  let incidents: TestService<IncidentServiceConfig>;
  let requests: TestService<ResourceRequestServiceConfig>;
  const taps: KafkaEventTap[] = [];

  beforeAll(async () => {
    kafka = await PrivateKafka.start('scram-tls', {
      users: [ACCOUNTS.incidents, ACCOUNTS.requests],
      tls: true,
    });
    // One service reads its password from a mounted-secret file, the other from the variable.
    const passwordFile = join(secrets, 'incident-service');
    writeFileSync(passwordFile, `${ACCOUNTS.incidents.password}\n`);
    const sasl = {
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: kafka.caFile,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    };
    // Started one after the other: the first creates the topics on the empty broker.
    incidents = await startTestService({
      name: 'scram_incidents',
      configClass: IncidentServiceConfig,
      module: (config) => IncidentApp.forRoot(config),
      topicPrefix: prefix,
      env: {
        ...sasl,
        KAFKA_CLIENT_ID: `in-${group}`,
        KAFKA_SASL_USERNAME: ACCOUNTS.incidents.username,
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      },
    });
    requests = await startTestService({
      name: 'scram_requests',
      configClass: ResourceRequestServiceConfig,
      module: (config) => RequestApp.forRoot(config),
      topicPrefix: prefix,
      env: {
        ...sasl,
        KAFKA_CLIENT_ID: `rr-${group}`,
        KAFKA_SASL_USERNAME: ACCOUNTS.requests.username,
        KAFKA_SASL_PASSWORD: ACCOUNTS.requests.password,
      },
    });
  }, 180_000);

  afterAll(async () => {
    for (const tap of taps) await tap.stop();
    await requests?.close();
    await incidents?.close();
    await kafka?.destroy();
    rmSync(secrets, { recursive: true, force: true });
  }, 60_000);

  it('carries an incident from incident-service to resource-request-service', async () => {
    const token = await mintTestToken(TEST_IDENTITIES.operator);
    const filed = await request(incidents.app.getHttpServer())
      .post('/incidents')
      .set('Authorization', `Bearer ${token}`)
      .send({
        title: 'Spring flood on the Ilek river',
        hazard: 'FL',
        region: 'KZ-15',
        severity: 'Moderate',
        urgency: 'Immediate',
        certainty: 'Observed',
      })
      .expect(201);
    const id = (filed.body as { id: string }).id;

    const known = await eventually(
      () => requests.sql.query('SELECT region, revision FROM incidents WHERE id = $1', [id]),
      (result) => result.rowCount === 1,
      'resource-request-service to learn of the incident over the secured broker',
    );
    expect(known.rows[0]).toEqual({ region: 'KZ-15', revision: 1 });
    const outbox = await incidents.sql.query(
      'SELECT count(*)::int AS pending FROM outbox_events WHERE published_at IS NULL',
    );
    expect(outbox.rows[0]).toEqual({ pending: 0 });
    // Both report the broker ready through their SCRAM accounts.
    for (const service of [incidents, requests]) {
      const ready = await request(service.app.getHttpServer()).get('/ready');
      expect(ready.status).toBe(200);
    }
  });

  /** The console's event tap (a platform client of libs/messaging), started with `security`. */
  async function tapError(security: KafkaSecurity): Promise<string> {
    const tap = new KafkaEventTap(
      {
        brokers: [kafka.brokers],
        security,
        clientId: `tap-${group}`,
        groupId: `tap-${group}`,
        topicPrefix: prefix,
        topics: ALL_TOPICS,
      },
      () => undefined,
    );
    taps.push(tap);
    void tap.start();
    const status = await eventually(
      () => Promise.resolve(tap.status()),
      (s) => s.state === 'crashed' && s.error !== undefined,
      'the tap to be refused',
    );
    await tap.stop();
    return status.error!;
  }

  const account = { mechanism: 'scram-sha-512' as const, ...ACCOUNTS.requests };
  const trusted = () => ({ ca: readFileSync(kafka.caFile, 'utf8') });

  it('refuses a client without credentials, saying the broker may want SASL', async () => {
    expect(await tapError({ tls: trusted() })).toMatch(
      /Closed connection: the broker closed the connection; it may require SASL credentials \(KAFKA_SASL_MECHANISM[^)]*\)$/,
    );
  });

  it('refuses a client with a wrong password as an authentication failure', async () => {
    const wrong = { ...account, password: 'guess' };
    expect(await tapError({ tls: trusted(), sasl: wrong })).toMatch(
      /SASL SCRAM SHA512 authentication failed: .*invalid credentials/,
    );
  });

  it('refuses a client that does not trust the CA (no KAFKA_SSL_CA_FILE)', async () => {
    expect(await tapError({ tls: {}, sasl: account })).toMatch(
      /Connection error: unable to verify the first certificate: the broker's certificate is not signed by a CA this client trusts; KAFKA_SSL_CA_FILE names/,
    );
  });

  it('refuses a client without TLS, saying the broker may want it', async () => {
    expect(await tapError({ sasl: account })).toMatch(/it may require TLS \(KAFKA_SSL\)/);
  });

  /** The dead-letter CLI as an operator runs it, with `env` instead of the test's Kafka settings. */
  function deadLettersCli(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('KAFKA_')),
    );
    return new Promise((resolve) => {
      execFile(
        'npx',
        ['tsx', 'libs/messaging/src/cli/dead-letters.ts', ...args],
        {
          cwd: join(__dirname, '..'),
          env: { ...inherited, KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC_PREFIX: prefix, ...env },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
      );
    });
  }

  it('lists dead letters with the dead-letter CLI over TLS + SCRAM, and says what is missing without', async () => {
    // A message resource-request-service cannot read: it parks it in incident.events.dlq.
    const client = new Kafka({
      clientId: `poison-${group}`,
      brokers: [kafka.brokers],
      ssl: trusted(),
      sasl: { mechanism: 'scram-sha-512', ...ACCOUNTS.incidents },
      logLevel: logLevel.NOTHING,
    });
    const key = randomUUID();
    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}incident.events`,
      messages: [{ key, value: '{"not": "an envelope"', headers: { 'event-id': randomUUID() } }],
    });
    await producer.disconnect();
    const admin = client.admin();
    await admin.connect();
    await eventually(
      () => admin.fetchTopicOffsets(`${prefix}incident.events.dlq`),
      (partitions) => partitions.some((p) => Number(p.high) > 0),
      'the poison message to be dead-lettered',
    );
    await admin.disconnect();

    const secured = {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: kafka.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: ACCOUNTS.requests.username,
      KAFKA_SASL_PASSWORD: ACCOUNTS.requests.password,
    };
    const listed = await deadLettersCli(['list', 'incident.events'], secured);
    expect(listed).toMatchObject({ code: 0 });
    const entries = JSON.parse(listed.stdout) as DeadLetterEntry[];
    expect(entries.filter((e) => e.key === key)).toEqual([
      expect.objectContaining({
        topic: `${prefix}incident.events.dlq`,
        originalTopic: `${prefix}incident.events`,
        reason: 'malformed-json',
      }),
    ]);

    const { KAFKA_SSL, KAFKA_SSL_CA_FILE } = secured;
    const refused = await deadLettersCli(['list', 'incident.events'], {
      KAFKA_SSL,
      KAFKA_SSL_CA_FILE,
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /Closed connection: the broker closed the connection; it may require SASL credentials \(KAFKA_SASL_MECHANISM/,
    );

    // Its settings are checked as a service's are, before it connects.
    const unchecked = await deadLettersCli(['list', 'incident.events'], {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
    });
    expect(unchecked.code).toBe(78);
    expect(unchecked.stderr).toMatch(
      /Invalid configuration:\n {2}- KAFKA_SASL_USERNAME \(not set\): required when KAFKA_SASL_MECHANISM is set/,
    );
  }, 120_000);

  it('refuses to boot a service given a mechanism without an account', () => {
    const boot = () =>
      loadConfig(IncidentServiceConfig, {
        DATABASE_URL: incidents.db.url,
        KAFKA_BROKERS: kafka.brokers,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        ...testAuthEnv(),
      });
    expect(boot).toThrow(ConfigValidationError);
    expect(boot).toThrow(/KAFKA_SASL_USERNAME \(not set\): required when KAFKA_SASL_MECHANISM/);
  });
});
