/**
 * GET /subscribers/me/notifications on real PostgreSQL: a person linked to a subscriber (a
 * partner agency's staff member) reads what was sent to them, and nothing sent to anyone else.
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ALL_TOPICS } from '@relief/contracts';
import {
  createTopics,
  mintTestToken,
  startTestService,
  TEST_ENV,
  TEST_IDENTITIES,
  testAuthEnv,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import { SignJWT } from 'jose';
import type { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { NotificationServiceConfig } from '../notification-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

interface LedgerRow {
  id: string;
  subscriberId: string;
  channel: string;
  status: string;
  deliveryReceipt: string | null;
  createdAt: string;
}

const ME = '/subscribers/me/notifications';

describe('GET /subscribers/me/notifications (real PostgreSQL)', () => {
  let service: TestService<NotificationServiceConfig>;
  let app: NestExpressApplication;
  let sql: Client;
  let admin: string;
  /** Dana of UNICEF, linked to her subscriber record. */
  let dana: string;
  /** Marat of IFRC, linked to another subscriber. */
  let marat: string;
  let danaId: string;
  let maratId: string;
  const danaRows: string[] = [];
  const maratRows: string[] = [];

  /** A ledger row as the delivery worker leaves it, `minutesAgo` old. */
  async function row(
    subscriberId: string,
    channel: 'email' | 'sms',
    status: 'sent' | 'failed',
    minutesAgo: number,
  ): Promise<string> {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
         language, subject, body_text, status, attempts, next_attempt_at, provider_message_id,
         delivery_receipt, last_error, created_at, updated_at)
       VALUES ($1, $2, 'incident.reported', $3, $4, 'someone', 'en', 'Flood in Aktobe region',
         'Flood in Aktobe region', $5, 1, now(), $6, $7, $8,
         now() - make_interval(mins => $9), now() - make_interval(mins => $9))`,
      [
        id,
        randomUUID(),
        subscriberId,
        channel,
        status,
        status === 'sent' ? `msg-${id}` : null,
        status === 'sent' && channel === 'sms' ? 'DELIVRD' : null,
        status === 'failed' ? 'SMSC rejected: unknown number' : null,
        minutesAgo,
      ],
    );
    return id;
  }

  async function subscriber(name: string, organisation: string, userId: string): Promise<string> {
    const response = await request(app.getHttpServer())
      .post('/subscribers')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        name,
        organisation,
        email: `${userId}@example.org`,
        phone: '+77012345678',
        language: 'en',
        channels: ['email', 'sms'],
        userId,
      })
      .expect(201);
    return (response.body as { id: string }).id;
  }

  const get = (token: string, query: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(ME).query(query).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    const prefix = uniqueTopicPrefix();
    await createTopics(testKafkaBrokers(), prefix, ALL_TOPICS);
    service = await startTestService({
      name: 'notification_my_ledger',
      configClass: NotificationServiceConfig,
      module: (config) => AppModule.forRoot(config),
      topicPrefix: prefix,
      // The rows are written here as the worker would leave them: it must not touch them.
      env: { DELIVERY_ENABLED: 'false' },
    });
    ({ app, sql } = service);
    admin = await mintTestToken(TEST_IDENTITIES.admin);
    dana = await mintTestToken(TEST_IDENTITIES.unicef);
    marat = await mintTestToken(TEST_IDENTITIES.ifrc);
    danaId = await subscriber('Dana', 'UNICEF', TEST_IDENTITIES.unicef.sub);
    maratId = await subscriber('Marat', 'IFRC', TEST_IDENTITIES.ifrc.sub);
    danaRows.push(
      await row(danaId, 'email', 'sent', 30),
      await row(danaId, 'sms', 'sent', 20),
      await row(danaId, 'sms', 'failed', 10),
    );
    maratRows.push(await row(maratId, 'email', 'sent', 25), await row(maratId, 'sms', 'sent', 5));
  }, 180_000);

  afterAll(async () => {
    await service?.close();
  }, 60_000);

  it('shows the linked person their own rows, newest first, with channel, status and receipt', async () => {
    const response = await get(dana).expect(200);
    const rows = response.body as LedgerRow[];
    expect(rows.map((r) => r.id)).toEqual([...danaRows].reverse());
    expect(rows.every((r) => r.subscriberId === danaId)).toBe(true);
    expect(rows.map((r) => [r.channel, r.status, r.deliveryReceipt])).toEqual([
      ['sms', 'failed', null],
      ['sms', 'sent', 'DELIVRD'],
      ['email', 'sent', null],
    ]);
    expect(Date.parse(rows[0].createdAt)).toBeGreaterThan(Date.parse(rows[2].createdAt));
  });

  it("never shows another subscriber's rows, whatever the filters", async () => {
    const seen = [
      ...((await get(dana, { limit: '500' }).expect(200)).body as LedgerRow[]),
      ...((await get(dana, { channel: 'email' }).expect(200)).body as LedgerRow[]),
      ...((await get(dana, { status: 'sent' }).expect(200)).body as LedgerRow[]),
    ];
    expect(seen.filter((r) => maratRows.includes(r.id) || r.subscriberId !== danaId)).toEqual([]);
    const theirs = (await get(marat).expect(200)).body as LedgerRow[];
    expect(theirs.map((r) => r.id)).toEqual([...maratRows].reverse());
  });

  it('filters by channel and status and honours the limit', async () => {
    const sms = (await get(dana, { channel: 'sms' }).expect(200)).body as LedgerRow[];
    expect(sms.map((r) => r.id)).toEqual([danaRows[2], danaRows[1]]);
    const failed = (await get(dana, { status: 'failed' }).expect(200)).body as LedgerRow[];
    expect(failed.map((r) => r.id)).toEqual([danaRows[2]]);
    const newest = (await get(dana, { limit: '1' }).expect(200)).body as LedgerRow[];
    expect(newest.map((r) => r.id)).toEqual([danaRows[2]]);
  });

  it.each([
    ['limit', '0'],
    ['limit', '501'],
    ['limit', 'ten'],
    ['channel', 'pigeon'],
    ['status', 'lost'],
    // The subscriber is always the caller's: asking for another one is not a filter here.
    ['subscriberId', randomUUID()],
    ['eventId', randomUUID()],
  ])('refuses %s=%s with 400 naming the field', async (field, value) => {
    const response = await get(dana, { [field]: value }).expect(400);
    const problem = response.body as { errors?: { field: string }[] };
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });

  it('answers 404 subscriber_not_found to a caller without a subscriber (an admin too)', async () => {
    for (const token of [admin, await mintTestToken(TEST_IDENTITIES.operator)]) {
      const response = await get(token).expect(404);
      expect(response.body).toMatchObject({ status: 404, code: 'subscriber_not_found' });
    }
  });

  it('refuses a token without a role (403) and a call without a token (401)', async () => {
    // Validly signed, for Dana's own `sub`, but with no role: deny by default.
    const { AUTH_ISSUER, AUTH_AUDIENCE } = testAuthEnv();
    const now = Math.floor(Date.now() / 1000);
    const roleless = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setSubject(TEST_IDENTITIES.unicef.sub)
      .setIssuer(AUTH_ISSUER)
      .setAudience(AUTH_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(createPrivateKey(readFileSync(process.env[TEST_ENV.authPrivateKeyFile]!, 'utf8')));
    const refused = await get(roleless).expect(403);
    expect(refused.body).toMatchObject({ status: 403 });
    expect(JSON.stringify(refused.body)).not.toContain(danaRows[0]);
    await request(app.getHttpServer()).get(ME).expect(401);
  });

  it('is in the OpenAPI document beside the other ledger endpoint', async () => {
    const doc = (await request(app.getHttpServer()).get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, { get?: { tags?: string[]; responses?: object } }>;
    };
    const operation = doc.paths[ME]?.get;
    expect(operation?.tags).toEqual(['notifications']);
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '403', '404']),
    );
  });
});
