/**
 * Issue 19 end to end, across the three services it touches (resource-request-service,
 * partner-offer-service, notification-service, each as production builds it, on its own
 * database, talking only through one real Kafka), with the real SMPP peer in front of the
 * notification-service. In the order the meeting tells it: an affected person in Aktobe texts
 * that the hygiene kit UNICEF delivered lacks nappies; the SMS reaches the operator's list (once,
 * though the SMSC delivers it twice), is categorised, counted against the kit, read by UNICEF
 * without the phone number and acknowledged once in Kazakh; the person sends STOP and gets no
 * more SMS; the ministry publishes kit v2 citing the feedback; UNICEF stocks 400 kits of v2 in
 * Almaty region; a new Aktobe request finds that stock by distance, is covered from it and
 * delivered. Stock (on hand / reserved / dispatched) and coverage (requested / pledged /
 * delivered) are checked against each other, and against the movement ledger, at every step.
 */
import {
  eventually,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  type TestService,
} from '@relief/testing';
import { startSmppSink, type CaughtSms, type RunningSmppSink } from '@relief/local-infra';
import request from 'supertest';
import { AppModule as NotificationApp } from '../apps/notification-service/src/app.module';
import { NotificationServiceConfig } from '../apps/notification-service/src/notification-service.config';
import {
  AssistanceHarness,
  day,
  status,
  type Coverage,
  type Stockpile,
  type Who,
} from './assistance.harness';
import { FEEDBACK } from './scenario/flood-scenario.cast';

const { itemCode: KIT, complaint: COMPLAINT, stop: STOP, kazakhAck: KAZAKH_ACK } = FEEDBACK;
/** The resident of Aktobe who texts the platform's number. */
const RESIDENT = '+77015550815';
/** The ministry's WASH officer, subscribed to feedback about the kit. */
const WASH_OFFICER = '+77015550901';

interface Feedback {
  id: string;
  version: number;
  language: string;
  regionCode: string | null;
  incidentId: string | null;
  itemCode: string | null;
  category: string | null;
  handled: boolean;
  phone?: string | null;
}

