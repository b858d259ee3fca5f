import type { OutboxService } from '@relief/messaging';
import type { DataSource } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationLedger } from '../notifications/notification-ledger';
import { DeliveryWorker } from './delivery.worker';
import type { EmailProvider, SmsProvider } from './providers/providers';

interface Row {
  id: string;
  channel: 'email' | 'sms';
  status: string;
}

/** A database in memory that answers the ledger's claim, record and lease-recovery statements. */
function fakeLedger(rows: Row[]) {
  const inState = (status: string) => rows.filter((r) => r.status === status);
  const query = (sql: string, params: unknown[] = []): Promise<unknown> => {
    if (sql.includes("SET status = 'sending'")) {
      const [channel, limit] = params as [string, number];
      const claimed = inState('pending')
        .filter((r) => r.channel === channel)
        .slice(0, limit);
      claimed.forEach((r) => (r.status = 'sending'));
      const returned = claimed.map((r) => ({
        id: r.id,
        event_id: 'e',
        event_type: 'incident.reported',
        subscriber_id: 's',
        channel: r.channel,
        recipient: r.channel === 'sms' ? '+77012345678' : 'a@b.kz',
        subject: 'subject',
        body_text: 'text',
        body_html: null,
        attempts: 1,
      }));
      return Promise.resolve([returned, returned.length]);
    }
    if (sql.includes("WHERE id = $1 AND status = 'sending'")) {
      const row = rows.find((r) => r.id === params[0] && r.status === 'sending');
      if (row) row.status = String(params[1]);
      return Promise.resolve([[], row ? 1 : 0]);
    }
    return Promise.resolve([]); // lease recovery: nothing expired
  };
  const dataSource = {
    query,
    transaction: (work: (manager: unknown) => Promise<unknown>) => work({ query }),
  } as unknown as DataSource;
  return { dataSource, inState };
}

/** A worker whose email and SMS providers accept everything. */
function workerThatSends(dataSource: DataSource): DeliveryWorker {
  const send = () => Promise.resolve({ providerMessageId: 'id' });
  return new DeliveryWorker(
    dataSource,
    new NotificationLedger(dataSource),
    { append: () => Promise.resolve() } as unknown as OutboxService,
    new NotificationServiceConfig(),
    { send, close: () => Promise.resolve() },
    { send, close: () => Promise.resolve() },
  );
}

