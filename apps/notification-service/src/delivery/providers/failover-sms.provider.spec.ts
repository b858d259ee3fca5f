import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSmppSink, type RunningSmppSink } from '@relief/local-infra';
import { DeliveryError } from '../delivery-policy';
import { FailoverSmsProvider } from './failover-sms.provider';
import { HttpSmsProvider } from './http-sms.provider';
import type { Receipt } from './providers';
import { SmppSmsProvider } from './smpp-sms.provider';

const RETRY_PRIMARY_AFTER_MS = 150;

/** Two real SMPP gateways (the local sink twice), the primary made to fail on demand. */
describe('FailoverSmsProvider (primary and secondary local SMPP sinks)', () => {
  let primarySink: RunningSmppSink;
  let secondarySink: RunningSmppSink;
  let provider: FailoverSmsProvider;
  const smpp = (sink: RunningSmppSink, timeoutMs = 5_000) =>
    new SmppSmsProvider({
      host: '127.0.0.1',
      port: sink.port,
      systemId: 'relief',
      password: 'relief',
      sender: 'RELIEF',
      timeoutMs,
    });
  let n = 0;
  const sms = () => ({ notificationId: `f${++n}`, to: `+7701200${1000 + n}`, text: `m${n}` });

  beforeEach(async () => {
    primarySink = await startSmppSink({ port: 0 });
    secondarySink = await startSmppSink({ port: 0 });
    provider = new FailoverSmsProvider(smpp(primarySink), smpp(secondarySink), {
      threshold: 2,
      retryPrimaryAfterMs: RETRY_PRIMARY_AFTER_MS,
    });
  });

  afterEach(async () => {
    await provider.close();
    await Promise.all([primarySink.stop(), secondarySink.stop()]);
  });

  it('sends on the primary while it works', async () => {
    expect((await provider.send(sms())).provider).toBe('smpp:primary');
    expect(primarySink.messages).toHaveLength(1);
    expect(secondarySink.messages).toHaveLength(0);
  });

  it('a primary refusing binds: the secondary carries the traffic, then it comes back', async () => {
    primarySink.faults.refuseBinds = true;
    // Each refused bind moves its message over; the second opens the circuit.
    expect((await provider.send(sms())).provider).toBe('smpp:secondary');
    expect((await provider.send(sms())).provider).toBe('smpp:secondary');
    expect(provider.failedOver).toBe(true);
    expect(provider.circuitState()).toBe('open');
    const opened = Date.now();
    // Open: the primary is not even tried.
    expect((await provider.send(sms())).provider).toBe('smpp:secondary');
    expect(primarySink.stats.refusedBinds).toBe(2);
    expect(secondarySink.messages).toHaveLength(3);

    primarySink.faults.refuseBinds = false;
    // The circuit tries the primary again only after its pause (a clock, not a race).
    await new Promise((r) => setTimeout(r, RETRY_PRIMARY_AFTER_MS - (Date.now() - opened) + 20));
    expect((await provider.send(sms())).provider).toBe('smpp:primary');
    expect(provider.failedOver).toBe(false);
    expect(provider.circuitState()).toBe('closed');
    expect((await provider.send(sms())).provider).toBe('smpp:primary');
    expect(primarySink.messages).toHaveLength(2);
    expect(secondarySink.messages).toHaveLength(3);
  });

  it('names a receipt after the gateway that carried the part, as its Sent was named', async () => {
    const receipts: Receipt[] = [];
    provider.onReceipt((r) => receipts.push(r));
    primarySink.receipts.enabled = true;
    secondarySink.receipts.enabled = true;
    secondarySink.receipts.statOf = () => ({ stat: 'UNDELIV', err: '034' });
    // One refused bind moves that message over; the circuit stays closed for the next.
    primarySink.faults.refuseBinds = true;
    const second = await provider.send(sms());
    primarySink.faults.refuseBinds = false;
    const first = await provider.send(sms());
    await primarySink.until((s) => s.receiptsSent === 1, 'a receipt');
    await secondarySink.until((s) => s.receiptsSent === 1, 'a receipt');
    for (let i = 0; i < 50 && receipts.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(receipts.map((r) => [r.provider, r.providerMessageId, r.status, r.errorCode])).toEqual(
      expect.arrayContaining([
        ['smpp:primary', first.parts?.[0].providerMessageId, 'delivered', null],
        ['smpp:secondary', second.parts?.[0].providerMessageId, 'undeliverable', '034'],
      ]),
    );
  });

  it('a send in doubt on the primary is not sent again on the secondary', async () => {
    await provider.close();
    // No submit_sm_resp within 300 ms: in doubt.
    provider = new FailoverSmsProvider(smpp(primarySink, 300), smpp(secondarySink), {
      threshold: 2,
      retryPrimaryAfterMs: 60_000,
    });
    primarySink.faults.holdAnswers = true;
    const error = await provider.send(sms()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).inDoubt).toBe(true);
    expect(primarySink.messages).toHaveLength(1); // the primary did take it
    expect(secondarySink.messages).toHaveLength(0);
    // Timeouts count against the primary: a second one opens the circuit.
    await expect(provider.send(sms())).rejects.toMatchObject({ inDoubt: true });
    expect(provider.failedOver).toBe(true);
    expect((await provider.send(sms())).provider).toBe('smpp:secondary');
    expect(primarySink.messages).toHaveLength(2);
    expect(secondarySink.messages).toHaveLength(1);
  });

  it('throttled on the primary beyond its retries: the secondary carries it', async () => {
    await provider.close();
    provider = new FailoverSmsProvider(
      new SmppSmsProvider({
        host: '127.0.0.1',
        port: primarySink.port,
        systemId: 'relief',
        password: 'relief',
        sender: 'RELIEF',
        throttleBackoffMs: 1,
        throttleRetries: 1,
      }),
      smpp(secondarySink),
      { threshold: 5, retryPrimaryAfterMs: RETRY_PRIMARY_AFTER_MS },
    );
    primarySink.faults.throttleNext = 2;
    expect((await provider.send(sms())).provider).toBe('smpp:secondary');
    expect(primarySink.messages).toHaveLength(0);
    expect(secondarySink.messages).toHaveLength(1);
  });
});