describe('feedback and stock: the Aktobe story across three services (real SMPP, Kafka, PostgreSQL)', () => {
  let h: AssistanceHarness;
  let sink: RunningSmppSink;
  let notifications: TestService<NotificationServiceConfig>;
  const tokens = new Map<Who, string>();

  beforeAll(async () => {
    sink = await startSmppSink({ port: 0 });
    h = await AssistanceHarness.start('feedback_stock');
    notifications = await startTestService({
      name: 'feedback_stock_notifications',
      configClass: NotificationServiceConfig,
      module: (config) => NotificationApp.forRoot(config),
      topicPrefix: h.prefix,
      env: {
        KAFKA_CLIENT_ID: `ns-${h.prefix.replace(/[^a-z0-9]/g, '')}`,
        SMS_PROVIDER: 'smpp',
        SMPP_HOST: '127.0.0.1',
        SMPP_PORT: String(sink.port),
        DELIVERY_POLL_MS: '100',
      },
    });
    for (const who of ['operator', 'admin', 'unicef', 'rcs'] as const)
      tokens.set(who, await mintTestToken(TEST_IDENTITIES[who]));
  }, 240_000);

  afterAll(async () => {
    await notifications?.close();
    await h?.stop();
    await sink?.stop();
  }, 60_000);

  /** The notification-service over HTTP, as one of the test identities. */
  const ns = (who: Who) => {
    const agent = request(notifications.app.getHttpServer());
    const auth = { Authorization: `Bearer ${tokens.get(who)}` };
    return {
      get: (url: string) => agent.get(url).set(auth),
      post: (url: string, body: object) => agent.post(url).set(auth).send(body),
      patch: (url: string, body: object, version: number) =>
        agent
          .patch(url)
          .set({ ...auth, 'If-Match': `"${version}"` })
          .send(body),
    };
  };
  const smsTo = (phone: string): CaughtSms[] =>
    sink.messages.filter((m) => m.to === phone).reverse(); // oldest first

  /**
   * Both services agree on the request: resource-request-service's coverage and the
   * partner-offer-service's read model of it (built from the events), once the events are in.
   */
  async function coverageAgrees(requestId: string, expected: Omit<Coverage, 'remaining'>) {
    const coverage = await eventually(
      () => h.coverageOf(requestId),
      (c) => c.pledged === expected.pledged && c.delivered === expected.delivered,
      `coverage ${JSON.stringify(expected)}`,
    );
    expect(coverage).toEqual({
      ...expected,
      remaining: Math.max(0, expected.requested - expected.pledged),
    });
    await eventually(
      () => h.call('offers', 'operator').get(`/requests/${requestId}`).expect(status(200)),
      (res) => res.body.pledged === expected.pledged && res.body.delivered === expected.delivered,
      "the offer service's view of the request",
    );
  }

  const raiseKits = async (incidentId: string, quantity: number): Promise<string> =>
    (await h.raiseRequest(incidentId, quantity)).id;

  /** Accepted, dispatched by UNICEF, and delivery confirmed by the ministry. */
  async function acceptDispatchDeliver(
    offerId: string,
    between: {
      accepted?: () => Promise<void>;
      dispatched?: () => Promise<void>;
      delivered?: () => Promise<void>;
    },
  ) {
    await h.call('offers', 'operator').post(`/offers/${offerId}/accept`, {}).expect(status(200));
    await between.accepted?.();
    await eventually(
      () => h.call('offers', 'operator').get(`/offers/${offerId}`).expect(status(200)),
      (res) => res.body.pledgeConfirmed === true,
      'the pledge confirmed by the request service',
    );
    await h.call('offers', 'unicef').post(`/offers/${offerId}/dispatch`, {}).expect(status(200));
    await between.dispatched?.();
    await h
      .call('offers', 'operator')
      .post(`/offers/${offerId}/confirm-delivery`, {})
      .expect(status(200));
    await between.delivered?.();
  }

  it('an SMS from Aktobe leads to kit v2, stocked in Almaty and delivered from stock to a new Aktobe request', async () => {
    // The resident had signed up for flood news in Aktobe region, by SMS and email.
    const subscriberId = (
      await ns('admin')
        .post('/subscribers', {
          name: 'Aktobe resident',
          organisation: 'public',
          phone: RESIDENT,
          email: 'resident.aktobe@example.kz',
          language: 'kk',
          channels: ['sms', 'email'],
        })
        .expect(status(201))
    ).body.id as string;
    await ns('admin')
      .post(`/subscribers/${subscriberId}/subscriptions`, { regions: ['KZ-15'] })
      .expect(status(201));

    // The ministry's WASH officer asked to be told of feedback about the hygiene kit, by SMS.
    const officerId = (
      await ns('admin')
        .post('/subscribers', {
          name: 'WASH officer',
          organisation: 'ministry',
          phone: WASH_OFFICER,
          language: 'ru',
          channels: ['sms'],
        })
        .expect(status(201))
    ).body.id as string;
    await ns('admin')
      .post(`/subscribers/${officerId}/subscriptions`, {
        eventTypes: ['feedback.received'],
        itemCodes: [KIT],
      })
      .expect(status(201));

    // 1. The flood in Aktobe; UNICEF delivers 400 hygiene kits (the seeded v1, without nappies).
    const { incidentId } = await h.incident('active', undefined, { region: 'KZ-15' });
    await eventually(
      async () => smsTo(RESIDENT),
      (m) => m.length >= 1,
      'the incident news by SMS (before any STOP)',
      { timeoutMs: 30_000 },
    );
    const first = await raiseKits(incidentId, 400);
    const firstOffer = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId: first, quantity: 400 })
        .expect(status(201))
    ).body as { id: string };
    await acceptDispatchDeliver(firstOffer.id, {});
    await coverageAgrees(first, { requested: 400, pledged: 400, delivered: 400 });
    await eventually(
      () =>
        notifications.sql.query(
          `SELECT 1 FROM feedback_deliveries WHERE partner_code = 'UNICEF' AND incident_id = $1 AND item_code = $2`,
          [incidentId, KIT],
        ),
      (r) => r.rowCount === 1,
      "the notification-service to learn of UNICEF's delivery",
      { timeoutMs: 30_000 },
    );

    // 2. The resident texts the platform's number; the SMSC delivers the message twice (same id).
    const sms = { from: RESIDENT, text: COMPLAINT, id: 'mo-aktobe-0815' };
    expect(await sink.sendInbound(sms)).toBe(0);
    expect(await sink.sendInbound(sms)).toBe(0);
    const stored = await notifications.sql.query(
      `SELECT id FROM feedback WHERE gateway_message_id = $1`,
      [sms.id],
    );
    expect(stored.rowCount).toBe(1);

    // 3. In the operator's list: Kazakh, Aktobe, the incident, the kit; not yet categorised.
    const listed = await ns('operator')
      .get(`/feedback?incidentId=${incidentId}`)
      .expect(status(200));
    expect(listed.body.items).toHaveLength(1);
    const feedback = listed.body.items[0] as Feedback;
    expect(feedback).toMatchObject({
      channel: 'sms',
      language: 'kk',
      text: COMPLAINT,
      regionCode: 'KZ-15',
      incidentId,
      itemCode: KIT,
      category: null,
      handled: false,
      phone: RESIDENT,
    });

    // 4. The operator categorises it: a missing item. The summary counts it once, against the kit.
    const categorised = await ns('operator')
      .patch(`/feedback/${feedback.id}`, { category: 'missing-item' }, feedback.version)
      .expect(status(200));
    expect(categorised.body).toMatchObject({
      category: 'missing-item',
      version: feedback.version + 1,
    });
    const summary = (
      await ns('operator').get(`/feedback/summary?incidentId=${incidentId}`).expect(status(200))
    ).body as { total: number; items: { itemCode: string; count: number; categories: object }[] };
    expect(summary.total).toBe(1);
    expect(summary.items).toEqual([
      expect.objectContaining({ itemCode: KIT, count: 1, categories: { 'missing-item': 1 } }),
    ]);
    // One feedback.received (not one per delivery of the SMS), one feedback.categorised; no phone.
    const feedbackEvents = await eventually(
      async () => h.events(undefined, feedback.id).filter((e) => e.topic === 'feedback.events'),
      (events) => events.length >= 2,
      'feedback.received and feedback.categorised on Kafka',
    );
    expect(feedbackEvents.map((e) => e.envelope.type)).toEqual([
      'feedback.received',
      'feedback.categorised',
    ]);
    expect(JSON.stringify(feedbackEvents)).not.toContain(RESIDENT.slice(1));

    // 5. UNICEF delivered the kits: it reads the feedback, without the phone; the Red Crescent
    // delivered nothing there and reads none.
    const forUnicef = await ns('unicef')
      .get(`/feedback?incidentId=${incidentId}`)
      .expect(status(200));
    expect(forUnicef.body.items).toEqual([
      expect.objectContaining({ id: feedback.id, category: 'missing-item' }),
    ]);
    expect(forUnicef.body.items[0]).not.toHaveProperty('phone');
    expect(JSON.stringify(forUnicef.body)).not.toContain(RESIDENT.slice(1));
    const unicefSummary = await ns('unicef')
      .get(`/feedback/summary?incidentId=${incidentId}`)
      .expect(status(200));
    expect(unicefSummary.body.total).toBe(1);
    const forRcs = await ns('rcs').get(`/feedback?incidentId=${incidentId}`).expect(status(200));
    expect(forRcs.body.items).toHaveLength(0);

    // 6. Exactly one acknowledgement, in Kazakh, though the message came twice.
    await eventually(
      async () => smsTo(RESIDENT).filter((m) => m.text.startsWith(KAZAKH_ACK)),
      (acks) => acks.length >= 1,
      'the acknowledgement',
      { timeoutMs: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smsTo(RESIDENT).filter((m) => m.text.startsWith(KAZAKH_ACK))).toHaveLength(1);

    // The WASH officer hears of it once (one feedback.received), in Russian, without the number:
    // nothing else reached that phone (the incident and requests are not what it asked for).
    const told = await eventually(
      async () => smsTo(WASH_OFFICER),
      (m) => m.length >= 1,
      "the WASH officer's feedback SMS",
      { timeoutMs: 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smsTo(WASH_OFFICER)).toHaveLength(1);
    expect(told[0].text).toContain('новый отзыв');
    expect(told[0].text).not.toContain(RESIDENT.slice(1));

    // 7. STOP, in Kazakh: the confirmation in Kazakh is the last SMS this number gets. (First
    // every SMS planned for the resident so far has gone, so none is on its way during the STOP.)
    await eventually(
      () =>
        notifications.sql.query(
          `SELECT 1 FROM notifications WHERE recipient = $1 AND status IN ('pending', 'sending')`,
          [RESIDENT],
        ),
      (r) => r.rowCount === 0,
      "the resident's SMS so far sent",
      { timeoutMs: 30_000 },
    );
    expect(await sink.sendInbound({ from: RESIDENT, text: STOP, id: 'mo-aktobe-0816' })).toBe(0);
    const confirmed = await eventually(
      async () => smsTo(RESIDENT),
      (m) => m.some((x) => x.text.includes('БАСТАУ') && !x.text.startsWith(KAZAKH_ACK)),
      'the STOP confirmation',
      { timeoutMs: 20_000 },
    );
    const smsBeforeStop = confirmed.length;
    // The STOP is a command, not feedback: the list and the summary are unchanged.
    expect(
      (await ns('operator').get(`/feedback/summary?incidentId=${incidentId}`).expect(status(200)))
        .body.total,
    ).toBe(1);

    // 8. The ministry publishes kit v2: v1 with nappies added, citing the feedback it answers.
    const v1 = (
      await h
        .call('requests', 'operator')
        .get(`/catalogue/items/${KIT}/versions/1`)
        .expect(status(200))
    ).body as { contents: object[] };
    const nappies = { itemCode: null, name: 'Disposable nappies', quantity: 30, unit: 'piece' };
    const citation = {
      feedbackCount: summary.items[0].count,
      incidentId,
      regionCode: 'KZ-15',
      category: 'missing-item',
      summary: `${summary.items[0].count} response from Aktobe: no nappies in the kit`,
    };
    const v2 = await h
      .call('requests', 'operator')
      .post(`/catalogue/items/${KIT}/versions`, {
        contents: [...v1.contents, nappies],
        note: 'v2: nappies added after feedback from Aktobe',
        citation,
      })
      .expect(status(201));
    expect(v2.body).toMatchObject({ itemCode: KIT, version: 2, citation });
    const diff = await h
      .call('requests', 'unicef')
      .get(`/catalogue/items/${KIT}/versions/1/diff/2`)
      .expect(status(200));
    expect(diff.body).toMatchObject({ added: [nappies], removed: [], changed: [] });

    // 9. UNICEF stocks 400 kits of v2 at a warehouse in Almaty region (and 50 old v1 ones in
    // East Kazakhstan, farther from Aktobe).
    const stock = async (region: string, quantity: number, itemVersion: number) =>
      (
        await h
          .call('offers', 'unicef')
          .post('/stock', {
            region,
            warehouse: `UNICEF warehouse ${region}`,
            itemCode: KIT,
            itemVersion,
            unit: 'kit',
            quantity,
            expiresOn: day(400),
          })
          .expect(status(201))
      ).body as Stockpile;
    const almaty = await stock('KZ-19', 400, 2);
    const east = await stock('KZ-63', 50, 1);
    expect(almaty).toMatchObject({ ownerCode: 'UNICEF', region: 'KZ-19', itemVersion: 2 });
    expect(await h.stockBalanced(almaty.id)).toMatchObject({
      onHand: 400,
      reserved: 0,
      dispatched: 0,
    });

    // 10. A new request in Aktobe: it refers to the kit's latest version, v2.
    const second = await raiseKits(incidentId, 400);
    const raised = await h
      .call('requests', 'operator')
      .get(`/requests/${second}`)
      .expect(status(200));
    expect(raised.body.item).toMatchObject({ code: KIT, version: 2 });
    await coverageAgrees(second, { requested: 400, pledged: 0, delivered: 0 });

    // 11. Matching stock, nearest first: Almaty before East Kazakhstan; the v1 stock is flagged.
    const matches = (
      await h.call('offers', 'unicef').get(`/stock/matches?requestId=${second}`).expect(status(200))
    ).body as Stockpile[];
    expect(matches.map((m) => m.id)).toEqual([almaty.id, east.id]);
    expect(matches[0].distanceKm).toBeLessThan(matches[1].distanceKm!);
    expect(matches.map((m) => m.versionDiffers)).toEqual([false, true]);

    // 12. UNICEF offers the 400 from the Almaty stock: reserved with the offer, not yet pledged.
    const fromStock = (
      await h
        .call('offers', 'unicef')
        .post('/offers', { requestId: second, quantity: 400, stockpileId: almaty.id })
        .expect(status(201))
    ).body as { id: string; stockpileId: string; itemVersion: number | null };
    // The offer is of the stockpile's kits: composition v2, the version the request names.
    expect(fromStock).toMatchObject({ stockpileId: almaty.id, itemVersion: 2 });
    expect(await h.stockBalanced(almaty.id)).toMatchObject({
      onHand: 400,
      reserved: 400,
      dispatched: 0,
    });
    await coverageAgrees(second, { requested: 400, pledged: 0, delivered: 0 });

    // 13-15. Accepted: pledged, still reserved. Dispatched: out of the warehouse, coverage
    // unchanged. Delivered: counted as delivered; the stock does not move a second time.
    await acceptDispatchDeliver(fromStock.id, {
      accepted: async () => {
        await coverageAgrees(second, { requested: 400, pledged: 400, delivered: 0 });
        expect(await h.stockBalanced(almaty.id)).toMatchObject({
          onHand: 400,
          reserved: 400,
          dispatched: 0,
        });
      },
      dispatched: async () => {
        expect(await h.stockBalanced(almaty.id)).toMatchObject({
          onHand: 0,
          reserved: 0,
          dispatched: 400,
        });
        await coverageAgrees(second, { requested: 400, pledged: 400, delivered: 0 });
      },
      delivered: async () => {
        await coverageAgrees(second, { requested: 400, pledged: 400, delivered: 400 });
        expect(await h.stockBalanced(almaty.id)).toMatchObject({
          onHand: 0,
          reserved: 0,
          dispatched: 400,
        });
      },
    });
    // Nothing twice: three stock events for the Almaty stock, one offer.delivered for the offer;
    // the first request's coverage is untouched; the East Kazakhstan stock never moved.
    const stockEvents = await eventually(
      async () => h.events(undefined, almaty.id).filter((e) => e.topic === 'stock.events'),
      (events) => events.length >= 3,
      'the stock events',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      h
        .events(undefined, almaty.id)
        .filter((e) => e.topic === 'stock.events')
        .map((e) => e.envelope.type),
    ).toEqual(['stock.received', 'stock.reserved', 'stock.dispatched']);
    expect(stockEvents[2].envelope.payload).toMatchObject({
      movement: { kind: 'dispatched', quantity: 400, offerId: fromStock.id },
    });
    expect(h.events('offer.delivered', fromStock.id)).toHaveLength(1);
    await coverageAgrees(first, { requested: 400, pledged: 400, delivered: 400 });
    expect(await h.stockBalanced(east.id)).toMatchObject({
      onHand: 50,
      reserved: 0,
      dispatched: 0,
    });

    // 16. A later flood in Aktobe region: the resident hears of it by email only.
    const later = await h.incident('active', undefined, { region: 'KZ-15' });
    const laterEvent = await eventually(
      async () => h.events('incident.reported', later.incidentId),
      (events) => events.length === 1,
      'the later incident on Kafka',
    );
    const planned = () =>
      notifications.sql.query<{ channel: string }>(
        `SELECT channel FROM notifications WHERE subscriber_id = $1 AND event_id = $2`,
        [subscriberId, laterEvent[0].envelope.id],
      );
    await eventually(planned, (r) => r.rows.length > 0, 'the later incident notification planned', {
      timeoutMs: 30_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await planned()).rows.map((r) => r.channel)).toEqual(['email']);
    // Not one SMS to that number since the STOP confirmation, whatever happened in its region.
    expect(smsTo(RESIDENT)).toHaveLength(smsBeforeStop);
    const smsAfterStop = await notifications.sql.query(
      `SELECT 1 FROM notifications n
        WHERE n.subscriber_id = $1 AND n.channel = 'sms'
          AND n.created_at > (SELECT since FROM sms_suppressions WHERE phone = $2)`,
      [subscriberId, RESIDENT],
    );
    expect(smsAfterStop.rowCount).toBe(0);
  }, 300_000);
});
