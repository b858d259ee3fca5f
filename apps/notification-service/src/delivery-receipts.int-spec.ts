/**
 * Delivery receipts and delivery metrics (issue 16 items 7 and 8) on the real peers: the local
 * SMPP sink sends a receipt for every part it takes (one part of one message undeliverable), an
 * HTTP SMS gateway (node:http) takes what the primary cannot and reports by its signed webhook,
 * and the ledger API shows each part and the message's final status; /metrics counts it all.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ALL_TOPICS } from '@relief/contracts';
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
import type { Client } from 'pg';
import request from 'supertest';
import { AppModule } from './app.module';
import { signWebhookBody } from './delivery/sms-webhook';
import { NotificationServiceConfig } from './notification-service.config';
import type { NotificationDto } from './notifications/notification.dto';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

const SECRET = 'receipts-webhook-shared-secret';
/** Three UCS-2 parts (67 characters each at most). */
const LONG_TEXT =
  'Паводок в Актюбинской области: уровень воды в реке Илек поднялся на два метра за сутки. ' +
  'Эвакуация сёл Благодарное и Жанаталап продолжается, пункты приёма открыты в школах № 3 и 7.';
const PARTLY_LOST = '+77015550001';
const DELIVERED = '+77015550002';
const VIA_GATEWAY = '+77015550003';

