/**
 * Issue 20, part 4: the platform against a broker that takes only SASL/SCRAM-SHA-512 clients.
 * incident-service files an incident and its outbox relay publishes incident.reported with one
 * service account; resource-request-service's consumer group reads it with another and keeps the
 * incident. A client without credentials, or with a wrong password, is refused and says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, loadConfig } from '@relief/config';
import { ALL_TOPICS } from '@relief/contracts';
import { KafkaEventTap, type KafkaSecurity } from '@relief/messaging';
import {
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testAuthEnv,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import request from 'supertest';
import { IncidentServiceConfig } from '../apps/incident-service/src/incident-service.config';
import { AppModule as IncidentApp } from '../apps/incident-service/src/app.module';
import { AppModule as RequestApp } from '../apps/resource-request-service/src/app.module';
import { ResourceRequestServiceConfig } from '../apps/resource-request-service/src/resource-request-service.config';
import { SecuredKafka } from './secured-kafka';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

const ACCOUNTS = {
  incidents: { username: 'incident-service', password: 'incidents-0f3a9c' },
  requests: { username: 'resource-request-service', password: 'requests-7d21e4' },
};

describe('the platform on a SASL/SCRAM-SHA-512 broker', () => {
  const prefix = uniqueTopicPrefix();
  const group = prefix.replace(/[^a-z0-9]/g, '');
  const secrets = mkdtempSync(join(tmpdir(), 'scram-secrets-'));
  let kafka: SecuredKafka;
  let incidents: TestService<IncidentServiceConfig>;
  let requests: TestService<ResourceRequestServiceConfig>;
  const taps: KafkaEventTap[] = [];

  beforeAll(async () => {
    kafka = await SecuredKafka.start('platform', [ACCOUNTS.incidents, ACCOUNTS.requests]);
    // One service reads its password from a mounted-secret file, the other from the variable.
    const passwordFile = join(secrets, 'incident-service');
    writeFileSync(passwordFile, `${ACCOUNTS.incidents.password}\n`);
    const sasl = { KAFKA_BROKERS: kafka.brokers, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' };
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

  it('refuses a client without credentials, saying the broker may want SASL', async () => {
    expect(await tapError({})).toMatch(
      /Closed connection: the broker closed the connection; it may require SASL credentials \(KAFKA_SASL_MECHANISM/,
    );
  });

  it('refuses a client with a wrong password as an authentication failure', async () => {
    const wrong = { mechanism: 'scram-sha-512' as const, ...ACCOUNTS.requests, password: 'guess' };
    expect(await tapError({ sasl: wrong })).toMatch(
      /SASL SCRAM SHA512 authentication failed: .*invalid credentials/,
    );
  });

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
