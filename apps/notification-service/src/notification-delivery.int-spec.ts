/**
 * Issue #6 end to end on real Kafka and PostgreSQL, with a real SMTP server and a real SMPP
 * server in the test process: an incident in KZ-15 (Aktobe) reaches exactly the subscribers it
 * concerns, by their channels, in their language, once.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ALL_TOPICS, EVENT_EXAMPLES, type IncidentSnapshotV1 } from '@relief/contracts';
import { buildEnvelope } from '@relief/messaging';
import {
  createTopics,
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type Polling,
  type TestService,
} from '@relief/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { type Client } from 'pg';
import {
  createServer as createSmppServer,
  type PDU,
  type Server as SmppServer,
  type Session,
} from 'smpp';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { AppModule } from './app.module';
import { readSubmittedPart } from './delivery/sms-parts';
import { NotificationServiceConfig } from './notification-service.config';
import type { NotificationDto } from './notifications/notification.dto';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

interface Mail {
  to: string;
  raw: string;
}
interface Row {
  id: string;
  subscriber_id: string;
  channel: string;
  status: string;
  attempts: number;
  language: string;
  body_text: string;
  last_error: string | null;
}

/** Deliveries retry with backoff: waits here are longer than the usual 30 s. */
const DELIVERY: Polling = { timeoutMs: 45_000, intervalMs: 200 };

