import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DeliveryError } from '../delivery-policy';
import { SmtpEmailProvider } from './smtp-email.provider';

/** A real SMTP peer in the test process. */
describe('SmtpEmailProvider (against smtp-server)', () => {
  const received: { to: string[]; raw: string }[] = [];
  let server: SMTPServer;
  let provider: SmtpEmailProvider;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
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
});
