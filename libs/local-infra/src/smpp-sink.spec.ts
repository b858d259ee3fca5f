import { connect as netConnect } from 'node:net';
import { connect, type PDU, type Session } from 'smpp';
import { startSmppSink, type RunningSmppSink } from './smpp-sink';

/** The sink's faults on demand, seen from a plain SMPP client. */
describe('SMPP sink faults', () => {
  let sink: RunningSmppSink;
  const sessions: Session[] = [];

  const bind = async (): Promise<{ session: Session; status: number }> => {
    const session = connect({ host: '127.0.0.1', port: sink.port });
    sessions.push(session);
    await new Promise<void>((resolve) => session.on('connect', () => resolve()));
    const answer = await new Promise<PDU>((resolve) =>
      session.bind_transmitter({ system_id: 'relief', password: 'relief' }, resolve),
    );
    return { session, status: answer.command_status };
  };
  const submit = (session: Session, to: string) =>
    new Promise<PDU>((resolve) =>
      session.submit_sm(
        { source_addr_ton: 5, source_addr: 'RELIEF', destination_addr: to, short_message: 'hi' },
        resolve,
      ),
    );

  beforeEach(async () => {
    sink = await startSmppSink({ port: 0 });
  });

  afterEach(async () => {
    sessions.splice(0).forEach((s) => s.destroy());
    await sink.stop();
  });

  it('refuses binds with ESME_RBINDFAIL while asked to, then accepts them again', async () => {
    sink.faults.refuseBinds = true;
    expect((await bind()).status).toBe(0x0d);
    sink.faults.refuseBinds = false;
    expect((await bind()).status).toBe(0);
    expect(sink.stats).toMatchObject({ refusedBinds: 1, binds: ['bind_transmitter'] });
  });

  it('throttles the next submits, taking none of them, then takes the rest', async () => {
    const { session } = await bind();
    sink.faults.throttleNext = 2;
    const answers = await Promise.all(
      ['1', '2', '3'].map((n) => submit(session, `7701000000${n}`)),
    );
    expect(answers.map((a) => a.command_status)).toEqual([0x58, 0x58, 0]);
    expect(sink.messages.map((m) => m.to)).toEqual(['+77010000003']);
    expect(sink.stats.submitsPerSession).toEqual([1]);
  });

  it('sends a receipt per part on the receiver session, with the stat chosen for each part', async () => {
    sink.receipts.enabled = true;
    sink.receipts.statOf = (part) =>
      part.index === 2 ? { stat: 'UNDELIV', err: '034' } : { stat: 'DELIVRD' };
    const { session } = await bind();
    // Receipts wait for a session that can take them: bound as receiver after the submits.
    const receiver = connect({ host: '127.0.0.1', port: sink.port });
    sessions.push(receiver);
    const connected = new Promise<void>((resolve) => receiver.on('connect', () => resolve()));
    const receipts: PDU[] = [];
    receiver.on('deliver_sm', (pdu: PDU) => {
      receipts.push(pdu);
      receiver.send(pdu.response());
    });
    const ids: string[] = [];
    for (const index of [1, 2]) {
      const answer = await new Promise<PDU>((resolve) =>
        session.submit_sm(
          {
            source_addr: 'RELIEF',
            destination_addr: '77012345678',
            esm_class: 0x40,
            short_message: {
              udh: Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, index]),
              message: `part ${index}`,
            },
          },
          resolve,
        ),
      );
      ids.push(String(answer.message_id));
    }
    await connected;
    await new Promise<PDU>((resolve) =>
      receiver.bind_receiver({ system_id: 'relief', password: 'relief' }, resolve),
    );
    await sink.until((s) => s.receiptsSent === 2, '2 receipts');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const texts = receipts.map((r) => (r.short_message as { message: string }).message);
    expect(receipts.map((r) => r.receipted_message_id)).toEqual(ids);
    expect(receipts.map((r) => [r.esm_class, r.message_state])).toEqual([
      [0x04, 2],
      [0x04, 5],
    ]);
    expect(texts[0]).toMatch(
      new RegExp(
        `^id:${ids[0]} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:part 1$`,
      ),
    );
    expect(texts[1]).toContain('stat:UNDELIV err:034');
    expect(sink.messages.map((m) => [m.text, m.parts])).toEqual([['part 1part 2', 2]]);
  });

  it('holds answers back until released, counting what is in flight', async () => {
    const { session } = await bind();
    sink.faults.holdAnswers = true;
    const answers = Promise.all(['1', '2'].map((n) => submit(session, `7701000000${n}`)));
    await sink.until((s) => s.inFlight === 2, '2 in flight');
    expect(sink.messages).toHaveLength(2); // taken, not answered
    sink.releaseAnswers();
    expect((await answers).map((a) => a.command_status)).toEqual([0, 0]);
    expect(sink.stats).toMatchObject({ inFlight: 0, maxInFlight: 2 });
  });
});

/** POST /api/sms/inbound: a phone texting the platform, sent on to the bound ESME. */
describe('SMPP sink inbound form', () => {
  let sink: RunningSmppSink;
  let receiver: Session;

  beforeEach(async () => {
    sink = await startSmppSink({ port: 0, webPort: 0 });
  });

  afterEach(async () => {
    receiver?.destroy();
    await sink.stop();
  });

  const post = (body: string) =>
    fetch(`${sink.urls['SMS inbox']}/api/sms/inbound`, { method: 'POST', body });

  it('sends the text as a mobile-originated deliver_sm and answers with the ESME status', async () => {
    receiver = connect({ host: '127.0.0.1', port: sink.port });
    const delivered: PDU[] = [];
    receiver.on('deliver_sm', (pdu: PDU) => {
      delivered.push(pdu);
      receiver.send(pdu.response());
    });
    await new Promise<void>((resolve) => receiver.on('connect', () => resolve()));
    await new Promise<PDU>((resolve) =>
      receiver.bind_receiver({ system_id: 'relief', password: 'relief' }, resolve),
    );
    const answer = await post(JSON.stringify({ from: '+77015550815', text: 'ЖИНАҚ', id: 'mo-1' }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ commandStatus: 0 });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      source_addr: '77015550815',
      esm_class: 0,
      receipted_message_id: 'mo-1',
    });
  });

  it('refuses a body that is not a text from a phone (400), and GET (405)', async () => {
    for (const body of ['not json', '{}', JSON.stringify({ from: 'RELIEF', text: 'x' })]) {
      expect((await post(body)).status).toBe(400);
    }
    const tooLong = JSON.stringify({ from: '+77015550815', text: 'x'.repeat(1001) });
    expect((await post(tooLong)).status).toBe(400);
    const get = await fetch(`${sink.urls['SMS inbox']}/api/sms/inbound`);
    expect(get.status).toBe(405);
  });
});

describe('SMPP sink listen address', () => {
  const reachable = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = netConnect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });

  it('listens on listenHost only (0.0.0.0 in a container), 127.0.0.1 by default', async () => {
    const elsewhere = await startSmppSink({ port: 0, webPort: 0, listenHost: '127.0.0.2' });
    const byDefault = await startSmppSink({ port: 0 });
    try {
      expect(await reachable('127.0.0.2', elsewhere.port)).toBe(true);
      expect(await reachable('127.0.0.1', elsewhere.port)).toBe(false);
      expect(await reachable('127.0.0.1', byDefault.port)).toBe(true);
      expect(await reachable('127.0.0.2', byDefault.port)).toBe(false);
    } finally {
      await elsewhere.stop();
      await byDefault.stop();
    }
  });
});