describe('DeliveryWorker', () => {
  it('records a send through a database restart instead of leaving it in doubt', async () => {
    const rows: Row[] = [{ id: 's1', channel: 'sms', status: 'pending' }];
    const { dataSource, inState } = fakeLedger(rows);
    // The database goes away between the send and its record, and is back two attempts later.
    let refusals = 2;
    const transaction = dataSource.transaction.bind(dataSource);
    (dataSource as unknown as { transaction: unknown }).transaction = (
      work: (manager: unknown) => Promise<unknown>,
    ) => {
      if (refusals > 0) {
        refusals -= 1;
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        );
      }
      return transaction(work);
    };
    let texts = 0;
    const sms: SmsProvider = {
      send: () => {
        texts += 1;
        return Promise.resolve({ providerMessageId: 'id' });
      },
      close: () => Promise.resolve(),
    };
    const worker = new DeliveryWorker(
      dataSource,
      new NotificationLedger(dataSource),
      { append: () => Promise.resolve() } as unknown as OutboxService,
      new NotificationServiceConfig(),
      { send: () => Promise.reject(new Error('no email')), close: () => Promise.resolve() },
      sms,
    );

    await worker.tick();

    expect(refusals).toBe(0);
    expect(texts).toBe(1);
    expect(inState('sent').map((r) => r.id)).toEqual(['s1']);
  });

  it('ends a round only when every lane has, so the next lease recovery cannot overtake a send being recorded', async () => {
    const rows: Row[] = [
      { id: 'm1', channel: 'email', status: 'pending' },
      { id: 's1', channel: 'sms', status: 'pending' },
    ];
    const { dataSource, inState } = fakeLedger(rows);
    const refused = () =>
      Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      );
    // The database goes away after the email was claimed: the SMS claim fails at once, the
    // email's record succeeds on the third try.
    const query = dataSource.query.bind(dataSource);
    (dataSource as unknown as { query: unknown }).query = (sql: string, params: unknown[]) =>
      sql.includes("SET status = 'sending'") && params[0] === 'sms'
        ? refused()
        : query(sql, params);
    let refusals = 2;
    const transaction = dataSource.transaction.bind(dataSource);
    (dataSource as unknown as { transaction: unknown }).transaction = (
      work: (manager: unknown) => Promise<unknown>,
    ) => (refusals-- > 0 ? refused() : transaction(work));
    const worker = workerThatSends(dataSource);

    await expect(worker.tick()).rejects.toThrow(/ECONNREFUSED/);
    expect(inState('sending')).toEqual([]);
    expect(inState('sent').map((r) => r.id)).toEqual(['m1']);
  });

  it('does not retry recording on an error that is not an outage', async () => {
    const rows: Row[] = [{ id: 'm1', channel: 'email', status: 'pending' }];
    const { dataSource, inState } = fakeLedger(rows);
    (dataSource as unknown as { transaction: unknown }).transaction = () =>
      Promise.reject(new Error('column "nope" does not exist'));
    const worker = workerThatSends(dataSource);

    await expect(worker.tick()).rejects.toThrow(/nope/);
    expect(inState('sending').map((r) => r.id)).toEqual(['m1']);
  });

  it('claims each row just before sending it, so a crash leaves at most one in doubt per channel', async () => {
    const rows: Row[] = [
      ...['s1', 's2', 's3', 's4'].map((id) => ({ id, channel: 'sms' as const, status: 'pending' })),
      ...['m1', 'm2', 'm3'].map((id) => ({ id, channel: 'email' as const, status: 'pending' })),
    ];
    const { dataSource, inState } = fakeLedger(rows);
    // What a kill -9 at the moment of each send would leave `sending` on that channel.
    const sendingAtEachSend: Record<string, number[]> = { sms: [], email: [] };
    const atSend = (channel: 'sms' | 'email') => {
      sendingAtEachSend[channel].push(
        inState('sending').filter((r) => r.channel === channel).length,
      );
      return Promise.resolve({ providerMessageId: 'id' });
    };
    const sms: SmsProvider = { send: () => atSend('sms'), close: () => Promise.resolve() };
    const email: EmailProvider = { send: () => atSend('email'), close: () => Promise.resolve() };
    const outbox = { append: () => Promise.resolve() } as unknown as OutboxService;
    const worker = new DeliveryWorker(
      dataSource,
      new NotificationLedger(dataSource),
      outbox,
      new NotificationServiceConfig(),
      email,
      sms,
    );

    await worker.tick();

    expect(sendingAtEachSend).toEqual({ sms: [1, 1, 1, 1], email: [1, 1, 1] });
    expect(inState('sent')).toHaveLength(7);
  });

  it('keeps to the channel rate: tokens it could not use go back', async () => {
    const rows: Row[] = ['s1', 's2', 's3', 's4', 's5', 's6', 's7'].map((id) => ({
      id,
      channel: 'sms' as const,
      status: 'pending',
    }));
    const { dataSource, inState } = fakeLedger(rows);
    const send = () => Promise.resolve({ providerMessageId: 'id' });
    const config = Object.assign(new NotificationServiceConfig(), { SMS_RATE_PER_SECOND: 5 });
    const worker = new DeliveryWorker(
      dataSource,
      new NotificationLedger(dataSource),
      { append: () => Promise.resolve() } as unknown as OutboxService,
      config,
      { send, close: () => Promise.resolve() },
      { send, close: () => Promise.resolve() },
    );

    await worker.tick();

    // A burst of 5 (the bucket's capacity); the other two wait for the next rounds.
    expect(inState('sent')).toHaveLength(5);
    expect(inState('pending')).toHaveLength(2);
  });

  it('sends DELIVERY_CONCURRENCY rows at once per channel, never more in doubt', async () => {
    const rows: Row[] = Array.from({ length: 10 }, (_, i) => ({
      id: `s${i}`,
      channel: 'sms' as const,
      status: 'pending',
    }));
    const { dataSource, inState } = fakeLedger(rows);
    const sendingAtEachSend: number[] = [];
    const sms: SmsProvider = {
      send: async () => {
        sendingAtEachSend.push(inState('sending').length);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { providerMessageId: 'id' };
      },
      close: () => Promise.resolve(),
    };
    const email: EmailProvider = {
      send: () => Promise.reject(new Error('no email')),
      close: () => Promise.resolve(),
    };
    const config = Object.assign(new NotificationServiceConfig(), {
      DELIVERY_CONCURRENCY: 3,
      SMS_RATE_PER_SECOND: 1_000,
    });
    const worker = new DeliveryWorker(
      dataSource,
      new NotificationLedger(dataSource),
      { append: () => Promise.resolve() } as unknown as OutboxService,
      config,
      email,
      sms,
    );

    await expect(worker.tick()).resolves.toBe('done');

    expect(inState('sent')).toHaveLength(10);
    expect(Math.max(...sendingAtEachSend)).toBe(3);
  });

  it('asks for another round at once when a round ends with rows still due', async () => {
    const rows: Row[] = Array.from({ length: 25 }, (_, i) => ({
      id: `m${i}`,
      channel: 'email' as const,
      status: 'pending',
    }));
    const { dataSource, inState } = fakeLedger(rows);
    const send = () => Promise.resolve({ providerMessageId: 'id' });
    const worker = new DeliveryWorker(
      dataSource,
      new NotificationLedger(dataSource),
      { append: () => Promise.resolve() } as unknown as OutboxService,
      Object.assign(new NotificationServiceConfig(), { EMAIL_RATE_PER_SECOND: 1_000 }),
      { send, close: () => Promise.resolve() },
      { send, close: () => Promise.resolve() },
    );

    // 20 per lane and round: the other 5 follow without waiting for the poll.
    await expect(worker.tick()).resolves.toBe('more');
    expect(inState('sent')).toHaveLength(20);
    await expect(worker.tick()).resolves.toBe('done');
    expect(inState('sent')).toHaveLength(25);
  });
});
