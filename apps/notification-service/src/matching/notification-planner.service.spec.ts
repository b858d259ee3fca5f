import { randomUUID } from 'node:crypto';
import { EVENT_EXAMPLES, type ConsumedEvent } from '@relief/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import type { SubscriberProps, SubscriptionProps } from '../subscribers/subscriber';
import { SubscriberEntity, SubscriptionEntity } from '../subscribers/subscriber.entity';
import { IncidentViewEntity } from './incident-view.entity';
import { NotificationPlanner } from './notification-planner.service';

interface PlannedRow {
  eventType: string;
  subscriberId: string;
  channel: string;
  language: string;
  subject: string | null;
  bodyText: string;
}

/** Answers the planner's reads from memory and keeps the rows it inserts. */
function fakeManager(
  incidents: IncidentViewEntity[],
  subscribers: SubscriberProps[],
  subscriptions: SubscriptionProps[],
) {
  const inserted: PlannedRow[] = [];
  let reads = 0;
  const builder = {
    insert: () => builder,
    into: () => builder,
    values: (rows: PlannedRow | PlannedRow[]) => {
      inserted.push(...[rows].flat());
      return builder;
    },
    orIgnore: () => builder,
    execute: () => Promise.resolve(),
  };
  const manager = {
    findOneBy: (entity: unknown, where: { id: string }) => {
      reads++;
      const found = entity === IncidentViewEntity && incidents.find((i) => i.id === where.id);
      return Promise.resolve(found || null);
    },
    find: (entity: unknown) => {
      reads++;
      if (entity === SubscriberEntity) return Promise.resolve(subscribers);
      if (entity === SubscriptionEntity) return Promise.resolve(subscriptions);
      return Promise.resolve([]);
    },
    query: () => Promise.resolve([]),
    createQueryBuilder: () => builder,
  } as unknown as EntityManager;
  return { manager, inserted, reads: () => reads };
}

const subscriber = (id: string, over: Partial<SubscriberProps> = {}): SubscriberProps => ({
  id,
  name: id,
  organisation: 'ministry',
  email: `${id}@emer.gov.kz`,
  phone: '+77012345678',
  language: 'en',
  channels: ['email'],
  userId: null,
  ...over,
});
const subscription = (subscriberId: string, over: Partial<SubscriptionProps>) => ({
  id: `${subscriberId}-s`,
  subscriberId,
  eventTypes: [],
  regions: [],
  hazards: [],
  minSeverity: null,
  ...over,
});

type RequestType = 'request.closed' | 'request.cancelled' | 'request.scope-changed';
const envelope = <T extends RequestType>(
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

describe('NotificationPlanner, request events', () => {
  const example = EVENT_EXAMPLES['request.closed'];
  const incident: IncidentViewEntity = {
    id: example.incidentId,
    region: example.region,
    hazard: 'FL',
    severity: 'Extreme',
    status: 'active',
    revision: 3,
    lastEventAt: new Date('2024-04-10T07:00:00.000Z'),
  };
  const subscribers = [
    subscriber('outcomes', { language: 'kk', channels: ['email', 'sms'] }),
    subscriber('cancellations'),
    subscriber('earthquakes'),
    subscriber('partners', { language: 'ru' }),
  ];
  const subscriptions = [
    subscription('outcomes', {
      eventTypes: ['request.cancelled', 'request.closed'],
      regions: [example.region],
      hazards: ['FL'],
      minSeverity: 'Severe',
    }),
    subscription('cancellations', { eventTypes: ['request.cancelled'] }),
    subscription('earthquakes', { eventTypes: ['request.closed'], hazards: ['EQ'] }),
    subscription('partners', { eventTypes: ['request.scope-changed'] }),
  ];
  const planner = new NotificationPlanner(
    new NotificationServiceConfig(),
    new NotificationLedger({} as DataSource),
  );
  const who = (rows: PlannedRow[]) => rows.map((r) => `${r.subscriberId}:${r.channel}`).sort();

  it('plans request.closed like request.cancelled: by type, region and the incident hazard and severity', async () => {
    const closed = fakeManager([incident], subscribers, subscriptions);
    await planner.request(closed.manager, envelope('request.closed'));
    expect(who(closed.inserted)).toEqual(['outcomes:email', 'outcomes:sms']);
    const email = closed.inserted.find((r) => r.channel === 'email')!;
    expect(email).toMatchObject({ eventType: 'request.closed', language: 'kk' });
    expect(email.subject).toBe(`${example.incidentReference}: отбасылық шатыр сұранысы жабылды`);
    expect(email.bodyText).toContain('/unsubscribe?token=');
    const sms = closed.inserted.find((r) => r.channel === 'sms')!;
    expect(sms.bodyText).toContain(String(example.reason));

    const cancelled = fakeManager([incident], subscribers, subscriptions);
    await planner.request(cancelled.manager, envelope('request.cancelled'));
    expect(who(cancelled.inserted)).toEqual([
      'cancellations:email',
      'outcomes:email',
      'outcomes:sms',
    ]);
  });

  it('does not match a filtered subscription when the incident of the closed request is unknown', async () => {
    const { manager, inserted } = fakeManager([], subscribers, subscriptions);
    await planner.request(manager, envelope('request.closed'));
    expect(inserted).toEqual([]);
  });

  it("matches a request event on its incident's region, which a request follows after a correction", async () => {
    // The incident was moved to West Kazakhstan; this request event was sent before its request followed.
    const moved = { ...incident, region: 'KZ-27' };
    const west = [subscription('outcomes', { eventTypes: ['request.closed'], regions: ['KZ-27'] })];
    const now = fakeManager([moved], subscribers, west);
    await planner.request(now.manager, envelope('request.closed', { region: 'KZ-15' }));
    expect(who(now.inserted)).toEqual(['outcomes:email', 'outcomes:sms']);

    const aktobe = [
      subscription('outcomes', { eventTypes: ['request.closed'], regions: ['KZ-15'] }),
    ];
    const before = fakeManager([moved], subscribers, aktobe);
    await planner.request(before.manager, envelope('request.closed', { region: 'KZ-15' }));
    expect(before.inserted).toEqual([]);
  });

  it('plans request.scope-changed only when the request is opened to international partners', async () => {
    const narrowed = fakeManager([incident], subscribers, subscriptions);
    await planner.request(
      narrowed.manager,
      envelope('request.scope-changed', { scope: 'domestic', previousScope: 'international' }),
    );
    expect(narrowed.inserted).toEqual([]);
    expect(narrowed.reads()).toBe(0);

    const widened = fakeManager([incident], subscribers, subscriptions);
    await planner.request(widened.manager, envelope('request.scope-changed'));
    expect(who(widened.inserted)).toEqual(['partners:email']);
    expect(widened.inserted[0].subject).toMatch(/открыт для международных партнёров$/);
  });
});