describe('delivery receipts and metrics (real SMPP sink, HTTP gateway, PostgreSQL)', () => {
  let sink: RunningSmppSink;
  let gateway: Server;
  const gatewayTook: string[] = [];
  let service: TestService<NotificationServiceConfig>;
  let app: NestExpressApplication;
  let sql: Client;
  let admin: string;
  let dana: string;
  let stopped = false;

  beforeAll(async () => {
    sink = await startSmppSink({ port: 0, receipts: true });
    // The second part of the message to PARTLY_LOST never reaches the phone.
    sink.receipts.statOf = (part) =>
      part.to === PARTLY_LOST && part.index === 2
        ? { stat: 'UNDELIV', err: '034' }
        : { stat: 'DELIVRD' };
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        gatewayTook.push(new URLSearchParams(body).get('To') ?? '');
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ sid: `SM${randomUUID().replaceAll('-', '')}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const prefix = uniqueTopicPrefix();
    await createTopics(testKafkaBrokers(), prefix, ALL_TOPICS);
    service = await startTestService({
      name: 'notification_receipts',
      configClass: NotificationServiceConfig,
      module: (config) => AppModule.forRoot(config),
      topicPrefix: prefix,
      env: {
        SMPP_PORT: String(sink.port),
        SMS_SECONDARY_PROVIDER: 'http',
        SMS_HTTP_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
        SMS_HTTP_WEBHOOK_SECRET: SECRET,
        DELIVERY_POLL_MS: '100',
      },
    });
    ({ app, sql } = service);
    admin = await mintTestToken(TEST_IDENTITIES.admin);
    dana = await mintTestToken(TEST_IDENTITIES.unicef);
  }, 180_000);

  afterAll(async () => {
    await service?.close();
    if (!stopped) await sink?.stop();
    gateway?.closeAllConnections();
    await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
  }, 60_000);

  const api = () => request(app.getHttpServer());
  const subscriber = async (phone: string, userId?: string): Promise<string> => {
    const created = await api()
      .post('/subscribers')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        name: `Field team ${phone}`,
        organisation: 'ministry',
        phone,
        language: 'ru',
        channels: ['sms'],
        ...(userId ? { userId } : {}),
      })
      .expect(201);
    return (created.body as { id: string }).id;
  };
  /** A ledger row as the planner leaves it: due now, its text its own. */
  const due = async (subscriberId: string, phone: string, text = LONG_TEXT): Promise<string> => {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
         language, body_text, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, 'incident.reported', $3, 'sms', $4, 'ru', $5, 'pending', 0, now(), now(), now())`,
      [id, randomUUID(), subscriberId, phone, text],
    );
    return id;
  };
  const ledgerRow = async (id: string, subscriberId: string): Promise<NotificationDto> => {
    const answer = await api()
      .get(`/notifications?subscriberId=${subscriberId}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const row = (answer.body as NotificationDto[]).find((n) => n.id === id);
    if (!row) throw new Error(`no ledger row ${id}`);
    return row;
  };
  const webhook = (body: string, signature?: string) => {
    const call = api()
      .post('/webhooks/sms/receipts')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(body);
    return signature === undefined ? call : call.set('X-Signature', signature);
  };

  it('keeps each part’s receipt; a message is delivered only when every part is', async () => {
    const lost = await subscriber(PARTLY_LOST);
    const fine = await subscriber(DELIVERED, TEST_IDENTITIES.unicef.sub);
    const lostRow = await due(lost, PARTLY_LOST);
    const fineRow = await due(fine, DELIVERED);

    const partly = await eventually(
      () => ledgerRow(lostRow, lost),
      (row) =>
        row.status === 'sent' &&
        row.parts.length === 3 &&
        row.parts.every((p) => p.status !== 'submitted'),
      'a receipt for each of the 3 parts',
    );
    expect(partly.parts.map((p) => [p.part, p.provider, p.status, p.errorCode])).toEqual([
      [1, 'smpp:primary', 'delivered', null],
      [2, 'smpp:primary', 'undeliverable', '034'],
      [3, 'smpp:primary', 'delivered', null],
    ]);
    expect(partly.parts.map((p) => p.providerMessageId).join(',')).toBe(partly.providerMessageId);
    expect(partly.parts.every((p) => p.submittedAt && p.statusAt)).toBe(true);
    expect(partly.receipt).toMatchObject({ status: 'undeliverable', errorCode: '034' });
    expect(partly.deliveryReceipt).toBe('undeliverable');

    const whole = await eventually(
      () => ledgerRow(fineRow, fine),
      (row) => row.receipt?.status === 'delivered',
      'the whole message delivered',
    );
    expect(whole.parts.map((p) => p.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(whole.receipt?.errorCode).toBeNull();
    // The subscriber's own ledger shows the same.
    const mine = await api()
      .get('/subscribers/me/notifications')
      .set('Authorization', `Bearer ${dana}`)
      .expect(200);
    const own = (mine.body as NotificationDto[]).find((n) => n.id === fineRow);
    expect(own?.receipt?.status).toBe('delivered');
    expect(own?.parts).toHaveLength(3);
  });

  it('takes the HTTP gateway’s receipts by its signed webhook, and refuses unsigned ones', async () => {
    const viaGateway = await subscriber(VIA_GATEWAY);
    // The primary is gone (connection refused, surely not sent): the HTTP gateway takes it at once.
    await sink.stop();
    stopped = true;
    const row = await due(viaGateway, VIA_GATEWAY, 'Short text');
    const sent = await eventually(
      () => ledgerRow(row, viaGateway),
      (r) => r.status === 'sent',
      'the message sent by the HTTP gateway',
    );
    expect(gatewayTook).toEqual([VIA_GATEWAY]);
    expect(sent.parts).toEqual([
      expect.objectContaining({ part: 1, provider: 'http:secondary', status: 'submitted' }),
    ]);
    expect(sent.receipt).toBeNull();
    const sid = sent.parts[0].providerMessageId;
    const body = `MessageSid=${sid}&MessageStatus=undelivered&ErrorCode=30003`;

    for (const signature of [
      undefined,
      'sha256=00',
      signWebhookBody(body, 'not-the-secret-at-all'),
    ]) {
      const refused = await webhook(body, signature).expect(401);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 401, code: 'bad_signature' });
      expect(refused.headers['www-authenticate']).toMatch(/^HMAC-SHA256 realm="sms-receipts"/);
    }
    // Signed for another body: the signature covers the bytes.
    await webhook(body, signWebhookBody(`${body}&x=1`, SECRET)).expect(401);
    expect((await ledgerRow(row, viaGateway)).receipt).toBeNull();

    await webhook(body, signWebhookBody(body, SECRET)).expect(204);
    const after = await ledgerRow(row, viaGateway);
    expect(after.parts[0]).toMatchObject({ status: 'undeliverable', errorCode: '30003' });
    expect(after.receipt).toMatchObject({ status: 'undeliverable', errorCode: '30003' });

    const nonsense = 'Hello=world';
    const refused = await webhook(nonsense, signWebhookBody(nonsense, SECRET)).expect(400);
    expect(refused.body).toMatchObject({ code: 'not_a_receipt' });
  });

  it('shows on /metrics what is due, what was handed over and how fast, receipts, failover', async () => {
    const waiting = await subscriber('+77015550004');
    await sql.query(
      `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
         language, body_text, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, 'incident.reported', $3, 'sms', '+77015550004', 'ru', 'later', 'pending', 1,
         now() + interval '1 hour', now(), now())`,
      [randomUUID(), randomUUID(), waiting],
    );
    const text = (await api().get('/metrics').expect(200)).text;
    const value = (name: string, labels: Record<string, string>) => {
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`${name}{`) &&
            Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
        );
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    expect(
      value('notification_messages', { channel: 'sms', provider: 'none', state: 'waiting' }),
    ).toBe(1);
    expect(
      value('notification_deliveries_total', {
        channel: 'sms',
        provider: 'smpp:primary',
        outcome: 'sent',
      }),
    ).toBe(2);
    expect(
      value('notification_deliveries_total', {
        channel: 'sms',
        provider: 'http:secondary',
        outcome: 'sent',
      }),
    ).toBe(1);
    expect(
      value('notification_handover_seconds_count', { channel: 'sms', provider: 'smpp:primary' }),
    ).toBe(2);
    expect(
      value('notification_receipts_total', { provider: 'smpp:primary', status: 'delivered' }),
    ).toBe(5);
    expect(
      value('notification_receipts_total', { provider: 'smpp:primary', status: 'undeliverable' }),
    ).toBe(1);
    expect(
      value('notification_receipts_total', {
        provider: 'http:secondary',
        status: 'undeliverable',
      }),
    ).toBe(1);
    // One refused bind moved one message: the circuit is still closed (threshold 5).
    expect(value('notification_sms_failover_state', { state: 'closed' })).toBe(1);
    expect(value('notification_sms_failover_state', { state: 'open' })).toBe(0);
  });
});
