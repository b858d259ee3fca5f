import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Module, Post, type DynamicModule } from '@nestjs/common';
import { Public } from '@relief/auth';
import { ServiceConfig } from '@relief/config';
import { messagingEntities, messagingMigrations } from '@relief/messaging';
import {
  mintTestToken,
  TEST_IDENTITIES,
  startTestService,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import { IsString, MaxLength } from 'class-validator';
import request from 'supertest';
import { DomainException } from '../domain.exception';
import { VersionedCreate } from '../endpoint.decorators';
import { ServiceCoreModule } from '../service-core.module';
import { fingerprintOf } from './idempotency';
import { IdempotencyPruner } from './idempotency.pruner';
import { idempotencyEntities, idempotencyMigrations } from './migrations';

class ThingInput {
  @IsString()
  @MaxLength(20)
  name!: string;
}

interface Thing {
  id: string;
  name: string;
  version: number;
}

/** What the probe's handlers did: each call that got through to one. */
const effects: string[] = [];
let releaseSlow: () => void = () => undefined;
let flakyFailures = 0;

@Controller('things')
class ThingsController {
  @Post()
  @VersionedCreate({ summary: 'make a thing', location: (t: Thing) => `/things/${t.id}` })
  create(@Body() input: ThingInput): Thing {
    if (input.name === 'taken') {
      effects.push('refused');
      throw new DomainException('conflict', 'thing_taken', 'that name is taken');
    }
    effects.push(`created ${input.name}`);
    return { id: randomUUID(), name: input.name, version: 1 };
  }

  @Post('slow')
  @HttpCode(200)
  async slow(): Promise<{ done: true }> {
    effects.push('slow started');
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return { done: true };
  }

  /** Fails (500) `flakyFailures` times, then works. */
  @Post('flaky')
  flaky(): { ok: true } {
    effects.push('flaky');
    if (flakyFailures > 0) {
      flakyFailures -= 1;
      throw new Error('the disk is on fire');
    }
    return { ok: true };
  }

  /** Refused with Retry-After until told otherwise (what "the event is not here yet" looks like). */
  @Post('not-yet')
  notYet(): { ok: true } {
    effects.push('not-yet');
    if (effects.filter((e) => e === 'not-yet').length < 2) {
      throw new DomainException('unprocessable', 'incident_unknown', 'not yet', {
        retryAfterSeconds: 2,
      });
    }
    return { ok: true };
  }

  @Post('nothing')
  @HttpCode(204)
  nothing(): void {
    effects.push('nothing');
  }

  @Public()
  @Post('public')
  @HttpCode(202)
  open(@Body() input: ThingInput): { seen: string } {
    effects.push(`public ${input.name}`);
    return { seen: input.name };
  }
}

@Module({})
class ProbeAppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'idempotency-probe',
          config,
          configClass: ServiceConfig,
          entities: [...messagingEntities, ...idempotencyEntities],
          migrations: [...messagingMigrations, ...idempotencyMigrations],
        }),
      ],
      controllers: [ThingsController],
    };
  }
}

