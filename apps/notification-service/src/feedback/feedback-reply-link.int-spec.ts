/**
 * A text back from a number that got an SMS notification is a reply to it (issue 19): with no
 * region named, it is linked to that notification's incident and region, on the real
 * PostgreSQL (the planner records what each event was about; the intake reads the newest SMS
 * the number was sent).
 */
import { randomUUID } from 'node:crypto';
import { EVENT_EXAMPLES, type ConsumedIncidentEvent } from '@relief/contracts';
import type { OutboxService } from '@relief/messaging';
import { createTestDatabase, type TestDatabase } from '@relief/testing';
import { DataSource } from 'typeorm';
import { entities, migrations } from '../database/schema';
import { NotificationPlanner } from '../matching/notification-planner.service';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import { FeedbackService } from './feedback.service';

const RESIDENT = '+77015550777';

describe('feedback: a reply to a notification (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let planner: NotificationPlanner;
  let feedback: FeedbackService;
  const config = new NotificationServiceConfig();
  const outbox = { appendAll: async () => undefined } as unknown as OutboxService;
  let gatewayId = 0;

  beforeAll(async () => {
    db = await createTestDatabase('feedback_reply_link');
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities, migrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const ledger = new NotificationLedger(dataSource, config);
    planner = new NotificationPlanner(config, ledger);
    feedback = new FeedbackService(dataSource, outbox, ledger, config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(() =>
    dataSource.query(
      'TRUNCATE subscribers, subscriptions, incidents, notifications, notification_messages, notified_events, feedback CASCADE',
    ),
  );

  /** An incident event planned for a resident subscribed by SMS; its SMS marked sent. */
  async function notified(incident: { incidentId: string; region: string; reference: string }) {
    const subscriber = randomUUID();
    await dataSource.query(
      `INSERT INTO subscribers (id, name, organisation, phone, language, channels, created_at, updated_at)
       VALUES ($1, 'Resident', 'ministry', $2, 'ru', '{sms}', now(), now())
       ON CONFLICT DO NOTHING`,
      [subscriber, RESIDENT],
    );
    await dataSource.query(
      `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards, created_at)
       VALUES (gen_random_uuid(), $1, '{}', '{}', '{}', now())`,
      [subscriber],
    );
    const event = {
      id: randomUUID(),
      type: 'incident.reported',
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: incident.incidentId,
      correlationId: 'c',
      producer: 'incident-service',
      payload: { ...EVENT_EXAMPLES['incident.reported'], ...incident },
    } as unknown as ConsumedIncidentEvent;
    await dataSource.transaction((m) => planner.incident(m, event));
    await dataSource.query(`UPDATE notifications SET status = 'sent' WHERE event_id = $1`, [
      event.id,
    ]);
  }

  async function texted(text: string) {
    gatewayId += 1;
    await feedback.receiveSms({
      provider: 'smpp',
      gatewayMessageId: `mo-${gatewayId}`,
      from: RESIDENT,
      text,
    });
    const [row] = await dataSource.query<
      { region_code: string | null; incident_id: string | null; incident_reference: string }[]
    >(
      `SELECT region_code, incident_id, incident_reference FROM feedback
        WHERE gateway_message_id = $1`,
      [`mo-${gatewayId}`],
    );
    return row;
  }

  const kostanay = {
    incidentId: randomUUID(),
    region: 'KZ-39',
    reference: 'FL-2024-KZ-KUS-0003',
  };
  const aktobe = { incidentId: randomUUID(), region: 'KZ-15', reference: 'FL-2024-KZ-AKT-0009' };

  it('links a text without a region to the incident of the newest SMS the number got', async () => {
    await notified(aktobe);
    await notified(kostanay);
    // Another incident of Kostanay, newer: the reply is about the one the SMS told of.
    await dataSource.query(
      `INSERT INTO incidents (id, region, hazard, severity, status, reference, mode, last_event_at, revision)
       VALUES ($1, 'KZ-39', 'EQ', 'Severe', 'active', 'EQ-2024-KZ-KUS-0004', 'actual', now() + interval '1 hour', 1)`,
      [randomUUID()],
    );
    expect(await texted('нет воды уже два дня')).toEqual({
      region_code: 'KZ-39',
      incident_id: kostanay.incidentId,
      incident_reference: kostanay.reference,
    });
    // The acknowledgement says it went to the team of that incident.
    const [ack] = await dataSource.query<{ body_text: string }[]>(
      `SELECT body_text FROM notifications WHERE recipient = $1 AND event_type <> 'incident.reported'
        ORDER BY created_at DESC LIMIT 1`,
      [RESIDENT],
    );
    expect(ack.body_text).toContain('по этому происшествию');
  });

  it('lets a region named in the text win over the notification', async () => {
    await notified(kostanay);
    await dataSource.query(
      `INSERT INTO incidents (id, region, hazard, severity, status, reference, mode, last_event_at, revision)
       VALUES ($1, 'KZ-15', 'FL', 'Severe', 'active', $2, 'actual', now(), 1)`,
      [aktobe.incidentId, aktobe.reference],
    );
    expect(await texted('Актобе нет воды')).toMatchObject({
      region_code: 'KZ-15',
      incident_id: aktobe.incidentId,
    });
  });

  it('is no reply when the number got no notification, or only one not yet sent', async () => {
    expect(await texted('нет воды')).toEqual({
      region_code: null,
      incident_id: null,
      incident_reference: null,
    });
    await notified(kostanay);
    await dataSource.query(`UPDATE notifications SET status = 'pending'`);
    expect(await texted('нет воды')).toMatchObject({ incident_id: null });
  });
});
