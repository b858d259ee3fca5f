import { randomUUID } from 'node:crypto';
import { EVENT_EXAMPLES, type ConsumedEvent, type ConsumedIncidentEvent } from '@relief/contracts';
import { createTestDatabase, type TestDatabase } from '@relief/testing';
import { DataSource, type EntityManager } from 'typeorm';
import { entities, migrations } from '../database/schema';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import { NotificationPlanner } from './notification-planner.service';

/**
 * Drills (issue 18): an exercise or test incident, its requests and offers reach only the
 * subscribers who opted into exercises, on every channel, and every message they get says so in
 * their language. On the real PostgreSQL, where the matching rule runs (recipient-query.ts).
 */
describe('drill notifications (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let planner: NotificationPlanner;
  let ledger: NotificationLedger;
  const config = new NotificationServiceConfig();

  beforeAll(async () => {
    db = await createTestDatabase('drill_notifications');
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities, migrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
    ledger = new NotificationLedger(dataSource, config);
    planner = new NotificationPlanner(config, ledger);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const ids = new Map<string, string>();
  const idOf = (name: string) => ids.get(name) ?? ids.set(name, randomUUID()).get(name)!;
  const nameOf = (id: string) => [...ids].find(([, v]) => v === id)?.[0] ?? id;

  /** Everyone subscribed to everything, on both channels; `drills` opted into exercises. */
  beforeEach(async () => {
    await dataSource.query(
      'TRUNCATE subscribers, subscriptions, incidents, notifications, notification_messages CASCADE',
    );
    const people: [string, string, string, boolean][] = [
      ['akim', 'ministry', 'kk', false],
      ['unicef', 'UNICEF-KZ', 'en', false],
      ['drills-kk', 'ministry', 'kk', true],
      ['drills-ru', 'ministry', 'ru', true],
      ['drills-en', 'UNICEF-KZ', 'en', true],
    ];
    for (const [name, organisation, language, drills] of people) {
      await dataSource.query(
        `INSERT INTO subscribers (id, name, organisation, email, phone, language, channels,
                                  receive_exercises, created_at, updated_at)
         VALUES ($1, $2, $3, $4, '+77012345678', $5, '{email,sms}', $6, now(), now())`,
        [idOf(name), name, organisation, `${name}@example.kz`, language, drills],
      );
      // The akim subscribes to nothing in particular: every event, every region.
      await dataSource.query(
        `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, min_severity,
                                    created_at)
         VALUES ($1, $2, '{}', '{}', '{}', NULL, now())`,
        [randomUUID(), idOf(name)],
      );
    }
  });

  const envelope = <T extends string>(type: T, payload: object, producer: string) =>
    ({
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: randomUUID(),
      correlationId: 'c',
      producer,
      payload,
    }) as unknown;

  const incidentEvent = (mode?: string) =>
    envelope(
      'incident.reported',
      {
        ...EVENT_EXAMPLES['incident.reported'],
        title: 'Extreme earthquake in Almaty',
        hazard: 'EQ',
        severity: 'Extreme',
        mode,
      },
      'incident-service',
    ) as ConsumedIncidentEvent;

  const inTransaction = <T>(work: (m: EntityManager) => Promise<T>) => dataSource.transaction(work);

  async function messagesOf(eventId: string) {
    const rows = await dataSource.query<
      { subscriber_id: string; channel: string; subject: string | null; body_text: string }[]
    >(
      `SELECT n.subscriber_id, n.channel, COALESCE(n.subject, m.subject) AS subject,
              COALESCE(n.body_text, m.body_text) AS body_text
         FROM notifications n
         LEFT JOIN notification_messages m
           ON m.event_id = n.event_id AND m.language = n.language AND m.channel = n.channel
          AND m.audience = n.audience
        WHERE n.event_id = $1`,
      [eventId],
    );
    return rows.map((r) => ({ ...r, who: `${nameOf(r.subscriber_id)}:${r.channel}` }));
  }

  it.each(['exercise', 'test'])(
    'tells a %s incident to no one who did not opt in, on no channel',
    async (mode) => {
      const event = incidentEvent(mode);
      await inTransaction((m) => planner.incident(m, event));
      const planned = (await messagesOf(event.id)).map((r) => r.who).sort();
      expect(planned).toEqual([
        'drills-en:email',
        'drills-en:sms',
        'drills-kk:email',
        'drills-kk:sms',
        'drills-ru:email',
        'drills-ru:sms',
      ]);
    },
  );

  it('marks every message of an exercise, email and SMS, in the recipient language', async () => {
    const event = incidentEvent('exercise');
    await inTransaction((m) => planner.incident(m, event));
    const rows = await messagesOf(event.id);
    const mark = { 'drills-kk': 'ЖАТТЫҒУ', 'drills-ru': 'УЧЕНИЯ', 'drills-en': 'EXERCISE' };
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      const expected = mark[nameOf(row.subscriber_id) as keyof typeof mark];
      if (row.channel === 'email') {
        expect(row.subject?.startsWith(`${expected}: `)).toBe(true);
        expect(row.body_text.split('\n')[0]).toBe(expected);
      } else {
        expect(row.body_text.startsWith(`${expected}: `)).toBe(true);
      }
    }
  });

  it('marks a test with TEST / ТЕСТ / СЫНАҚ', async () => {
    const event = incidentEvent('test');
    await inTransaction((m) => planner.incident(m, event));
    const sms = (await messagesOf(event.id)).filter((r) => r.channel === 'sms');
    const byWho = Object.fromEntries(sms.map((r) => [nameOf(r.subscriber_id), r.body_text]));
    expect(byWho['drills-kk']).toMatch(/^СЫНАҚ: /);
    expect(byWho['drills-ru']).toMatch(/^ТЕСТ: /);
    expect(byWho['drills-en']).toMatch(/^TEST: /);
  });

  it('tells a real incident to everyone, unmarked', async () => {
    const event = incidentEvent('actual');
    await inTransaction((m) => planner.incident(m, event));
    const rows = await messagesOf(event.id);
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row.body_text).not.toMatch(/EXERCISE|УЧЕНИЯ|ЖАТТЫҒУ/);
  });

  it("holds back a drill's request and offer events, the partner's own offer outcome too", async () => {
    const incident = incidentEvent('exercise');
    await inTransaction((m) => planner.incident(m, incident));
    const incidentId = EVENT_EXAMPLES['incident.reported'].incidentId;
    // With the mode in the payload, and without (an older producer): the read model knows.
    for (const mode of ['exercise', undefined]) {
      const raised = envelope(
        'request.raised',
        { ...EVENT_EXAMPLES['request.raised'], incidentId, mode },
        'resource-request-service',
      ) as ConsumedEvent<'request.raised'>;
      await inTransaction((m) => planner.request(m, raised));
      const accepted = envelope(
        'offer.accepted',
        { ...EVENT_EXAMPLES['offer.accepted'], incidentId, partnerCode: 'UNICEF-KZ', mode },
        'partner-offer-service',
      ) as ConsumedEvent<'offer.accepted'>;
      await inTransaction((m) => planner.offer(m, accepted));
      for (const event of [raised, accepted]) {
        const rows = await messagesOf((event as { id: string }).id);
        const who = [...new Set(rows.map((r) => nameOf(r.subscriber_id)))].sort();
        expect({ mode, type: (event as { type: string }).type, who }).toEqual({
          mode,
          type: (event as { type: string }).type,
          who: ['drills-en', 'drills-kk', 'drills-ru'],
        });
        for (const row of rows.filter((r) => r.channel === 'sms')) {
          expect(row.body_text).toMatch(/^(ЖАТТЫҒУ|УЧЕНИЯ|EXERCISE): /);
        }
      }
    }
  });
});
