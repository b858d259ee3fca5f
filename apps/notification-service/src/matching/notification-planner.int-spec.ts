import { randomUUID } from 'node:crypto';
import { EVENT_EXAMPLES, type ConsumedEvent, type ConsumedIncidentEvent } from '@relief/contracts';
import { createTestDatabase, type TestDatabase } from '@relief/testing';
import { DataSource } from 'typeorm';
import { entities, migrations } from '../database/schema';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import type { SubscriberProps, SubscriptionProps } from '../subscribers/subscriber';
import { verifyUnsubscribeToken } from '../subscribers/unsubscribe-token';
import { NotificationPlanner } from './notification-planner.service';

/**
 * The matching rule and the bulk planner on the real PostgreSQL: who gets which event by which
 * channel is decided by one INSERT ... SELECT (recipient-query.ts), so these cases run there.
 */
describe('NotificationPlanner (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let planner: NotificationPlanner;
  let ledger: NotificationLedger;
  const config = new NotificationServiceConfig();

  beforeAll(async () => {
    db = await createTestDatabase('notification_planner');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities,
      migrations,
      migrationsRun: true,
    });
    await dataSource.initialize();
    ledger = new NotificationLedger(dataSource, config);
    planner = new NotificationPlanner(config, ledger);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await dataSource.query(
      'TRUNCATE subscribers, subscriptions, incidents, notifications, notification_messages CASCADE',
    );
  });

  async function given(
    subscribers: SubscriberProps[],
    subscriptions: Omit<SubscriptionProps, 'id'>[],
  ): Promise<void> {
    for (const s of subscribers) {
      await dataSource.query(
        `INSERT INTO subscribers (id, name, organisation, email, phone, language, channels,
                                  user_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, now(), now())`,
        [s.id, s.name, s.organisation, s.email, s.phone, s.language, s.channels],
      );
    }
    for (const x of subscriptions) {
      await dataSource.query(
        `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity,
                                    incident_ids, item_codes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [
          randomUUID(),
          x.subscriberId,
          x.eventTypes,
          x.regions,
          x.hazards,
          x.minSeverity,
          x.incidentIds,
          x.itemCodes,
        ],
      );
    }
  }

  const ids = new Map<string, string>();
  const idOf = (name: string) => ids.get(name) ?? ids.set(name, randomUUID()).get(name)!;
  const nameOf = (id: string) => [...ids].find(([, v]) => v === id)?.[0] ?? id;
  const subscriber = (name: string, over: Partial<SubscriberProps> = {}): SubscriberProps => ({
    id: idOf(name),
    name,
    organisation: 'ministry',
    email: `${name}@emer.gov.kz`,
    phone: '+77012345678',
    language: 'ru',
    channels: ['email', 'sms'],
    userId: null,
    ...over,
  });
  const subscription = (
    name: string,
    over: Partial<Omit<SubscriptionProps, 'id' | 'subscriberId'>> = {},
  ): Omit<SubscriptionProps, 'id'> => ({
    subscriberId: idOf(name),
    eventTypes: [],
    regions: [],
    hazards: [],
    incidentIds: [],
    itemCodes: [],
    minSeverity: null,
    ...over,
  });

  async function plannedFor(eventId: string): Promise<string[]> {
    const rows = await dataSource.query<{ subscriber_id: string; channel: string }[]>(
      'SELECT subscriber_id, channel FROM notifications WHERE event_id = $1',
      [eventId],
    );
    return rows.map((r) => `${nameOf(r.subscriber_id)}:${r.channel}`).sort();
  }

  function incidentEvent(
    over: Partial<ConsumedIncidentEvent['payload']> = {},
  ): ConsumedIncidentEvent {
    return {
      id: randomUUID(),
      type: 'incident.reported',
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: EVENT_EXAMPLES['incident.reported'].incidentId,
      correlationId: 'c',
      producer: 'incident-service',
      payload: { ...EVENT_EXAMPLES['incident.reported'], ...over },
    } as unknown as ConsumedIncidentEvent;
  }

  type RequestType =
    'request.closed' | 'request.cancelled' | 'request.scope-changed' | 'request.updated';
  const requestEvent = <T extends RequestType>(
    type: T,
    payload: Partial<(typeof EVENT_EXAMPLES)[T]> = {},
  ): ConsumedEvent<T> =>
    ({
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: '2024-04-10T08:00:00.000Z',
      aggregateId: EVENT_EXAMPLES['request.closed'].requestId,
      correlationId: 'c',
      producer: 'resource-request-service',
      payload: { ...EVENT_EXAMPLES[type], ...payload },
    }) as unknown as ConsumedEvent<T>;

  type OfferType = 'offer.accepted' | 'offer.withdrawn';
  const offerEvent = <T extends OfferType>(
    type: T,
    payload: Partial<(typeof EVENT_EXAMPLES)[T]> = {},
  ): ConsumedEvent<T> =>
    ({
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: EVENT_EXAMPLES['offer.accepted'].offerId,
      correlationId: 'c',
      producer: 'partner-offer-service',
      payload: { ...EVENT_EXAMPLES[type], ...payload },
    }) as unknown as ConsumedEvent<T>;

  const inTransaction = <T>(work: (m: import('typeorm').EntityManager) => Promise<T>) =>
    dataSource.transaction(work);

  it('matches event type, region, hazard and minimum severity; every filter must hold', async () => {
    await given(
      ['a', 'b', 'c', 'd', 'e'].map((n) => subscriber(n)),
      [
        subscription('a', { eventTypes: ['incident.reported'], regions: ['KZ-15'] }),
        subscription('b', { regions: ['KZ-31'] }),
        subscription('c', { hazards: ['EQ'] }),
        subscription('d', { minSeverity: 'Extreme' }),
        subscription('e', { minSeverity: 'Moderate', hazards: ['FL', 'FF'] }),
      ],
    );
    const event = incidentEvent({ region: 'KZ-15', hazard: 'FL', severity: 'Severe' });
    await inTransaction((m) => planner.incident(m, event));
    expect(await plannedFor(event.id)).toEqual(['a:email', 'a:sms', 'e:email', 'e:sms']);
  });

  it('Unknown severity is below Minor', async () => {
    await given([subscriber('a')], [subscription('a', { minSeverity: 'Minor' })]);
    const event = incidentEvent({ severity: 'Unknown' });
    await inTransaction((m) => planner.incident(m, event));
    expect(await plannedFor(event.id)).toEqual([]);
  });

  it('sends once per channel however many subscriptions match, and skips channels without address', async () => {
    await given(
      [subscriber('a', { phone: null })],
      [subscription('a'), subscription('a', { regions: ['KZ-15'] })],
    );
    const event = incidentEvent({ region: 'KZ-15' });
    await inTransaction((m) => planner.incident(m, event));
    expect(await plannedFor(event.id)).toEqual(['a:email']);
    // Redelivered: nothing twice.
    await inTransaction((m) => planner.incident(m, event));
    expect(await plannedFor(event.id)).toEqual(['a:email']);
  });

  it('partners get their own offer outcomes without subscribing, and only their own', async () => {
    await given(
      [
        subscriber('unicef', { organisation: 'UNICEF-KZ', channels: ['email'] }),
        subscriber('ifrc', { organisation: 'IFRC', channels: ['email'] }),
      ],
      [],
    );
    const accepted = offerEvent('offer.accepted', { partnerCode: 'unicef-kz' });
    await inTransaction((m) => planner.offer(m, accepted));
    expect(await plannedFor(accepted.id)).toEqual(['unicef:email']);
  });

  it("writes the partner's own rows for the `owner` audience and everyone else's for `others`", async () => {
    await given(
      [
        subscriber('unicef', { organisation: 'UNICEF-KZ', channels: ['email'], language: 'en' }),
        subscriber('ministry', { channels: ['email'], language: 'en' }),
      ],
      [subscription('ministry', { eventTypes: ['offer.accepted'] })],
    );
    const accepted = offerEvent('offer.accepted', { partnerCode: 'UNICEF-KZ' });
    await inTransaction((m) => planner.offer(m, accepted));
    const rows = await dataSource.query<{ subscriber_id: string; audience: string }[]>(
      'SELECT subscriber_id, audience FROM notifications WHERE event_id = $1',
      [accepted.id],
    );
    expect(rows.map((r) => `${nameOf(r.subscriber_id)}:${r.audience}`).sort()).toEqual([
      'ministry:others',
      'unicef:owner',
    ]);
    const messages = await dataSource.query<{ audience: string }[]>(
      'SELECT audience FROM notification_messages WHERE event_id = $1 ORDER BY audience',
      [accepted.id],
    );
    expect(messages.map((m) => m.audience)).toEqual(['others', 'owner']);
    // The partner reads of its own offer; the ministry reads whose offer it was.
    const listed = await ledger.list({ eventId: accepted.id }, 10);
    const subjectOf = (name: string) => listed.find((r) => r.subscriberId === idOf(name))?.subject;
    expect(subjectOf('unicef')).toMatch(/your offer/);
    expect(subjectOf('ministry')).toMatch(/offer from UNICEF-KZ/);

    // A withdrawal the partner subscribed to is also "your offer" to it.
    await dataSource.query(
      `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity, created_at)
       VALUES (gen_random_uuid(), $1, '{offer.withdrawn}', '{}', '{}', NULL, now())`,
      [idOf('unicef')],
    );
    const withdrawn = offerEvent('offer.withdrawn', { partnerCode: 'UNICEF-KZ' });
    await inTransaction((m) => planner.offer(m, withdrawn));
    const audiences = await dataSource.query<{ subscriber_id: string; audience: string }[]>(
      'SELECT subscriber_id, audience FROM notifications WHERE event_id = $1',
      [withdrawn.id],
    );
    expect(audiences.map((r) => `${nameOf(r.subscriber_id)}:${r.audience}`)).toEqual([
      'unicef:owner',
    ]);
  });

  describe('feedback events (subscribed to by name only)', () => {
    const example = EVENT_EXAMPLES['feedback.received'];
    const otherIncident = randomUUID();
    const feedbackEvent = (
      type: 'feedback.received' | 'feedback.categorised',
      payload: Partial<(typeof EVENT_EXAMPLES)['feedback.categorised']> = {},
    ): ConsumedEvent<typeof type> =>
      ({
        id: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        aggregateId: example.feedbackId,
        correlationId: 'c',
        producer: 'notification-service',
        payload: { ...EVENT_EXAMPLES[type], ...payload },
      }) as unknown as ConsumedEvent<typeof type>;

    beforeEach(() => dataSource.query('TRUNCATE feedback_deliveries, notified_events'));

    it('reaches subscriptions that name the type, by incident and item; never "everything"', async () => {
      await given(
        ['all', 'named', 'incident', 'other-incident', 'item', 'other-item'].map((n) =>
          subscriber(n, { channels: ['email'] }),
        ),
        [
          subscription('all'),
          subscription('named', { eventTypes: ['feedback.received'] }),
          subscription('incident', {
            eventTypes: ['feedback.received', 'feedback.categorised'],
            incidentIds: [example.incidentId!],
          }),
          subscription('other-incident', {
            eventTypes: ['feedback.received'],
            incidentIds: [otherIncident],
          }),
          subscription('item', {
            eventTypes: ['feedback.received'],
            itemCodes: ['WASH-HYGIENE-KIT'],
          }),
          subscription('other-item', {
            eventTypes: ['feedback.received'],
            itemCodes: ['NFI-BLANKET'],
          }),
        ],
      );
      const received = feedbackEvent('feedback.received');
      await inTransaction((m) => planner.feedback(m, received));
      expect(await plannedFor(received.id)).toEqual([
        'incident:email',
        'item:email',
        'named:email',
      ]);
      // Unlinked feedback: the incident and item filters do not hold for it.
      const unlinked = feedbackEvent('feedback.received', { incidentId: null, itemCode: null });
      await inTransaction((m) => planner.feedback(m, unlinked));
      expect(await plannedFor(unlinked.id)).toEqual(['named:email']);
      const categorised = feedbackEvent('feedback.categorised');
      await inTransaction((m) => planner.feedback(m, categorised));
      expect(await plannedFor(categorised.id)).toEqual(['incident:email']);
      // And an incident event still reaches the subscription to everything, not the feedback ones.
      const incident = incidentEvent();
      await inTransaction((m) => planner.incident(m, incident));
      expect(await plannedFor(incident.id)).toEqual(['all:email']);
    });

    it('operators read the words; a partner hears only of items it delivered, without them', async () => {
      await given(
        [
          subscriber('ministry', { channels: ['email', 'sms'], language: 'en' }),
          subscriber('unicef', { organisation: 'UNICEF-KZ', channels: ['email'], language: 'en' }),
          subscriber('redcrescent', { organisation: 'KRC', channels: ['email'], language: 'en' }),
        ],
        ['ministry', 'unicef', 'redcrescent'].map((n) =>
          subscription(n, { eventTypes: ['feedback.received'] }),
        ),
      );
      await dataSource.query(
        `INSERT INTO feedback_deliveries (partner_code, incident_id, item_code) VALUES ('UNICEF-KZ', $1, $2)`,
        [example.incidentId, example.itemCode],
      );
      const received = feedbackEvent('feedback.received', { text: 'No soap in the kit at all' });
      await inTransaction((m) => planner.feedback(m, received));
      const rows = await dataSource.query<{ subscriber_id: string; audience: string }[]>(
        'SELECT DISTINCT subscriber_id, audience FROM notifications WHERE event_id = $1',
        [received.id],
      );
      expect(rows.map((r) => `${nameOf(r.subscriber_id)}:${r.audience}`).sort()).toEqual([
        'ministry:operator',
        'unicef:partner',
      ]);
      const listed = await ledger.list({ eventId: received.id }, 10);
      const email = (name: string) =>
        listed.find((r) => r.subscriberId === idOf(name) && r.channel === 'email')?.bodyText ?? '';
      expect(email('ministry')).toContain('No soap in the kit at all');
      expect(email('unicef')).toContain('Category: missing item');
      expect(email('unicef')).not.toContain('No soap');
      for (const r of listed) expect(`${r.subject} ${r.bodyText}`).not.toContain('+7');
      // What it was about is kept, for a text back from a number it reached.
      const [about] = await dataSource.query<{ incident_id: string; region: string }[]>(
        'SELECT incident_id, region FROM notified_events WHERE event_id = $1',
        [received.id],
      );
      expect(about).toEqual({ incident_id: example.incidentId, region: example.regionCode });
    });
  });

  describe('request events', () => {
    const example = EVENT_EXAMPLES['request.closed'];
    beforeEach(async () => {
      await dataSource.query(
        `INSERT INTO incidents (id, region, hazard, severity, last_event_at, revision, status)
         VALUES ($1, $2, 'FL', 'Extreme', now(), 3, 'active')`,
        [example.incidentId, example.region],
      );
      await given(
        [
          subscriber('outcomes', { language: 'kk' }),
          subscriber('cancellations', { language: 'en', channels: ['email'] }),
          subscriber('earthquakes', { language: 'en', channels: ['email'] }),
          subscriber('partners', { language: 'ru', channels: ['email'] }),
        ],
        [
          subscription('outcomes', {
            eventTypes: ['request.cancelled', 'request.closed'],
            regions: [example.region],
            hazards: ['FL'],
            minSeverity: 'Severe',
          }),
          subscription('cancellations', { eventTypes: ['request.cancelled'] }),
          subscription('earthquakes', { eventTypes: ['request.closed'], hazards: ['EQ'] }),
          subscription('partners', { eventTypes: ['request.scope-changed'] }),
        ],
      );
    });

    it('plans request.closed like request.cancelled, with the incident hazard and severity; one message per language', async () => {
      const closed = requestEvent('request.closed');
      await inTransaction((m) => planner.request(m, closed));
      expect(await plannedFor(closed.id)).toEqual(['outcomes:email', 'outcomes:sms']);
      const [email] = await ledger.list({ eventId: closed.id, channel: 'email' }, 10);
      expect(email.language).toBe('kk');
      expect(email.subject).toBe(`${example.incidentReference}: отбасылық шатыр сұранысы жабылды`);
      // The message is stored once; the ledger puts in the recipient's own unsubscribe token.
      const token = /\/unsubscribe\?token=([A-Za-z0-9._-]+)/.exec(email.bodyText ?? '')?.[1];
      expect(token && verifyUnsubscribeToken(token, config.UNSUBSCRIBE_SECRET)).toBe(
        idOf('outcomes'),
      );
      const [sms] = await ledger.list({ eventId: closed.id, channel: 'sms' }, 10);
      expect(sms.bodyText).toContain(example.incidentReference);
      const messages = await dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM notification_messages WHERE event_id = $1',
        [closed.id],
      );
      expect(Number(messages[0].n)).toBe(2);

      const cancelled = requestEvent('request.cancelled');
      await inTransaction((m) => planner.request(m, cancelled));
      expect(await plannedFor(cancelled.id)).toEqual([
        'cancellations:email',
        'outcomes:email',
        'outcomes:sms',
      ]);
    });

    it("matches on the incident's region, which a request follows after a correction", async () => {
      await dataSource.query(`UPDATE incidents SET region = 'KZ-27'`);
      await dataSource.query(`UPDATE subscriptions SET regions = '{KZ-27}' WHERE regions <> '{}'`);
      const closed = requestEvent('request.closed', { region: 'KZ-15' });
      await inTransaction((m) => planner.request(m, closed));
      expect(await plannedFor(closed.id)).toEqual(['outcomes:email', 'outcomes:sms']);
    });

    it('does not match a filtered subscription when the incident is unknown', async () => {
      await dataSource.query('TRUNCATE incidents');
      const closed = requestEvent('request.closed');
      await inTransaction((m) => planner.request(m, closed));
      expect(await plannedFor(closed.id)).toEqual([]);
    });

    it('plans request.updated only when the quantity needed changed', async () => {
      await dataSource.query(
        `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity, created_at)
         VALUES (gen_random_uuid(), $1, '{request.updated}', '{}', '{}', NULL, now())`,
        [idOf('partners')],
      );
      const moved = requestEvent('request.updated', { previousQuantity: null });
      await inTransaction((m) => planner.request(m, moved));
      expect(await plannedFor(moved.id)).toEqual([]);
      const cut = requestEvent('request.updated', { previousQuantity: 600 });
      await inTransaction((m) => planner.request(m, cut));
      expect(await plannedFor(cut.id)).toEqual(['partners:email']);
    });

    it('plans request.scope-changed only when the request is opened to international partners', async () => {
      const narrowed = requestEvent('request.scope-changed', {
        scope: 'domestic',
        previousScope: 'international',
      });
      await inTransaction((m) => planner.request(m, narrowed));
      expect(await plannedFor(narrowed.id)).toEqual([]);
      const widened = requestEvent('request.scope-changed');
      await inTransaction((m) => planner.request(m, widened));
      expect(await plannedFor(widened.id)).toEqual(['partners:email']);
      const [row] = await ledger.list({ eventId: widened.id }, 10);
      expect(row.subject).toMatch(/открыт для международных партнёров$/);
    });
  });

  it('plans 20,000 recipients in one statement without loading them', async () => {
    const count = 10_000;
    await dataSource.query(
      `INSERT INTO subscribers (id, name, organisation, email, phone, language, channels, created_at, updated_at)
       SELECT gen_random_uuid(), 'akimat ' || i, 'akimat', 'a' || i || '@akimat.kz',
              '+7701' || lpad(i::text, 7, '0'), (ARRAY['kk','ru','en'])[1 + i % 3], '{email,sms}', now(), now()
         FROM generate_series(1, $1) AS i`,
      [count],
    );
    await dataSource.query(
      `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity, created_at)
       SELECT gen_random_uuid(), id, '{}', '{KZ-75}', '{}', 'Severe', now() FROM subscribers`,
    );
    const event = incidentEvent({ region: 'KZ-75', hazard: 'EQ', severity: 'Extreme' });
    const heapBefore = process.memoryUsage().heapUsed;
    await inTransaction((m) => planner.incident(m, event));
    const grown = process.memoryUsage().heapUsed - heapBefore;
    const [{ n }] = await dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM notifications WHERE event_id = $1',
      [event.id],
    );
    expect(Number(n)).toBe(2 * count);
    // 20,000 rows with their bodies would take tens of MB here; the planner holds six messages.
    expect(grown).toBeLessThan(15 * 1024 * 1024);
    const [{ m }] = await dataSource.query<{ m: string }[]>(
      'SELECT count(*) AS m FROM notification_messages WHERE event_id = $1',
      [event.id],
    );
    expect(Number(m)).toBe(6);
  });
});