describe('Idempotency-Key on every POST (real PostgreSQL)', () => {
  let service: TestService<ServiceConfig>;
  const auth: Record<'operator' | 'unicef' | 'ifrc', string> = {
    operator: '',
    unicef: '',
    ifrc: '',
  };

  beforeAll(async () => {
    service = await startTestService({
      name: 'idempotency-probe',
      configClass: ServiceConfig,
      module: (config) => ProbeAppModule.forRoot(config),
      topicPrefix: uniqueTopicPrefix(),
    });
    for (const who of ['operator', 'unicef', 'ifrc'] as const) {
      auth[who] = `Bearer ${await mintTestToken(TEST_IDENTITIES[who])}`;
    }
  });

  afterAll(async () => {
    await service?.close();
  });

  beforeEach(() => {
    effects.length = 0;
  });

  const post = (path: string, who: keyof typeof auth, key?: string) => {
    const call = request(service.app.getHttpServer()).post(path).set('Authorization', auth[who]);
    return key === undefined ? call : call.set('Idempotency-Key', key);
  };
  const rows = async (key: string) =>
    (
      await service.sql.query<{ caller: string; route: string; state: string; status: number }>(
        'SELECT caller, route, state, status FROM idempotency_keys WHERE key = $1 ORDER BY caller',
        [key],
      )
    ).rows;

  it('replays the first answer (status, body, Location, ETag) and runs the handler once', async () => {
    const key = randomUUID();
    const first = await post('/things', 'operator', key).send({ name: 'pump' }).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    for (let i = 0; i < 2; i += 1) {
      const again = await post('/things', 'operator', key).send({ name: 'pump' }).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers).toMatchObject({
        location: first.headers.location,
        etag: first.headers.etag,
        'idempotent-replayed': 'true',
      });
    }
    expect(effects).toEqual(['created pump']);
    expect(await rows(key)).toEqual([
      { caller: 'op-aliya@', route: '/things', state: 'completed', status: 201 },
    ]);
  });

  it('the same body written differently is the same request', async () => {
    const key = randomUUID();
    await post('/things', 'operator', key).send('{"name":"boat"}').type('json').expect(201);
    await post('/things', 'operator', key).send(' { "name" : "boat" } ').type('json').expect(201);
    expect(effects).toEqual(['created boat']);
  });

  it('refuses the same key with a different body (422 idempotency_key_reused), changing nothing', async () => {
    const key = randomUUID();
    await post('/things', 'operator', key).send({ name: 'tent' }).expect(201);
    const reused = await post('/things', 'operator', key).send({ name: 'tents' }).expect(422);
    expect(reused.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    // And with a query string, the same body: another request too.
    await post('/things?x=1', 'operator', key).send({ name: 'tent' }).expect(422);
    expect(effects).toEqual(['created tent']);
  });

  it('answers 409 idempotency_key_in_progress while the first is still running', async () => {
    const key = randomUUID();
    const first = post('/things/slow', 'operator', key).send({});
    const firstDone = first.then((r) => r);
    await waitUntil(() => effects.includes('slow started'));
    const repeat = await post('/things/slow', 'operator', key).send({}).expect(409);
    expect(repeat.body.code).toBe('idempotency_key_in_progress');
    expect(repeat.headers['retry-after']).toBe('1');
    releaseSlow();
    expect((await firstDone).status).toBe(200);
    const replayed = await post('/things/slow', 'operator', key).send({}).expect(200);
    expect(replayed.body).toEqual({ done: true });
    expect(effects).toEqual(['slow started']);
  });

  it('never runs again a first request cut off before its answer was stored (409 idempotency_outcome_unknown)', async () => {
    const key = randomUUID();
    const fingerprint = fingerprintOf({
      method: 'POST',
      path: '/things',
      query: {},
      body: { name: 'lost' },
    });
    // What a crash between the handler's commit and storing its answer leaves behind.
    await service.sql.query(
      `INSERT INTO idempotency_keys (caller, method, route, key, fingerprint, created_at)
       VALUES ('op-aliya@', 'POST', '/things', $1, $2, now() - interval '2 minutes')`,
      [key, fingerprint],
    );
    const answer = await post('/things', 'operator', key).send({ name: 'lost' }).expect(409);
    expect(answer.body.code).toBe('idempotency_outcome_unknown');
    expect(effects).toEqual([]);
  });

  it('of two identical requests at once, one runs', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3].map(() => post('/things', 'operator', key).send({ name: 'kit' })),
    );
    expect(effects).toEqual(['created kit']);
    const statuses = answers.map((a) => a.status).sort();
    // The others either waited for the answer (a replay) or came while it ran (409).
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
  });

  it('keeps keys per caller: another agency with the same key makes its own', async () => {
    const key = randomUUID();
    const dana = await post('/things', 'unicef', key).send({ name: 'kits' }).expect(201);
    const marat = await post('/things', 'ifrc', key).send({ name: 'kits' }).expect(201);
    expect(marat.headers['idempotent-replayed']).toBeUndefined();
    expect(marat.body.id).not.toBe(dana.body.id);
    expect(effects).toEqual(['created kits', 'created kits']);
    expect((await rows(key)).map((r) => r.caller)).toEqual([
      'ifrc-marat@IFRC',
      'unicef-dana@unicef',
    ]);
  });

  it('stores refusals (4xx) and replays them; validation refusals too', async () => {
    const key = randomUUID();
    const first = await post('/things', 'operator', key).send({ name: 'taken' }).expect(409);
    const again = await post('/things', 'operator', key).send({ name: 'taken' }).expect(409);
    expect(again.body).toEqual(first.body);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(effects).toEqual(['refused']);
    const invalid = randomUUID();
    const bad = await post('/things', 'operator', invalid).send({ name: 7 }).expect(400);
    expect((await post('/things', 'operator', invalid).send({ name: 7 }).expect(400)).body).toEqual(
      bad.body,
    );
  });

  it('does not store a 5xx: the retry runs again', async () => {
    const key = randomUUID();
    flakyFailures = 1;
    await post('/things/flaky', 'operator', key).send({}).expect(500);
    expect(await rows(key)).toEqual([]);
    await post('/things/flaky', 'operator', key).send({}).expect(201);
    await post('/things/flaky', 'operator', key).send({}).expect(201);
    expect(effects).toEqual(['flaky', 'flaky']);
  });

  it('does not store a "retry later" refusal (Retry-After): the retry runs again', async () => {
    const key = randomUUID();
    await post('/things/not-yet', 'operator', key).send({}).expect(422);
    await post('/things/not-yet', 'operator', key).send({}).expect(201);
    await post('/things/not-yet', 'operator', key).send({}).expect(201);
    expect(effects).toEqual(['not-yet', 'not-yet']);
  });

  it('replays an answer without a body', async () => {
    const key = randomUUID();
    await post('/things/nothing', 'operator', key).expect(204);
    const again = await post('/things/nothing', 'operator', key).expect(204);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(effects).toEqual(['nothing']);
  });

  it('keys of public routes belong to "anonymous"', async () => {
    const key = randomUUID();
    const call = () =>
      request(service.app.getHttpServer())
        .post('/things/public')
        .set('Idempotency-Key', key)
        .send({ name: 'hello' });
    await call().expect(202);
    expect((await call().expect(202)).headers['idempotent-replayed']).toBe('true');
    expect(effects).toEqual(['public hello']);
    expect((await rows(key))[0]).toMatchObject({ caller: 'anonymous', route: '/things/public' });
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(201)],
    ['not ASCII', 'ключ'],
  ])(
    'refuses a key that is %s with a 400 naming the header, before the handler',
    async (_w, key) => {
      const answer = await post('/things', 'operator')
        .set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1'))
        .send({ name: 'x' })
        .expect(400);
      expect(answer.body).toMatchObject({
        code: 'invalid_idempotency_key',
        errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
      });
      expect(effects).toEqual([]);
    },
  );

  it('works without a key as before, and ignores one on other methods', async () => {
    await post('/things', 'operator').send({ name: 'a' }).expect(201);
    await post('/things', 'operator').send({ name: 'a' }).expect(201);
    expect(effects).toEqual(['created a', 'created a']);
    await request(service.app.getHttpServer())
      .get('/health')
      .set('Idempotency-Key', '')
      .expect(200);
  });

  it('prunes keys older than the retention, and only those', async () => {
    const key = randomUUID();
    await post('/things', 'operator', key).send({ name: 'old' }).expect(201);
    await service.sql.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '49 hours' WHERE key = $1`,
      [key],
    );
    const fresh = randomUUID();
    await post('/things', 'operator', fresh).send({ name: 'new' }).expect(201);
    expect(await service.app.get(IdempotencyPruner).prune()).toBe(1);
    expect(await rows(key)).toEqual([]);
    expect(await rows(fresh)).toHaveLength(1);
  });

  it('documents the header and the 409/422 answers on every POST', async () => {
    const docs = await request(service.app.getHttpServer()).get('/docs/openapi.json').expect(200);
    const posts = Object.entries(docs.body.paths as Record<string, { post?: PostDoc }>).filter(
      ([, item]) => item.post,
    );
    expect(posts.length).toBeGreaterThan(5);
    for (const [, { post: operation }] of posts) {
      expect(operation?.parameters?.map((p) => p.name)).toContain('Idempotency-Key');
      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining(['409', '422']),
      );
    }
  });
});

interface PostDoc {
  parameters?: { name: string }[];
  responses: Record<string, unknown>;
}

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i += 1) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('timed out');
}
