import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DeliveryError } from '../delivery-policy';
import { SmtpEmailProvider } from './smtp-email.provider';

/** A real SMTP peer in the test process. */
describe('SmtpEmailProvider (against smtp-server)', () => {
  const received: { to: string[]; raw: string; connection: string }[] = [];
  /** Connections open now and at most, as the server saw them. */
  const connections = { open: 0, max: 0, total: 0 };
  let server: SMTPServer;
  let provider: SmtpEmailProvider;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onConnect(_session, callback) {
        connections.open++;
        connections.total++;
        connections.max = Math.max(connections.max, connections.open);
        callback();
      },
      onClose() {
        connections.open--;
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('gone@'))
          return callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
        if (address.address.startsWith('busy@'))
          return callback(Object.assign(new Error('try later'), { responseCode: 451 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString(),
            connection: session.id,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    provider = new SmtpEmailProvider({
      host: '127.0.0.1',
      port,
      secure: false,
      from: 'Relief <n@relief.local>',
    });
  });

  afterAll(async () => {
    await provider.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends text and html with a Message-ID derived from the ledger row', async () => {
    const sent = await provider.send({
      notificationId: '11111111-1111-4111-8111-111111111111',
      to: 'duty@emer.gov.kz',
      subject: 'Новый инцидент',
      text: 'Наводнение',
      html: '<p>Наводнение</p>',
    });
    expect(sent.providerMessageId).toBe(
      '<11111111-1111-4111-8111-111111111111@notifications.relief>',
    );
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['duty@emer.gov.kz']);
    expect(received[0].raw).toContain(
      'Message-ID: <11111111-1111-4111-8111-111111111111@notifications.relief>',
    );
    expect(received[0].raw).toContain('text/html');
    expect(sent.provider).toBe('smtp');
  });

  it('5xx is permanent, 4xx transient', async () => {
    const send = (to: string) =>
      provider.send({
        notificationId: '22222222-2222-4222-8222-222222222222',
        to,
        subject: 's',
        text: 't',
        html: null,
      });
    await expect(send('gone@x.kz')).rejects.toMatchObject({
      name: 'DeliveryError',
      permanent: true,
    });
    const transient = await send('busy@x.kz').catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(DeliveryError);
    expect((transient as DeliveryError).permanent).toBe(false);
  });

  it('carries several messages per pooled connection, within maxConnections and maxMessages', async () => {
    const { port } = server.server.address() as AddressInfo;
    const pooled = new SmtpEmailProvider({
      host: '127.0.0.1',
      port,
      secure: false,
      from: 'Relief <n@relief.local>',
      maxConnections: 2,
      maxMessagesPerConnection: 3,
    });
    received.length = 0;
    // The first provider's idle pool may still hold its connections open.
    const before = connections.open;
    Object.assign(connections, { max: before, total: 0 });
    try {
      await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          pooled.send({
            notificationId: `33333333-3333-4333-8333-33333333333${i}`,
            to: `duty${i}@emer.gov.kz`,
            subject: 's',
            text: 't',
            html: null,
          }),
        ),
      );
    } finally {
      await pooled.close();
    }
    const perConnection = new Map<string, number>();
    for (const r of received)
      perConnection.set(r.connection, (perConnection.get(r.connection) ?? 0) + 1);
    expect(received).toHaveLength(9);
    expect(connections.max - before).toBeLessThanOrEqual(2);
    // Several messages per connection, never more than maxMessages; a spent one is replaced.
    const counts = [...perConnection.values()];
    expect(Math.max(...counts)).toBe(3);
    expect(counts.every((count) => count <= 3)).toBe(true);
    expect(connections.total).toBe(perConnection.size);
    expect(perConnection.size).toBeLessThan(9);
  });
});
