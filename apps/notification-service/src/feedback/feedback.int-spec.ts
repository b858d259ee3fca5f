/**
 * Feedback from affected people (issue 19) on the real peers: an SMS from Aktobe reaches the
 * service through the local SMPP sink (mobile-originated deliver_sm), is stored once though
 * delivered twice, listed, categorised, counted, read by the partner that delivered the kit
 * without the phone number, acknowledged once in the sender's language; STOP silences the
 * number for later notifications (email only). The HTTP inbound webhook refuses a bad
 * signature; the public form is rate-limited; old phone numbers are pruned.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ALL_TOPICS, EVENT_EXAMPLES, type IncidentSnapshotV1 } from '@relief/contracts';
import { buildEnvelope } from '@relief/messaging';
import { startSmppSink, type RunningSmppSink } from '@relief/local-infra';
import {
  createTopics,
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { signWebhookBody } from '../delivery/sms-webhook';
import { NotificationServiceConfig } from '../notification-service.config';
import { FeedbackService } from './feedback.service';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

const SENDER = '+77015550419';
const SECRET = 'inbound-webhook-shared-secret';

describe('feedback from affected people (real SMPP sink, Kafka, PostgreSQL)', () => {
  let sink: RunningSmppSink;
  let service: TestService<NotificationServiceConfig>;
  let app: NestExpressApplication;
  let sql: Client;
  let producer: Producer;
  let prefix: string;
  let operator: string;
  let admin: string;
  let unicef: string;
  let rcs: string;
  const incidentId = randomUUID();

  beforeAll(async () => {
    sink = await startSmppSink({ port: 0 });
    prefix = uniqueTopicPrefix();
    await createTopics(testKafkaBrokers(), prefix, ALL_TOPICS);
    service = await startTestService({
      name: 'notification_feedback',
      configClass: NotificationServiceConfig,
      module: (config) => AppModule.forRoot(config),
      topicPrefix: prefix,
      env: {
        SMPP_PORT: String(sink.port),
        SMS_HTTP_WEBHOOK_SECRET: SECRET,
        DELIVERY_POLL_MS: '100',
        FEEDBACK_WEB_RATE_LIMIT: '2',
        FEEDBACK_WEB_RATE_WINDOW_S: '600',
      },
    });
    ({ app, sql } = service);
    const kafka = new Kafka({
      clientId: 'ns-feedback-test',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    [operator, admin, unicef, rcs] = await Promise.all(
      [
        TEST_IDENTITIES.operator,
        TEST_IDENTITIES.admin,
        TEST_IDENTITIES.unicef,
        TEST_IDENTITIES.rcs,
      ].map((i) => mintTestToken(i)),
    );
  }, 180_000);

  afterAll(async () => {
    await service?.close();
    await producer?.disconnect();
    await sink?.stop();
  }, 60_000);

  const api = () => request(app.getHttpServer());
  const publish = async (
    topic: string,
    event: Parameters<typeof buildEnvelope>[0],
    from: string,
  ) => {
    const built = buildEnvelope(event, { producer: from });
    await producer.send({
      topic: `${prefix}${topic}`,
      acks: -1,
      messages: [{ key: event.aggregateId, value: built.value, headers: built.headers }],
    });
  };
  const smsTo = (phone: string) => sink.messages.filter((m) => m.to === phone);

  it('an SMS from Aktobe about a missing item goes all the way, once; STOP stops SMS', async () => {
    // The incident and UNICEF's delivery of hygiene kits, as the other services publish them.
    const incident: IncidentSnapshotV1 = {
      ...EVENT_EXAMPLES['incident.reported'],
      incidentId,
      region: 'KZ-15',
      status: 'active',
    };
    await publish(
      'incident.events',
      { type: 'incident.reported', version: 1, aggregateId: incidentId, payload: incident },
      'incident-service',
    );
    const offerId = randomUUID();
    await publish(
      'offer.events',
      {
        type: 'offer.delivered',
        version: 1,
        aggregateId: offerId,
        payload: {
          ...EVENT_EXAMPLES['offer.delivered'],
          offerId,
          incidentId,
          partnerCode: 'UNICEF',
          itemCode: 'WASH-HYGIENE-KIT',
        },
      },
      'partner-offer-service',
    );
    await eventually(
      () => sql.query(`SELECT 1 FROM feedback_deliveries WHERE incident_id = $1`, [incidentId]),
      (r) => r.rowCount === 1,
      'the delivery projection',
      { timeoutMs: 30_000 },
    );
    await eventually(
      () => sql.query(`SELECT reference FROM incidents WHERE id = $1`, [incidentId]),
      (r) => r.rowCount === 1,
      'the incident read model',
    );

    // The same message delivered twice by the SMSC (same id): both acknowledged, stored once.
    const message = { from: SENDER, text: 'НАБОР 2 нет мыла, Актобе', id: 'mo-0001' };
    expect(await sink.sendInbound(message)).toBe(0);
    expect(await sink.sendInbound(message)).toBe(0);
    const stored = await sql.query(`SELECT id FROM feedback WHERE phone = $1`, [SENDER]);
    expect(stored.rowCount).toBe(1);

    // The operator's list, with the phone number.
    const listed = await api()
      .get(`/feedback?incidentId=${incidentId}`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(listed.body.items).toHaveLength(1);
    const item = listed.body.items[0];
    expect(item).toMatchObject({
      channel: 'sms',
      language: 'ru',
      text: 'НАБОР 2 нет мыла, Актобе',
      regionCode: 'KZ-15',
      incidentId,
      incidentReference: incident.reference,
      itemCode: 'WASH-HYGIENE-KIT',
      category: 'missing-item',
      handled: false,
      phone: SENDER,
    });

    // Categorised (If-Match), and counted against the kit.
    await api()
      .patch(`/feedback/${item.id}`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ handled: true })
      .expect(428);
    const changed = await api()
      .patch(`/feedback/${item.id}`)
      .set('Authorization', `Bearer ${operator}`)
      .set('If-Match', `"${item.version}"`)
      .send({ category: 'quantity', handled: true })
      .expect(200);
    expect(changed.body).toMatchObject({
      category: 'quantity',
      handled: true,
      version: item.version + 1,
    });
    const summary = await api()
      .get(`/feedback/summary?incidentId=${incidentId}`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(summary.body.items).toEqual([
      expect.objectContaining({
        itemCode: 'WASH-HYGIENE-KIT',
        count: 1,
        categories: { quantity: 1 },
      }),
    ]);
    expect(summary.body.items[0].topWords.map((w: { word: string }) => w.word)).toContain('мыла');

    // UNICEF delivered the kits: it sees the feedback, without the phone; the Red Crescent does not.
    const forUnicef = await api()
      .get(`/feedback?incidentId=${incidentId}`)
      .set('Authorization', `Bearer ${unicef}`)
      .expect(200);
    expect(forUnicef.body.items).toHaveLength(1);
    expect(forUnicef.body.items[0]).not.toHaveProperty('phone');
    expect(JSON.stringify(forUnicef.body)).not.toContain(SENDER);
    const forRcs = await api()
      .get(`/feedback?incidentId=${incidentId}`)
      .set('Authorization', `Bearer ${rcs}`)
      .expect(200);
    expect(forRcs.body.items).toHaveLength(0);
    const rcsSummary = await api()
      .get(`/feedback/summary?incidentId=${incidentId}`)
      .set('Authorization', `Bearer ${rcs}`)
      .expect(200);
    expect(rcsSummary.body.total).toBe(0);

    // Exactly one acknowledgement, in Russian.
    await eventually(
      async () => smsTo(SENDER),
      (m) => m.length >= 1,
      'the acknowledgement',
      { timeoutMs: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smsTo(SENDER).map((m) => m.text)).toEqual([
      expect.stringContaining('Спасибо, ваше сообщение получено'),
    ]);

    // The event carries no phone number.
    const outbox = await sql
      .query(`SELECT payload FROM outbox WHERE type LIKE 'feedback.%'`)
      .catch(() => null);
    if (outbox) expect(JSON.stringify(outbox.rows)).not.toContain(SENDER);

    // STOP (in Kazakh): one confirmation in Kazakh, then no more SMS to that number.
    expect(await sink.sendInbound({ from: SENDER, text: 'ТОҚТАТУ', id: 'mo-0002' })).toBe(0);
    await eventually(
      async () => smsTo(SENDER),
      (m) => m.length >= 2,
      'the STOP confirmation',
      { timeoutMs: 15_000 },
    );
    expect(smsTo(SENDER)[0].text).toContain('БАСТАУ');
    const subscriberId = (
      await api()
        .post('/subscribers')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          name: 'Resident',
          organisation: 'public',
          phone: SENDER,
          email: 'resident@example.kz',
          language: 'ru',
          channels: ['sms', 'email'],
        })
        .expect(201)
    ).body.id as string;
    await api()
      .post(`/subscribers/${subscriberId}/subscriptions`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ regions: ['KZ-15'] })
      .expect(201);
    const later = randomUUID();
    await publish(
      'incident.events',
      {
        type: 'incident.reported',
        version: 1,
        aggregateId: later,
        payload: { ...incident, incidentId: later },
      },
      'incident-service',
    );
    const rows = await eventually(
      () =>
        sql.query<{ channel: string; status: string }>(
          `SELECT channel, status FROM notifications WHERE subscriber_id = $1`,
          [subscriberId],
        ),
      (r) => r.rows.length > 0,
      'the later notification planned (no SMTP here: by email, still pending)',
      { timeoutMs: 20_000 },
    );
    expect(rows.rows.map((r) => r.channel)).toEqual(['email']);
    expect(smsTo(SENDER)).toHaveLength(2);
  }, 120_000);

  it('refuses an inbound webhook with a bad signature (401) and stores a signed one', async () => {
    const body = new URLSearchParams({
      MessageSid: 'SM-in-1',
      From: '+77015550420',
      Body: 'KIT no soap',
    }).toString();
    await api()
      .post('/webhooks/sms/inbound')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Signature', signWebhookBody(body, 'not-the-secret-at-all'))
      .send(body)
      .expect(401);
    // The service's SMS provider is SMPP here, so the webhook is off unless a secret is set: it is.
    await api()
      .post('/webhooks/sms/inbound')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Signature', signWebhookBody(body, SECRET))
      .send(body)
      .expect(204);
    const rows = await sql.query(
      `SELECT language, item_code FROM feedback WHERE gateway_message_id = 'SM-in-1'`,
    );
    expect(rows.rows).toEqual([{ language: 'en', item_code: 'WASH-HYGIENE-KIT' }]);
  });

  it('rate-limits the public form per address (429 with Retry-After)', async () => {
    for (let i = 0; i < 2; i++) {
      await api().post('/feedback').send({ text: 'Жинақта сабын жоқ' }).expect(202);
    }
    const refused = await api().post('/feedback').send({ text: 'Жинақта сабын жоқ' }).expect(429);
    expect(refused.body).toMatchObject({ code: 'too_many_feedback' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await api().post('/feedback').send({ text: '', phone: '+7701' }).expect(400);
  });

  it('blanks phone numbers older than the retention period, keeping the text', async () => {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO feedback (id, channel, phone, received_at, language, text, updated_at)
       VALUES ($1, 'sms', '+77015550999', now() - interval '91 days', 'ru', 'старое', now())`,
      [id],
    );
    await app.get(FeedbackService).prunePhones();
    const row = await sql.query(`SELECT phone, text FROM feedback WHERE id = $1`, [id]);
    expect(row.rows).toEqual([{ phone: null, text: 'старое' }]);
    const kept = await sql.query(`SELECT phone FROM feedback WHERE phone = $1`, [SENDER]);
    expect(kept.rowCount).toBe(2); // the kit message and the STOP, newer than 90 days
  });
});
