/**
 * Issue 20, part 5: with INTERNAL_PORT set, /metrics and the admin endpoints answer only on that
 * port; the public port answers them 404 and everything else as before.
 */
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { listenInternal } from '@relief/runtime';
import {
  freePortPair,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import request from 'supertest';
import { AppModule } from '../apps/incident-service/src/app.module';
import { IncidentServiceConfig } from '../apps/incident-service/src/incident-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

describe('operational endpoints on an internal port (incident-service)', () => {
  let service: TestService<IncidentServiceConfig>;
  let internal: Server;
  let port: number;
  let admin: string;

  beforeAll(async () => {
    port = await freePortPair();
    service = await startTestService({
      name: 'internal_port',
      configClass: IncidentServiceConfig,
      module: (config) => AppModule.forRoot(config),
      topicPrefix: uniqueTopicPrefix(),
      env: { INTERNAL_PORT: String(port) },
    });
    internal = await listenInternal(service.app, port);
    admin = await mintTestToken(TEST_IDENTITIES.admin);
  }, 120_000);

  afterAll(async () => {
    internal?.close();
    await service?.close();
  });

  const deadLetters = '/admin/dead-letters?topic=incident.events';

  it('answers /metrics and /admin/* 404 on the public port, the rest as before', async () => {
    const open = request(service.app.getHttpServer());
    expect((await open.get('/metrics')).status).toBe(404);
    const refused = await open.get(deadLetters).set('Authorization', `Bearer ${admin}`);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await open.get('/admin/audit').set('Authorization', `Bearer ${admin}`)).status).toBe(
      404,
    );
    // The router matches paths in any case and with a trailing slash: so does the refusal.
    for (const path of ['/Metrics', '/metrics/', '/ADMIN/dead-letters?topic=incident.events']) {
      expect([path, (await open.get(path).set('Authorization', `Bearer ${admin}`)).status]).toEqual(
        [path, 404],
      );
    }
    expect((await open.get('/health')).status).toBe(200);
    expect((await open.get('/incidents').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
  });

  it('serves them on the internal port, the admin endpoints still for admins only', async () => {
    const inside = request(`http://127.0.0.1:${port}`);
    const metrics = await inside.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^# HELP /m);
    expect((await inside.get(deadLetters)).status).toBe(401);
    expect((await inside.get(deadLetters).set('Authorization', `Bearer ${admin}`)).status).toBe(
      200,
    );
  });
});
