import type { AddressInfo } from 'node:net';
import { startSmppSink, type RunningSmppSink } from '@relief/local-infra';
import { createServer, type PDU, type Server, type Session } from 'smpp';
import { DeliveryError } from '../delivery-policy';
import { readSubmittedPart } from '../sms-parts';
import { SmppSmsProvider, type SmppSettings } from './smpp-sms.provider';

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
      throttleBackoffMs: 5,
    });
    provider.onReceipt((r) => receipts.push([r.providerMessageId, r.status]));
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
    expect(sent.parts?.map((p) => p.providerMessageId)).toEqual(sent.providerMessageId.split(','));
    expect(sent.provider).toBe('smpp');
    await new Promise((r) => setTimeout(r, 200));
    expect(binds).toEqual(['bind_transmitter', 'bind_receiver']);
    expect(receipts.map(([, s]) => s)).toContain('delivered');
  });

  it('an invalid destination is permanent; throttling beyond the retries is transient', async () => {
    await expect(
      provider.send({ notificationId: 'n2', to: '+77010000000', text: 'x' }),
    ).rejects.toMatchObject({ permanent: true });
    await expect(
      provider.send({ notificationId: 'n3', to: '+77010000058', text: 'x' }),
    ).rejects.toMatchObject({ permanent: false, inDoubt: false });
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
    single.onReceipt((r) => got.push(r.providerMessageId));
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

/** The local SMPP sink (libs/local-infra), made slow, throttling or unanswering on demand. */
describe('SmppSmsProvider windows, binds and throttling (against the local SMPP sink)', () => {
  let sink: RunningSmppSink;
  const open: SmppSmsProvider[] = [];
  const providerOf = (settings: Partial<SmppSettings> = {}) => {
    const provider = new SmppSmsProvider({
      host: '127.0.0.1',
      port: sink.port,
      systemId: 'relief',
      password: 'relief',
      sender: 'RELIEF',
      ...settings,
    });
    open.push(provider);
    return provider;
  };
  const sms = (i: number) => ({ notificationId: `w${i}`, to: `+770100${1000 + i}`, text: `n${i}` });

  beforeEach(async () => {
    sink = await startSmppSink({ port: 0 });
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
    await sink.stop();
  });

  it('keeps up to `window` submit_sm in flight on a bind, never more', async () => {
    const provider = providerOf({ window: 3 });
    sink.faults.holdAnswers = true;
    const sends = Array.from({ length: 7 }, (_, i) => provider.send(sms(i)));
    await sink.until((s) => s.inFlight === 3, '3 parts in flight');
    sink.faults.holdAnswers = false;
    sink.releaseAnswers();
    const sent = await Promise.all(sends);
    expect(sent.every((s) => s.provider === 'smpp')).toBe(true);
    expect(sink.stats.maxInFlight).toBe(3);
    expect(sink.stats.binds).toEqual(['bind_transmitter']);
    expect(sink.messages).toHaveLength(7);
  });

  it('spreads concurrent sends over several binds', async () => {
    const provider = providerOf({ binds: 3, window: 2 });
    sink.faults.holdAnswers = true;
    const sends = Array.from({ length: 6 }, (_, i) => provider.send(sms(i)));
    await sink.until((s) => s.inFlight === 6, '6 parts in flight');
    expect(sink.stats.binds).toEqual(['bind_transmitter', 'bind_transmitter', 'bind_transmitter']);
    expect(sink.stats.submitsPerSession).toEqual([2, 2, 2]);
    sink.faults.holdAnswers = false;
    sink.releaseAnswers();
    await Promise.all(sends);
    expect(sink.messages).toHaveLength(6);
  });

  it('ESME_RTHROTTLED pauses the bind and the same parts go again, none lost or doubled', async () => {
    const provider = providerOf({ window: 4, throttleBackoffMs: 30 });
    await provider.send(sms(0)); // bound
    sink.faults.throttleNext = 4;
    const started = Date.now();
    const sent = await Promise.all([1, 2, 3, 4].map((i) => provider.send(sms(i))));
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect(sent).toHaveLength(4);
    expect(sink.stats.throttled).toBe(4);
    expect(sink.messages.map((m) => m.text).sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });

  it('ESME_RMSGQFUL slows a long message down; its parts still reassemble whole', async () => {
    const provider = providerOf({ throttleBackoffMs: 5 });
    sink.faults.throttleStatus = 0x14;
    sink.faults.throttleNext = 2;
    const text = 'Су тасқыны: '.repeat(12);
    await provider.send({ notificationId: 'q', to: '+77012223344', text });
    expect(sink.stats.throttled).toBe(2);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0].text).toBe(text);
    expect(sink.messages[0].parts).toBeGreaterThan(1);
  });

  it('throttled beyond the retries: a transient failure, not in doubt (nothing was taken)', async () => {
    const provider = providerOf({ throttleBackoffMs: 1, throttleRetries: 2 });
    sink.faults.throttleNext = 100;
    const error = await provider.send(sms(9)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ permanent: false, inDoubt: false });
    expect(sink.stats.throttled).toBe(3);
    expect(sink.messages).toHaveLength(0);
  });

  it('no submit_sm_resp in time: in doubt, as before', async () => {
    const provider = providerOf({ timeoutMs: 100 });
    sink.faults.holdAnswers = true;
    await expect(provider.send(sms(1))).rejects.toMatchObject({ inDoubt: true });
    expect(sink.messages).toHaveLength(1); // the SMSC did take it
  });

  it('a connection lost with parts in flight fails them in doubt at once, not at the timeout', async () => {
    const provider = providerOf({ timeoutMs: 30_000 });
    sink.faults.holdAnswers = true;
    const sends = [1, 2].map((i) => provider.send(sms(i)).catch((e: unknown) => e));
    await sink.until((s) => s.inFlight === 2, '2 parts in flight');
    await sink.stop();
    const errors = await Promise.all(sends);
    expect(errors.every((e) => e instanceof DeliveryError && e.inDoubt)).toBe(true);
    sink = await startSmppSink({ port: 0 }); // for afterEach
  });

  it('keeps the link alive with enquire_link', async () => {
    const provider = providerOf({ enquireLinkMs: 20 });
    await provider.send(sms(1));
    await sink.until((s) => s.enquireLinks >= 2, 'two enquire_link');
  });
});