describe('notifications from an incident (real Kafka, PostgreSQL, SMTP and SMPP)', () => {
  const prefix = uniqueTopicPrefix();
  const mails: Mail[] = [];
  const smsParts = new Map<string, ReturnType<typeof readSubmittedPart>[]>();
  const rcptFailures = new Map<string, number>([['flaky@emer.gov.kz', 2]]);
  let smtp: SMTPServer;
  let smsc: SmppServer;
  let service: TestService<NotificationServiceConfig>;
  let sql: Client;
  let app: NestExpressApplication;
  let producer: Producer;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _s, callback) {
        const left = rcptFailures.get(address.address) ?? 0;
        if (left > 0) {
          rcptFailures.set(address.address, left - 1);
          return callback(
            Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }),
          );
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          for (const r of session.envelope.rcptTo)
            mails.push({ to: r.address, raw: Buffer.concat(chunks).toString() });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smsc = createSmppServer({}, (session: Session) => {
      for (const bind of ['bind_transmitter', 'bind_receiver'])
        session.on(bind, (pdu: PDU) => session.send(pdu.response()));
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => session.send(pdu.response()));
      session.on('submit_sm', (pdu: PDU) => {
        const to = String(pdu.destination_addr);
        if (to.endsWith('0000')) return void session.send(pdu.response({ command_status: 0x0b }));
        smsParts.set(to, [...(smsParts.get(to) ?? []), readSubmittedPart(pdu.short_message)]);
        session.send(pdu.response({ message_id: randomUUID() }));
      });
    });
    await new Promise<void>((resolve) => smsc.listen(0, '127.0.0.1', () => resolve()));

    const brokers = testKafkaBrokers();
    await createTopics(brokers, prefix, ALL_TOPICS);
    service = await startTestService({
      name: 'notification-service',
      configClass: NotificationServiceConfig,
      module: (config) => AppModule.forRoot(config),
      topicPrefix: prefix,
      env: {
        SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
        SMPP_PORT: String((smsc.address() as AddressInfo).port),
        DELIVERY_POLL_MS: '100',
        DELIVERY_BACKOFF_INITIAL_MS: '200',
        DELIVERY_BACKOFF_MAX_MS: '1000',
        DELIVERY_MAX_ATTEMPTS: '5',
      },
    });
    ({ app, sql } = service);
    const kafka = new Kafka({ clientId: 'ns-test', brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    admin = await mintTestToken(TEST_IDENTITIES.admin);
    operator = await mintTestToken(TEST_IDENTITIES.operator);
  }, 180_000);

  afterAll(async () => {
    await service?.close();
    await producer?.disconnect();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    for (const s of smsc?.sessions ?? []) s.destroy();
    await new Promise<void>((resolve) => (smsc ? smsc.close(() => resolve()) : resolve()));
  }, 60_000);

  const api = () => request(app.getHttpServer());
  const subscriber = async (body: object, subscription?: object): Promise<string> => {
    const created = await api()
      .post('/subscribers')
      .set('Authorization', `Bearer ${admin}`)
      .send(body);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    if (subscription) {
      await api()
        .post(`/subscribers/${id}/subscriptions`)
        .set('Authorization', `Bearer ${admin}`)
        .send(subscription)
        .expect(201);
    }
    return id;
  };
  const publish = async (value: Buffer | string, key: string, headers: Record<string, string>) =>
    producer.send({
      topic: `${prefix}incident.events`,
      acks: -1,
      messages: [{ key, value, headers }],
    });
  /** The ledger's rows of an event, through its API: bodies as sent (the email's own unsubscribe link). */
  const rows = async (eventId: string): Promise<Row[]> => {
    const answer = await api()
      .get(`/notifications?eventId=${eventId}&limit=500`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    return (answer.body as NotificationDto[]).map((n) => ({
      id: n.id,
      subscriber_id: n.subscriberId,
      channel: n.channel,
      status: n.status,
      attempts: n.attempts,
      language: n.language,
      body_text: n.text,
      last_error: n.lastError,
    }));
  };

  it('notifies exactly the matching subscribers, once, in their language, through failures', async () => {
    const duty = await subscriber(
      {
        name: 'Duty officer Aktobe',
        organisation: 'ministry',
        email: 'duty@emer.gov.kz',
        phone: '+77012345678',
        language: 'ru',
        channels: ['email', 'sms'],
      },
      { regions: ['KZ-15'] },
    );
    const ifrc = await subscriber(
      {
        name: 'IFRC desk',
        organisation: 'IFRC',
        email: 'desk@ifrc.org',
        language: 'en',
        channels: ['email'],
      },
      { hazards: ['FL'], minSeverity: 'Severe' },
    );
    const flaky = await subscriber(
      {
        name: 'Akimat',
        organisation: 'ministry',
        email: 'flaky@emer.gov.kz',
        language: 'kk',
        channels: ['email'],
      },
      { eventTypes: ['incident.reported'] },
    );
    const badNumber = await subscriber(
      {
        name: 'Field team',
        organisation: 'ministry',
        phone: '+77010000000',
        language: 'kk',
        channels: ['sms'],
      },
      { regions: ['KZ-15'] },
    );
    const elsewhere = await subscriber(
      {
        name: 'Almaty',
        organisation: 'ministry',
        email: 'almaty@emer.gov.kz',
        language: 'kk',
        channels: ['email'],
      },
      { regions: ['KZ-75'] },
    );
    await subscriber({
      name: 'No subscriptions',
      organisation: 'UNICEF-KZ',
      email: 'x@unicef.org',
      language: 'en',
      channels: ['email'],
    });
    await subscriber(
      {
        name: 'Earthquakes only',
        organisation: 'ministry',
        email: 'eq@emer.gov.kz',
        language: 'en',
        channels: ['email'],
      },
      { hazards: ['EQ'] },
    );

    const incidentId = randomUUID();
    const incident: IncidentSnapshotV1 = {
      ...EVENT_EXAMPLES['incident.reported'],
      incidentId,
      region: 'KZ-15',
      hazard: 'FL',
      severity: 'Severe',
      title: 'Паводок на реке Илек: эвакуация жителей сёл Актюбинской области',
    };
    const built = buildEnvelope(
      { type: 'incident.reported', version: 1, aggregateId: incidentId, payload: incident },
      { producer: 'incident-service' },
    );
    const eventId = built.envelope.id;
    await publish(built.value, incidentId, built.headers);

    const final = await eventually(
      () => rows(eventId),
      (r) => r.length === 5 && r.every((x) => ['sent', 'failed'].includes(x.status)),
      'every notification to reach sent or failed',
      DELIVERY,
    );
    const by = (id: string, channel: string) =>
      final.find((r) => r.subscriber_id === id && r.channel === channel)!;
    expect(final.map((r) => `${r.subscriber_id}:${r.channel}`).sort()).toEqual(
      [
        `${duty}:email`,
        `${duty}:sms`,
        `${ifrc}:email`,
        `${flaky}:email`,
        `${badNumber}:sms`,
      ].sort(),
    );
    expect(final.some((r) => r.subscriber_id === elsewhere)).toBe(false);
    expect(by(duty, 'email')).toMatchObject({ status: 'sent', language: 'ru' });
    expect(by(ifrc, 'email')).toMatchObject({ status: 'sent', language: 'en' });
    // The SMTP server refused twice (451), then took it: one mail, third attempt.
    expect(by(flaky, 'email')).toMatchObject({ status: 'sent', attempts: 3 });
    expect(by(badNumber, 'sms').status).toBe('failed');
    expect(by(badNumber, 'sms').last_error).toMatch(/0x0b/);

    // Mail: one each, in the subscriber's language.
    expect(mails.map((m) => m.to).sort()).toEqual([
      'desk@ifrc.org',
      'duty@emer.gov.kz',
      'flaky@emer.gov.kz',
    ]);
    const subjectOf = (to: string) => decodeSubject(mails.find((m) => m.to === to)!.raw);
    expect(subjectOf('duty@emer.gov.kz')).toMatch(/^Новый инцидент/);
    expect(subjectOf('desk@ifrc.org')).toMatch(/^New incident/);
    expect(subjectOf('flaky@emer.gov.kz')).toMatch(/^Жаңа оқиға/);

    // SMS: the Cyrillic text came in several parts and reassembles whole.
    const parts = smsParts.get('77012345678')!;
    expect(parts.length).toBeGreaterThan(1);
    const text = [...parts]
      .sort((a, b) => a.index - b.index)
      .map((p) => p.text)
      .join('');
    expect(text).toBe(by(duty, 'sms').body_text);
    expect(text).toContain('Паводок на реке Илек');

    // Outcomes went out through the outbox.
    const outbox = await sql.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE type LIKE 'notification.%'`,
    );
    expect(outbox.rows.filter((r) => r.type === 'notification.sent')).toHaveLength(4);
    expect(outbox.rows.filter((r) => r.type === 'notification.failed')).toHaveLength(1);

    // The same event again, then a later one on the same key (so the duplicate was handled first).
    await publish(built.value, incidentId, built.headers);
    const closed = buildEnvelope(
      {
        type: 'incident.closed',
        version: 1,
        aggregateId: incidentId,
        payload: {
          ...incident,
          status: 'closed',
          previousStatus: 'reported',
          reason: 'Water receded',
        },
      },
      { producer: 'incident-service' },
    );
    await publish(closed.value, incidentId, closed.headers);
    await eventually(
      () => rows(closed.envelope.id),
      (r) => r.length > 0,
      'the closing event to be planned',
      DELIVERY,
    );
    expect(await rows(eventId)).toHaveLength(5);
    expect(
      mails.filter((m) => /Новый инцидент|New incident|Жаңа оқиға/.test(decodeSubject(m.raw))),
    ).toHaveLength(3);

    // Operators read the ledger; an admin resends the failed SMS, but not a sent email.
    const listed = await api()
      .get(`/notifications?eventId=${eventId}&status=failed`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(listed.body).toHaveLength(1);
    const failedId = (listed.body as { id: string }[])[0].id;
    await api()
      .post(`/notifications/${failedId}/resend`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(403);
    await api()
      .post(`/notifications/${by(duty, 'email').id}/resend`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(409);
    const resent = await api()
      .post(`/notifications/${failedId}/resend`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(resent.body).toMatchObject({ status: 'pending', attempts: 0 });

    // The unsubscribe link in the mail works without a token and stops emails only.
    // (the mail body is base64 on the wire; the ledger holds the same text)
    const link = /\/unsubscribe\?token=[A-Za-z0-9._-]+/.exec(by(duty, 'email').body_text)![0];
    expect(mails.find((m) => m.to === 'duty@emer.gov.kz')!.raw).toContain('text/html');
    await api().get(link).expect(200);
    await api().get('/unsubscribe?token=forged.token').expect(400);
    const after = await api()
      .get(`/subscribers/${duty}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(after.body).toMatchObject({ channels: ['sms'] });
  });

  it('tells a partner about its own offer without a subscription, and nobody else', async () => {
    const unicef = await subscriber({
      name: 'UNICEF supply',
      organisation: 'UNICEF-KZ',
      email: 'supply@unicef.org',
      language: 'ru',
      channels: ['email'],
    });
    const offer = buildEnvelope(
      {
        type: 'offer.accepted',
        version: 1,
        aggregateId: EVENT_EXAMPLES['offer.accepted'].offerId,
        payload: { ...EVENT_EXAMPLES['offer.accepted'], partnerCode: 'UNICEF-KZ' },
      },
      { producer: 'partner-offer-service' },
    );
    await producer.send({
      topic: `${prefix}offer.events`,
      acks: -1,
      messages: [{ key: offer.envelope.aggregateId, value: offer.value, headers: offer.headers }],
    });
    const planned = await eventually(
      () => rows(offer.envelope.id),
      (r) => r.length > 0 && r.every((x) => x.status === 'sent'),
      'the partner notification to be sent',
      DELIVERY,
    );
    // Two UNICEF-KZ subscribers exist (one from the first test); both are the partner's contacts.
    expect(planned.map((r) => r.channel)).toEqual(['email', 'email']);
    expect(planned.map((r) => r.subscriber_id)).toContain(unicef);
    expect(planned.find((r) => r.subscriber_id === unicef)!.body_text).toMatch(
      /^Министерство приняло/,
    );
  });

  it('lets a subscriber manage own preferences (language, channels) but nothing else, and nobody else', async () => {
    const own = await subscriber({
      name: 'Self service',
      organisation: 'ministry',
      email: 'self@emer.gov.kz',
      phone: '+77019876543',
      language: 'en',
      channels: ['email'],
      userId: 'op-self',
    });
    const me = await mintTestToken({ role: 'operator', sub: 'op-self' });
    const stranger = await mintTestToken({ role: 'operator', sub: 'op-other' });
    await api()
      .patch(`/subscribers/${own}`)
      .set('Authorization', `Bearer ${me}`)
      .send({ language: 'kk', channels: ['sms'] })
      .expect(200);
    await api()
      .patch(`/subscribers/${own}`)
      .set('Authorization', `Bearer ${me}`)
      .send({ email: 'x@y.kz' })
      .expect(403);
    await api().get(`/subscribers/${own}`).set('Authorization', `Bearer ${stranger}`).expect(404);
    const mine = await api().get('/subscribers/me').set('Authorization', `Bearer ${me}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: own, userId: 'op-self', language: 'kk' });
    for (const nobody of [stranger, admin]) {
      const none = await api().get('/subscribers/me').set('Authorization', `Bearer ${nobody}`);
      expect(none.status).toBe(404);
      expect(none.body).toMatchObject({ code: 'subscriber_not_found' });
    }
    await api().get('/subscribers/me').expect(401);
    await api().get('/subscribers').set('Authorization', `Bearer ${me}`).expect(403);
    await api()
      .post(`/subscribers/${own}/subscriptions`)
      .set('Authorization', `Bearer ${me}`)
      .send({ regions: ['KZ-15'], minSeverity: 'Moderate' })
      .expect(201);
    const bad = await api()
      .post('/subscribers')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        name: 'x',
        organisation: 'ministry',
        phone: '8 701 234 56 78',
        language: 'ru',
        channels: ['sms'],
      });
    expect(bad.status).toBe(400);
  });

  it('tells subscribers to request.closed that a request closed with its incident', async () => {
    // A type the consumer does not handle: a subscription may not name it.
    const refused = await subscriber({
      name: 'Not notified',
      organisation: 'ministry',
      email: 'updates@emer.gov.kz',
      language: 'en',
      channels: ['email'],
    });
    await api()
      .post(`/subscribers/${refused}/subscriptions`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ eventTypes: ['request.retracted'] })
      .expect(400);
    const closures = await subscriber(
      {
        name: 'Logistics Mangystau',
        organisation: 'ministry',
        email: 'logistics.kz47@emer.gov.kz',
        language: 'kk',
        channels: ['email'],
      },
      { eventTypes: ['request.closed'], regions: ['KZ-47'] },
    );
    await subscriber(
      {
        name: 'Cancellations only',
        organisation: 'ministry',
        email: 'cancel.kz47@emer.gov.kz',
        language: 'en',
        channels: ['email'],
      },
      { eventTypes: ['request.cancelled'], regions: ['KZ-47'] },
    );
    const payload = {
      ...EVENT_EXAMPLES['request.closed'],
      requestId: randomUUID(),
      incidentId: randomUUID(),
      region: 'KZ-47',
    };
    const closed = buildEnvelope(
      { type: 'request.closed', version: 1, aggregateId: payload.requestId, payload },
      { producer: 'resource-request-service' },
    );
    await producer.send({
      topic: `${prefix}request.events`,
      acks: -1,
      messages: [{ key: payload.requestId, value: closed.value, headers: closed.headers }],
    });
    const planned = await eventually(
      () => rows(closed.envelope.id),
      (r) => r.length > 0 && r.every((x) => x.status === 'sent'),
      'the request.closed notification to be sent',
      DELIVERY,
    );
    expect(planned.map((r) => `${r.subscriber_id}:${r.channel}`)).toEqual([`${closures}:email`]);
    expect(planned[0].language).toBe('kk');
    expect(planned[0].body_text).toContain(`${payload.incidentReference} оқиғасымен бірге жабылды`);
    const mail = await eventually(
      () => Promise.resolve(mails.find((m) => m.to === 'logistics.kz47@emer.gov.kz')),
      (m) => m !== undefined,
      'the mail about the closed request',
      DELIVERY,
    );
    expect(decodeSubject(mail!.raw)).toBe(
      `${payload.incidentReference}: отбасылық шатыр сұранысы жабылды`,
    );
  });

  it.each(['KZ-99', 'RU-MOW', 'XX-XXX', 'KZ-AKT'])(
    'refuses a subscription to the unknown region %s with 400 naming regions, storing nothing',
    async (code) => {
      const id = await subscriber({
        name: `Regions ${code}`,
        organisation: 'ministry',
        email: `regions.${code.toLowerCase()}@emer.gov.kz`,
        language: 'en',
        channels: ['email'],
      });
      const refused = await api()
        .post(`/subscribers/${id}/subscriptions`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ regions: ['KZ-15', code] })
        .expect(400);
      expect(refused.body.code).toBe('validation_failed');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'regions' })]);
      const { rows: stored } = await sql.query(
        'SELECT 1 FROM subscriptions WHERE subscriber_id = $1',
        [id],
      );
      expect(stored).toEqual([]);
      // The vocabulary's own codes are taken.
      await api()
        .post(`/subscribers/${id}/subscriptions`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ regions: ['KZ-15', 'KZ-79'] })
        .expect(201);
    },
  );

  it('after a crash between send and record: email goes back to pending, SMS becomes unknown', async () => {
    const insert = (channel: string) =>
      sql.query(
        `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient, language,
           body_text, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
         VALUES ($1, $2, 'incident.reported', $3, $4, $5, 'en', 't', 'sending', 1, now(),
           now() - interval '1 second', now(), now()) RETURNING id`,
        [
          randomUUID(),
          randomUUID(),
          randomUUID(),
          channel,
          channel === 'email' ? 'crash@emer.gov.kz' : '+77012345678',
        ],
      );
    const email = (await insert('email')).rows[0] as { id: string };
    const sms = (await insert('sms')).rows[0] as { id: string };
    const status = async (id: string) =>
      (await sql.query<{ status: string }>('SELECT status FROM notifications WHERE id = $1', [id]))
        .rows[0].status;
    await eventually(
      () => status(sms.id),
      (s) => s === 'unknown',
      'the in-doubt SMS to become unknown',
      DELIVERY,
    );
    // The email was resent (to the mail catcher) rather than left hanging.
    await eventually(
      () => status(email.id),
      (s) => s === 'sent',
      'the email to be sent again',
      DELIVERY,
    );
  });
});

/** The Subject header, decoding RFC 2047 encoded words (nodemailer uses them for Cyrillic). */
function decodeSubject(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  // Whitespace between two encoded words is not part of the text (RFC 2047, 6.2).
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/\?=\s+(?==\?)/g, '?=')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    )
    .trim();
}
