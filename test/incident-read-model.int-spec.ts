/**
 * One incident read model (@relief/read-models) in the three services that keep one: the same
 * out-of-order, replayed and stale `incident.events` sequence, produced onto their topics as
 * incident-service would, leaves the same view (status, region, severity, revision) in each
 * service's own table.
 */
import { randomUUID } from 'node:crypto';
import { Logger, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@relief/config';
import {
  ALL_TOPICS,
  exampleEvent,
  Topics,
  type IncidentEventType,
  type IncidentStatus,
  type Severity,
} from '@relief/contracts';
import { buildEnvelope } from '@relief/messaging';
import {
  createTopics,
  eventually,
  startTestService,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { AppModule as NotificationApp } from '../apps/notification-service/src/app.module';
import { NotificationServiceConfig } from '../apps/notification-service/src/notification-service.config';
import { AppModule as OfferApp } from '../apps/partner-offer-service/src/app.module';
import { PartnerOfferServiceConfig } from '../apps/partner-offer-service/src/partner-offer-service.config';
import { AppModule as RequestApp } from '../apps/resource-request-service/src/app.module';
import { ResourceRequestServiceConfig } from '../apps/resource-request-service/src/resource-request-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

interface Sent {
  id: string;
  value: string;
  headers: Record<string, string>;
}

interface View {
  status: string | null;
  region: string;
  severity: string;
  revision: number;
}

const prefix = uniqueTopicPrefix();
const services: Record<string, TestService<ServiceConfig>> = {};
let producer: Producer;

type Facts = [
  revision: number | undefined,
  status: IncidentStatus,
  severity: Severity,
  region: string,
];

/** An incident event as incident-service would send it, at envelope time `minute`. */
function incidentEvent(
  type: IncidentEventType,
  incidentId: string,
  minute: number,
  [revision, status, severity, region]: Facts,
): Sent {
  const event = exampleEvent(type, { incidentId, revision, status, severity, region });
  const at = new Date(Date.UTC(2026, 3, 2, 6, minute));
  const built = buildEnvelope(event, { producer: 'incident-service', now: () => at });
  return { id: built.envelope.id, value: built.value, headers: built.headers };
}

/** Sends in the order given; the same `Sent` twice is a redelivery (same event id). */
async function send(incidentId: string, events: Sent[]): Promise<void> {
  for (const event of events) {
    await producer.send({
      topic: `${prefix}${Topics.Incidents}`,
      acks: -1,
      messages: [{ key: incidentId, value: event.value, headers: event.headers }],
    });
  }
}

async function viewIn(service: string, incidentId: string): Promise<View | undefined> {
  const { rows } = await services[service].sql.query<View>(
    'SELECT status, region, severity, revision FROM incidents WHERE id = $1',
    [incidentId],
  );
  return rows[0];
}

/**
 * Every service's view once each has recorded `last` in its inbox: one key is one partition, so
 * everything sent before it was processed too. `last` must be a fresh event (a redelivery is
 * skipped, not recorded).
 */
async function viewsAfter(incidentId: string, last: Sent): Promise<Record<string, View>> {
  const views: Record<string, View> = {};
  for (const service of Object.keys(services)) {
    await eventually(
      () =>
        services[service].sql.query('SELECT 1 FROM processed_events WHERE event_id = $1', [
          last.id,
        ]),
      (result) => result.rowCount === 1,
      `${service} to process ${last.id}`,
    );
    views[service] = (await viewIn(service, incidentId))!;
  }
  return views;
}

beforeAll(async () => {
  const brokers = testKafkaBrokers();
  await createTopics(brokers, prefix, ALL_TOPICS);
  const kafka = new Kafka({ clientId: 'read-model-test', brokers, logLevel: logLevel.NOTHING });
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const start = <C extends ServiceConfig>(
    name: string,
    configClass: new () => C,
    module: (config: C) => DynamicModule,
    env: Record<string, string> = {},
  ) =>
    startTestService({
      name: `readmodel_${name}`,
      configClass,
      module,
      topicPrefix: prefix,
      env,
    }).then((started) => {
      services[name] = started;
    });
  await Promise.all([
    start('request', ResourceRequestServiceConfig, (c) => RequestApp.forRoot(c)),
    start('offer', PartnerOfferServiceConfig, (c) => OfferApp.forRoot(c)),
    start('notification', NotificationServiceConfig, (c) => NotificationApp.forRoot(c), {
      DELIVERY_ENABLED: 'false',
    }),
  ]);
}, 180_000);

afterAll(async () => {
  for (const service of Object.values(services)) await service.close();
  await producer?.disconnect();
});

describe('the incident read model of every service', () => {
  it('keeps the newest revision and an ended incident ended, whatever the order and the replays', async () => {
    const id = randomUUID();
    const ev = (type: IncidentEventType, minute: number, ...facts: Facts) =>
      incidentEvent(type, id, minute, facts);
    const reported = ev('incident.reported', 1, 1, 'reported', 'Moderate', 'KZ-15');
    const active = ev('incident.status-changed', 2, 2, 'active', 'Moderate', 'KZ-15');
    const moved = ev('incident.updated', 3, 3, 'active', 'Severe', 'KZ-16');
    const closed = ev('incident.closed', 4, 4, 'closed', 'Severe', 'KZ-16');
    // An older revision sent later (a replay from a dead-letter topic, a lagging relay).
    const stale = ev('incident.severity-changed', 9, 2, 'active', 'Extreme', 'KZ-15');
    // A newer snapshot that does not say ended: the incident stays closed, the rest follows.
    const corrected = ev('incident.updated', 5, 5, 'active', 'Extreme', 'KZ-16');

    await send(id, [moved, reported, moved, active, closed, reported, closed, stale]);
    const afterClose = await viewsAfter(id, stale);
    const expectedClosed = { status: 'closed', region: 'KZ-16', severity: 'Severe', revision: 4 };
    expect(afterClose).toEqual({
      request: expectedClosed,
      offer: expectedClosed,
      notification: expectedClosed,
    });

    const staler = ev('incident.reported', 10, 1, 'reported', 'Minor', 'KZ-15');
    await send(id, [corrected, active, corrected, staler]);
    const last = await viewsAfter(id, staler);
    const expected = { status: 'closed', region: 'KZ-16', severity: 'Extreme', revision: 5 };
    expect(last).toEqual({ request: expected, offer: expected, notification: expected });
  });

  it('orders events without a revision (sent before snapshots carried one) by their envelope time', async () => {
    const id = randomUUID();
    const legacy = (minute: number, status: IncidentStatus, severity: Severity, region: string) =>
      incidentEvent('incident.updated', id, minute, [undefined, status, severity, region]);
    const early = legacy(1, 'active', 'Minor', 'KZ-15');
    const late = legacy(3, 'contained', 'Moderate', 'KZ-15');
    const cancelled = legacy(4, 'cancelled', 'Moderate', 'KZ-15');
    const between = legacy(2, 'active', 'Extreme', 'KZ-16');

    const earliest = legacy(0, 'reported', 'Minor', 'KZ-15');
    await send(id, [late, early, cancelled, between, late, earliest]);
    const views = await viewsAfter(id, earliest);
    const expected = { status: 'cancelled', region: 'KZ-15', severity: 'Moderate', revision: 0 };
    expect(views).toEqual({ request: expected, offer: expected, notification: expected });
  });
});
