import type { AddressInfo } from 'node:net';
import { createServer, type PDU, type Server, type Session } from 'smpp';
import { readSubmittedPart } from '../sms-parts';
import { SmppSmsProvider } from './smpp-sms.provider';

/** A real SMPP peer (SMSC) in the test process. */
describe('SmppSmsProvider (against smpp.createServer)', () => {
  const submitted: {
    to: string;
    dataCoding: number;
    part: ReturnType<typeof readSubmittedPart>;
  }[] = [];
  const receipts: [string, string][] = [];
  let server: Server;
  let provider: SmppSmsProvider;
  let counter = 0;
  const binds: string[] = [];
  /** Where receipts go: a receiver or transceiver session, never a transmitter one. */
  let receiptSession: Session | undefined;
  /** Like an SMSC, receipts wait for a session that can take them. */
  const queuedReceipts: string[] = [];
  const sendReceipt = (text: string) => {
    if (receiptSession) receiptSession.deliver_sm({ esm_class: 0x04, short_message: text });
    else queuedReceipts.push(text);
  };

  beforeAll(async () => {
    server = createServer({}, (session: Session) => {
      for (const bind of ['bind_transmitter', 'bind_receiver', 'bind_transceiver']) {
        session.on(bind, (pdu: PDU) => {
          const ok = pdu.password === 'pw';
          if (ok) binds.push(bind);
          session.send(pdu.response(ok ? {} : { command_status: 0x0e }));
          if (ok && bind !== 'bind_transmitter') {
            receiptSession = session;
            queuedReceipts.splice(0).forEach(sendReceipt);
          }
        });
      }
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => session.send(pdu.response()));
      session.on('submit_sm', (pdu: PDU) => {
        const to = String(pdu.destination_addr);
        if (to.endsWith('0000')) return void session.send(pdu.response({ command_status: 0x0b })); // invalid dest
        if (to.endsWith('0058')) return void session.send(pdu.response({ command_status: 0x58 })); // throttled
        const id = `m${++counter}`;
        submitted.push({
          to,
          dataCoding: Number(pdu.data_coding),
          part: readSubmittedPart(pdu.short_message),
        });
        session.send(pdu.response({ message_id: id }));
        // A delivery receipt, as SMSCs send when registered_delivery asks for one.
        sendReceipt(
          `id:${id} sub:001 dlvrd:001 submit date:2404011200 done date:2404011201 stat:DELIVRD err:000 text:`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    provider = new SmppSmsProvider({
      host: '127.0.0.1',
      port,
      systemId: 'relief',
      password: 'pw',
      sender: 'RELIEF',
    });
    provider.onReceipt((id, status) => receipts.push([id, status]));
  });

  afterAll(async () => {
    await provider.close();
    for (const s of server.sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends a long Cyrillic text as UCS-2 concatenated parts that reassemble whole', async () => {
    const text =
      'Наводнение в Актюбинской области: уровень воды в реке Илек растёт, эвакуация сёл продолжается. Пункты приёма открыты.';
    const sent = await provider.send({ notificationId: 'n1', to: '+77012345678', text });
    const parts = submitted.filter((s) => s.to === '77012345678');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.dataCoding === 8 && p.part.total === parts.length)).toBe(true);
    const whole = [...parts]
      .sort((a, b) => a.part.index - b.part.index)
      .map((p) => p.part.text)
      .join('');
    expect(whole).toBe(text);
    expect(sent.providerMessageId.split(',')).toHaveLength(parts.length);
    await new Promise((r) => setTimeout(r, 200));
    expect(binds).toEqual(['bind_transmitter', 'bind_receiver']);
    expect(receipts.map(([, s]) => s)).toContain('DELIVRD');
  });

  it('an invalid destination is permanent; throttling is transient', async () => {
    await expect(
      provider.send({ notificationId: 'n2', to: '+77010000000', text: 'x' }),
    ).rejects.toMatchObject({ permanent: true });
    await expect(
      provider.send({ notificationId: 'n3', to: '+77010000058', text: 'x' }),
    ).rejects.toMatchObject({ permanent: false });
  });

  it('in transceiver mode, submits and receipts share one bind_transceiver session', async () => {
    const { port } = server.address() as AddressInfo;
    const single = new SmppSmsProvider({
      host: '127.0.0.1',
      port,
      systemId: 'relief',
      password: 'pw',
      sender: 'RELIEF',
      bind: 'transceiver',
    });
    const got: string[] = [];
    single.onReceipt((id) => got.push(id));
    binds.length = 0;
    try {
      const sent = await single.send({ notificationId: 'n4', to: '+77017777777', text: 'Hi' });
      for (let i = 0; i < 40 && !got.includes(sent.providerMessageId); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(binds).toEqual(['bind_transceiver']);
      expect(got).toContain(sent.providerMessageId);
    } finally {
      await single.close();
    }
  });

  it('a refused bind is reported, not retried forever', async () => {
    const { port } = server.address() as AddressInfo;
    const wrong = new SmppSmsProvider({
      host: '127.0.0.1',
      port,
      systemId: 'relief',
      password: 'wrong',
      sender: 'RELIEF',
    });
    await expect(
      wrong.send({ notificationId: 'n5', to: '+77018888888', text: 'x' }),
    ).rejects.toThrow(/bind_transmitter refused \(0xe\)/);
    await wrong.close();
  });
});
