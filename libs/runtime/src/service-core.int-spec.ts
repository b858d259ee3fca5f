import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import { ServiceConfig } from '@relief/config';
import { messagingEntities, messagingMigrations } from '@relief/messaging';
import {
  mintTestToken,
  TEST_IDENTITIES,
  startTestService,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import request from 'supertest';
import { MAX_BODY_BYTES } from './body-parsing';
import { DomainException } from './domain.exception';
import { ServiceCoreModule } from './service-core.module';

/** A domain of one route, to see what every service gets from the core. */
@Controller('probe')
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Get('operators-only')
  @Roles('operator', 'admin')
  operatorsOnly(): { ok: true } {
    return { ok: true };
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainException('conflict', 'probe_conflict', 'the probe is closed');
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internals');
  }
}

@Module({})
class ProbeAppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'probe-service',
          config,
          configClass: ServiceConfig,
          entities: messagingEntities,
          migrations: messagingMigrations,
        }),
      ],
      controllers: [ProbeController],
    };
  }
}

describe('ServiceCoreModule (real PostgreSQL and Kafka)', () => {
  let service: TestService<ServiceConfig>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    service = await startTestService({
      name: 'probe-service',
      configClass: ServiceConfig,
      module: (config) => ProbeAppModule.forRoot(config),
      topicPrefix: uniqueTopicPrefix(),
    });
    tokens.operator = await mintTestToken(TEST_IDENTITIES.operator);
    tokens.agency = await mintTestToken(TEST_IDENTITIES.unicef);
    tokens.admin = await mintTestToken(TEST_IDENTITIES.admin);
  });

  afterAll(async () => {
    await service?.close();
  });

  const http = () => request(service.app.getHttpServer());

  it('answers /health and /ready (database, Kafka consumer and outbox relay) without a token', async () => {
    await http().get('/health').expect(200);
    const ready = await http().get('/ready').expect(200);
    expect(Object.keys(ready.body.details)).toEqual(
      expect.arrayContaining(['database', 'kafka-broker', 'kafka-consumer', 'kafka-outbox']),
    );
  });

  it('serves Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.text).toContain('process_cpu_seconds_total');
    const docs = await http().get('/docs/openapi.json').expect(200);
    expect(docs.body.paths).toHaveProperty('/probe/me');
  });

  it('refuses calls without a valid token with 401 and says why', async () => {
    const missing = await http().get('/probe/me').expect(401);
    expect(missing.body).toMatchObject({ status: 401, detail: 'a bearer token is required' });
    // RFC 6750 §3.1: no error code when the request carried no credentials at all.
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="relief"');
    const bad = await http()
      .get('/probe/me')
      .set('Authorization', 'Bearer not.a.token')
      .expect(401);
    expect(bad.body).toMatchObject({ code: 'invalid_token', detail: 'token is malformed' });
    expect(bad.headers['www-authenticate']).toBe(
      'Bearer realm="relief", error="invalid_token", error_description="token is malformed"',
    );
  });

  it('reads sub, roles and org from the token', async () => {
    const me = await http()
      .get('/probe/me')
      .set('Authorization', `Bearer ${tokens.agency}`)
      .expect(200);
    expect(me.body).toEqual({ sub: 'unicef-dana', roles: ['agency'], org: 'unicef' });
  });

  it('enforces @Roles with 403', async () => {
    await http()
      .get('/probe/operators-only')
      .set('Authorization', `Bearer ${tokens.agency}`)
      .expect(403);
    await http()
      .get('/probe/operators-only')
      .set('Authorization', `Bearer ${tokens.operator}`)
      .expect(200);
  });

  it('lets only admins see dead letters', async () => {
    const path = '/admin/dead-letters?topic=incident.events';
    await http().get(path).expect(401);
    await http().get(path).set('Authorization', `Bearer ${tokens.operator}`).expect(403);
    await http().get(path).set('Authorization', `Bearer ${tokens.admin}`).expect(200);
  });

  it('maps domain exceptions, malformed and oversized bodies and crashes to problem details', async () => {
    const auth = { Authorization: `Bearer ${tokens.operator}` };
    const conflict = await http()
      .get('/probe/conflict')
      .set(auth)
      .set('x-correlation-id', 'corr-42')
      .expect(409);
    expect(conflict.body).toMatchObject({
      code: 'probe_conflict',
      detail: 'the probe is closed',
      correlationId: 'corr-42',
    });
    expect(conflict.headers['content-type']).toMatch(/application\/problem\+json/);

    const malformed = await http()
      .post('/probe/me')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');

    const huge = await http()
      .post('/probe/me')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(MAX_BODY_BYTES + 1) }));
    expect(huge.status).toBe(413);

    const crash = await http().get('/probe/crash').set(auth).expect(500);
    expect(crash.body.detail).not.toContain('secret');
  });
});
