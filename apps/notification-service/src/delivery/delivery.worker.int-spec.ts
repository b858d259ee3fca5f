import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@relief/audit';
import { OutboxService, resolveMessagingOptions } from '@relief/messaging';
import { serviceInstanceId } from '@relief/observability';
import { createTestDatabase, eventually, type TestDatabase } from '@relief/testing';
import { DataSource } from 'typeorm';
import { entities, migrations } from '../database/schema';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import { DeliveryWorker } from './delivery.worker';
import type { EmailProvider, OutgoingSms, Sent, SmsProvider } from './providers/providers';

/**
 * The worker's promises on the real PostgreSQL: batches claimed with SKIP LOCKED (two workers
 * never send a row twice), one rate budget shared by every replica, a bounded number of rows
 * `sending` at any moment, outcomes recorded through a database outage, each row recorded only
 * by the process that claimed it last (`claimed_by`). The providers here are stand-ins that count
 * what they are handed: the real SMTP and SMPP providers are tested against real peers in
 * providers/ and notification-delivery.int-spec.ts.
 */
describe('DeliveryWorker (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const workers: DeliveryWorker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('delivery_worker');
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities, migrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.beforeApplicationShutdown()));
    await dataSource.query('TRUNCATE notifications, delivery_rate_budgets, outbox_events CASCADE');
  });

  async function due(count: number, channel: 'email' | 'sms'): Promise<void> {
    await dataSource.query(
      `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
         language, subject, body_text, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT gen_random_uuid(), $2, 'incident.reported', gen_random_uuid(), $3::text,
              CASE $3::text WHEN 'sms' THEN '+7701' || lpad(i::text, 7, '0') ELSE 'p' || i || '@emer.gov.kz' END,
              'ru', 'subject', 'text', 'pending', 0, now(), now(), now()
         FROM generate_series(1, $1) AS i`,
      [count, randomUUID(), channel],
    );
  }

  const statusCounts = async (): Promise<Record<string, number>> => {
    const rows = await dataSource.query<{ status: string; n: string }[]>(
      'SELECT status, count(*) AS n FROM notifications GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };

  /** A stand-in SMS gateway that records every hand-over (by ledger row id). */
  function countingSms(
    send: (sms: OutgoingSms) => Promise<Sent> = () =>
      Promise.resolve({ providerMessageId: randomUUID(), provider: 'smpp' }),
  ) {
    const handed: string[] = [];
    const provider: SmsProvider = {
      send: (sms) => {
        handed.push(sms.notificationId);
        return send(sms);
      },
      close: () => Promise.resolve(),
    };
    return { provider, handed };
  }
  const idleEmail: EmailProvider = {
    send: () => Promise.resolve({ providerMessageId: randomUUID(), provider: 'smtp' }),
    close: () => Promise.resolve(),
  };

  function worker(
    sms: SmsProvider,
    env: Record<string, string> = {},
    ds = dataSource,
    email: EmailProvider = idleEmail,
  ): DeliveryWorker {
    const config = Object.assign(new NotificationServiceConfig(), {
      DELIVERY_ENABLED: false,
      SMS_RATE_PER_SECOND: 100_000,
      EMAIL_RATE_PER_SECOND: 100_000,
      ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, Number(v)])),
    });
    const outbox = new OutboxService(
      resolveMessagingOptions({
        serviceName: 'notification-service',
        clientId: 'notification-service',
        brokers: ['127.0.0.1:1'],
        unauditedEventTypes: ['notification.sent', 'notification.failed'],
      }),
      new AuditTrail({ serviceName: 'notification-service', sealIntervalMs: 0 }, ds),
    );
    const w = new DeliveryWorker(
      ds,
      new NotificationLedger(ds, config),
      outbox,
      config,
      email,
      sms,
    );
    workers.push(w);
    return w;
  }

  /** Rounds until nothing is due (the worker's own loop is off: DELIVERY_ENABLED=false). */
  async function drain(...ws: DeliveryWorker[]): Promise<void> {
    await eventually(
      async () => {
        await Promise.all(ws.map((w) => w.tick()));
        return (await statusCounts()).pending ?? 0;
      },
      (pending) => pending === 0,
      'no row left pending',
      { intervalMs: 10 },
    );
  }

  it('two workers share 2,000 due SMS in batches and send none twice; each sent row has its event and provider', async () => {
    await due(2_000, 'sms');
    const sms = countingSms();
    const a = worker(sms.provider, { DELIVERY_BATCH_SIZE: '50' });
    const b = worker(sms.provider, { DELIVERY_BATCH_SIZE: '50' });
    await drain(a, b);
    expect(sms.handed).toHaveLength(2_000);
    expect(new Set(sms.handed).size).toBe(2_000);
    expect(await statusCounts()).toEqual({ sent: 2_000 });
    const [{ events }] = await dataSource.query<{ events: string }[]>(
      `SELECT count(*) AS events FROM outbox_events WHERE type = 'notification.sent'`,
    );
    expect(Number(events)).toBe(2_000);
    const providers = await dataSource.query<{ provider: string }[]>(
      'SELECT DISTINCT provider FROM notifications',
    );
    expect(providers).toEqual([{ provider: 'smpp' }]);
  });

  it('never has more than DELIVERY_BATCH_SIZE × DELIVERY_CONCURRENCY rows sending: what a kill -9 can leave in doubt', async () => {
    await due(100, 'sms');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sms = countingSms(async () => {
      await gate;
      return { providerMessageId: randomUUID() };
    });
    const w = worker(sms.provider, { DELIVERY_BATCH_SIZE: '7', DELIVERY_CONCURRENCY: '2' });
    const round = w.tick();
    await eventually(
      async () => (await statusCounts()).sending,
      (sending) => sending === 14,
      'two lanes with a batch of 7 each sending',
      { intervalMs: 20 },
    );
    // Nothing more is claimed while both batches are out.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await statusCounts()).sending).toBe(14);
    expect(sms.handed).toHaveLength(14);
    release();
    await round;
    await drain(w);
    expect(await statusCounts()).toEqual({ sent: 100 });
  });

  it('runs each channel on its own: SMS do not wait for a slow email round', async () => {
    await due(20, 'email');
    await due(300, 'sms');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowEmail: EmailProvider = {
      send: async () => {
        await gate;
        return { providerMessageId: randomUUID() };
      },
      close: () => Promise.resolve(),
    };
    const sms = countingSms();
    const w = worker(sms.provider, { DELIVERY_BATCH_SIZE: '10' }, dataSource, slowEmail);
    // The worker's own loop this time, as in the service.
    Object.assign((w as unknown as { config: object }).config, {
      DELIVERY_ENABLED: true,
      DELIVERY_POLL_MS: 50,
    });
    w.onApplicationBootstrap();
    try {
      await eventually(
        () => Promise.resolve(sms.handed.length),
        (n) => n === 300,
        'every SMS sent while the email round is stuck',
        { timeoutMs: 20_000, intervalMs: 50 },
      );
    } finally {
      release();
    }
  });

  it('keeps two replicas together to one rate budget', async () => {
    await due(1_000, 'sms');
    const sms = countingSms();
    const env = { SMS_RATE_PER_SECOND: '40', DELIVERY_BATCH_SIZE: '10' };
    const [a, b] = [worker(sms.provider, env), worker(sms.provider, env)];
    const started = Date.now();
    while (Date.now() - started < 2_000) {
      await Promise.all([a.tick(), b.tick()]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    // One second's burst plus the sustained rate: two budgets of their own would allow twice that.
    expect(sms.handed.length).toBeGreaterThan(40);
    expect(sms.handed.length).toBeLessThanOrEqual(Math.ceil(40 * (1 + seconds)));
  });

  it('records a batch through a database outage instead of leaving it in doubt', async () => {
    await due(3, 'sms');
    const sms = countingSms();
    const w = worker(sms.provider);
    let refusals = 2;
    const transaction = dataSource.transaction.bind(dataSource);
    const spy = jest.spyOn(dataSource, 'transaction').mockImplementation(((work: never) => {
      if (refusals > 0) {
        refusals -= 1;
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        );
      }
      return transaction(work);
    }) as never);
    try {
      await w.tick();
    } finally {
      spy.mockRestore();
    }
    expect(refusals).toBe(0);
    expect(sms.handed).toHaveLength(3);
    expect(await statusCounts()).toEqual({ sent: 3 });
  });

  it('a failed send is an outcome of its own: the rest of the batch is sent and recorded', async () => {
    await due(4, 'sms');
    let n = 0;
    const sms = countingSms(() => {
      n += 1;
      return n === 2
        ? Promise.reject(Object.assign(new Error('refused'), { permanent: true }))
        : Promise.resolve({ providerMessageId: randomUUID() });
    });
    await worker(sms.provider).tick();
    const counts = await statusCounts();
    expect(counts.sent).toBe(3);
    expect((counts.pending ?? 0) + (counts.failed ?? 0)).toBe(1);
    expect(counts.sending).toBeUndefined();
  });

  it('names the sending process on each row, and drops its late record of a row another one claimed since', async () => {
    await due(2, 'sms');
    let first: string | undefined;
    const sms = countingSms(async (message) => {
      // While the first is being handed over, its lease expires and another replica claims it.
      if (first === undefined) {
        first = message.notificationId;
        await dataSource.query(
          `UPDATE notifications SET claimed_by = 'other-pod/7', attempts = attempts + 1,
                  lease_until = now() + interval '1 minute' WHERE id = $1`,
          [first],
        );
      }
      return { providerMessageId: randomUUID(), provider: 'smpp' };
    });
    await worker(sms.provider).tick();
    const rows = await dataSource.query<{ id: string; status: string; claimed_by: string }[]>(
      'SELECT id, status, claimed_by FROM notifications',
    );
    expect(rows.find((r) => r.id === first)).toMatchObject({
      status: 'sending',
      claimed_by: 'other-pod/7',
    });
    expect(rows.find((r) => r.id !== first)).toMatchObject({
      status: 'sent',
      claimed_by: serviceInstanceId(),
    });
    const events = await dataSource.query<{ aggregate_id: string }[]>(
      `SELECT envelope->>'aggregateId' AS aggregate_id FROM outbox_events
        WHERE type = 'notification.sent'`,
    );
    expect(events.map((e) => e.aggregate_id)).toEqual([rows.find((r) => r.id !== first)?.id]);
  });
});