/** A primary SMPP gateway with an HTTP gateway as the secondary. */
describe('FailoverSmsProvider (SMPP primary, HTTP secondary)', () => {
  let primarySink: RunningSmppSink;
  let gateway: Server;
  const posted: string[] = [];
  let provider: FailoverSmsProvider;

  beforeAll(async () => {
    primarySink = await startSmppSink({ port: 0 });
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const to = new URLSearchParams(body).get('To') ?? '';
        if (to.endsWith('0000')) return void res.writeHead(400).end('{"message":"invalid"}');
        posted.push(to);
        res.writeHead(201).end(JSON.stringify({ sid: `SM${posted.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    provider = new FailoverSmsProvider(
      new SmppSmsProvider({
        host: '127.0.0.1',
        port: primarySink.port,
        systemId: 'relief',
        password: 'relief',
        sender: 'RELIEF',
      }),
      new HttpSmsProvider({ url: `http://127.0.0.1:${port}`, account: 'a', token: 't', from: 'R' }),
      { threshold: 3, retryPrimaryAfterMs: 60_000 },
    );
  });

  afterAll(async () => {
    await provider.close();
    await primarySink.stop();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  });

  it('moves a message the primary refused to bind for to the HTTP gateway', async () => {
    primarySink.faults.refuseBinds = true;
    const sent = await provider.send({ notificationId: 'h1', to: '+77013334455', text: 'x' });
    expect(sent).toMatchObject({ providerMessageId: 'SM1', provider: 'http:secondary' });
    expect(posted).toEqual(['+77013334455']);
  });

  it('a permanent refusal is about the message: not moved over, and the circuit stays closed', async () => {
    const { port } = gateway.address() as AddressInfo;
    const httpFirst = new FailoverSmsProvider(
      new HttpSmsProvider({ url: `http://127.0.0.1:${port}`, account: 'a', token: 't', from: 'R' }),
      new SmppSmsProvider({
        host: '127.0.0.1',
        port: primarySink.port,
        systemId: 'relief',
        password: 'relief',
        sender: 'RELIEF',
      }),
      { threshold: 2, retryPrimaryAfterMs: 60_000 },
    );
    primarySink.faults.refuseBinds = false;
    const before = primarySink.messages.length;
    try {
      for (const i of [1, 2, 3]) {
        await expect(
          httpFirst.send({ notificationId: `p${i}`, to: '+77010000000', text: 'x' }),
        ).rejects.toMatchObject({ permanent: true });
      }
      expect(httpFirst.failedOver).toBe(false);
      expect(primarySink.messages).toHaveLength(before);
      const sent = await httpFirst.send({ notificationId: 'p4', to: '+77016667788', text: 'x' });
      expect(sent.provider).toBe('http:primary');
    } finally {
      await httpFirst.close();
    }
  });
});
