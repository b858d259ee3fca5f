import { createHash } from 'node:crypto';
import { connect, type PDU, type Session } from 'smpp';
import { DeliveryError } from '../delivery-policy';
import { receiptOfDeliverSm } from '../smpp-receipt';
import { splitSms } from '../sms-parts';
import type { InboundSms, OutgoingSms, Receipt, Sent, SentPart, SmsProvider } from './providers';

export interface SmppSettings {
  host: string;
  port: number;
  systemId: string;
  password: string;
  sender: string;
  /**
   * `transmitter` (default): submits on bind_transmitter sessions and, when someone listens for
   * receipts, takes them on a separate bind_receiver session (SMPP 3.4 §2.2). `transceiver`:
   * bind_transceiver sessions for both, for SMSCs that offer it.
   */
  bind?: 'transmitter' | 'transceiver';
  /** Submitting sessions to spread sends over (default 1); the SMSC contract says how many. */
  binds?: number;
  /** submit_sm awaiting their submit_sm_resp at once on one bind (default 10). */
  window?: number;
  /** How long to wait for a submit_sm_resp or an enquire_link_resp (default 10 s). */
  timeoutMs?: number;
  /** enquire_link period on an idle-looking link (default 30 s); unanswered: the link is dropped. */
  enquireLinkMs?: number;
  /** First pause of a bind answered ESME_RTHROTTLED/ESME_RMSGQFUL, doubled on repeats (default 500 ms). */
  throttleBackoffMs?: number;
  /** Resubmissions of one throttled part before the send fails as transient (default 5). */
  throttleRetries?: number;
  /** Named in Sent.provider (default 'smpp'). */
  name?: string;
}

type BindCommand = 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver';

// SMPP 3.4 command_status values worth waiting out; every other error is about the message.
const TRANSIENT_STATUSES = new Set([
  0x08, // ESME_RSYSERR
  0x14, // ESME_RMSGQFUL
  0x58, // ESME_RTHROTTLED
  0x64, // ESME_RX_T_APPN
]);
// The SMSC asks us to slow down: the bind pauses and the same part goes again.
const SLOW_DOWN = new Set([0x14, 0x58]);
// The pause doubles at most this many times (500 ms → 16 s).
const MAX_DOUBLINGS = 5;

/** One submitting session and its window. */
interface Lane {
  session: Promise<Session> | null;
  /** Messages assigned to it and not finished: what spreading looks at. */
  sends: number;
  /** submit_sm written and not answered. */
  inFlight: number;
  /** Parts waiting for a free slot in the window. */
  waiting: (() => void)[];
  /** Throttled: nothing is submitted on it before this instant (ms). */
  pausedUntil: number;
  /** Throttled answers in a row (each after the last pause ended), for the backoff. */
  throttles: number;
}

/**
 * SMPP 3.4 over lazily bound sessions, rebound after a lost connection: `binds` submitting
 * sessions with up to `window` submit_sm in flight each (callers send concurrently; each message
 * goes on the least busy bind), and (in transmitter mode) one receiver session for delivery
 * receipts (deliver_sm). A throttled bind pauses with a doubling backoff and the refused part is
 * submitted again, a bounded number of times. Each session is kept alive with enquire_link.
 * Long or non-GSM texts: see sms-parts.ts (UCS-2, concatenated parts with a UDH).
 */
export class SmppSmsProvider implements SmsProvider {
  private readonly lanes: Lane[];
  private next = 0;
  private closed = false;
  private receiverSession: Promise<Session> | null = null;
  private reference = Math.floor(Math.random() * 256);
  private receiptListener: ((receipt: Receipt) => void) | null = null;
  private inboundListener: ((sms: InboundSms) => Promise<void>) | null = null;
  /** Rejects each unanswered submit_sm of a session at once when its connection closes. */
  private readonly unanswered = new Map<Session, Set<(error: Error) => void>>();

  constructor(private readonly settings: SmppSettings) {
    this.lanes = Array.from({ length: Math.max(1, settings.binds ?? 1) }, () => ({
      session: null,
      sends: 0,
      inFlight: 0,
      waiting: [],
      pausedUntil: 0,
      throttles: 0,
    }));
  }

  onReceipt(listener: (receipt: Receipt) => void): void {
    this.receiptListener = listener;
  }

  /**
   * Mobile-originated texts come on the receiving session, which is bound now (not at the
   * first send, as for receipts alone) and again whenever it is lost.
   */
  onInbound(listener: (sms: InboundSms) => Promise<void>): void {
    this.inboundListener = listener;
    this.ensureReceiver();
  }

  async send(sms: OutgoingSms): Promise<Sent> {
    const lane = this.pick();
    lane.sends++;
    try {
      // Bind before anything else: a refused bind is surely not a sent message.
      await this.bound(lane);
      this.ensureReceiver();
      this.reference = (this.reference + 1) % 256;
      const parts = splitSms(sms.text, this.reference);
      const ids: SentPart[] = [];
      for (const part of parts) {
        const fields = {
          source_addr_ton: 5, // alphanumeric sender
          source_addr_npi: 0,
          source_addr: this.settings.sender,
          dest_addr_ton: 1, // international
          dest_addr_npi: 1, // E.164
          destination_addr: sms.to.replace(/^\+/, ''),
          esm_class: part.hasUdh ? 0x40 : 0,
          data_coding: part.dataCoding,
          registered_delivery: 1,
          short_message: part.shortMessage,
        };
        const response = await this.submitPart(lane, fields, ids.length > 0);
        if (response.command_status !== 0) {
          const status = `0x${response.command_status.toString(16).padStart(2, '0')}`;
          if (ids.length > 0) {
            throw new DeliveryError(
              `SMPP: part ${ids.length + 1}/${parts.length} refused (${status})`,
              false,
              { inDoubt: true },
            );
          }
          throw new DeliveryError(
            `SMPP: submit_sm refused (${status})`,
            !TRANSIENT_STATUSES.has(response.command_status),
          );
        }
        ids.push({ providerMessageId: String(response.message_id), submittedAt: new Date() });
      }
      return {
        providerMessageId: ids
          .map((p) => p.providerMessageId)
          .join(',')
          .slice(0, 200),
        provider: this.name,
        parts: ids,
      };
    } finally {
      lane.sends--;
    }
  }

  private get name(): string {
    return this.settings.name ?? 'smpp';
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.lanes.map((lane) => lane.session), this.receiverSession];
    for (const lane of this.lanes) lane.session = null;
    this.receiverSession = null;
    await Promise.all(pending.map((session) => this.unbind(session)));
  }

  /** The least busy bind that is not paused, taking turns among equals. */
  private pick(): Lane {
    const now = Date.now();
    let best: Lane | null = null;
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[(this.next + i) % this.lanes.length];
      const rank = (l: Lane) => (l.pausedUntil > now ? 1_000_000 : 0) + l.sends;
      if (!best || rank(lane) < rank(best)) best = lane;
    }
    this.next = (this.next + 1) % this.lanes.length;
    return best ?? this.lanes[0];
  }

  /**
   * One part, resubmitted on throttling after the bind's pause. After earlier parts were taken,
   * any failure leaves the message in doubt (those parts reached phones).
   */
  private async submitPart(
    lane: Lane,
    fields: Record<string, unknown>,
    laterPart: boolean,
  ): Promise<PDU> {
    for (let attempt = 0; ; attempt++) {
      await this.acquire(lane);
      let response: PDU;
      try {
        const pending = this.bound(lane);
        const session = await pending.catch((error: unknown) => {
          if (!laterPart) throw error;
          throw new DeliveryError(`SMPP: ${(error as Error).message}`, false, {
            inDoubt: true,
            cause: error,
          });
        });
        response = await this.submit(session, fields, () => {
          if (lane.session === pending) lane.session = null;
        }).catch((error: unknown) => {
          // No answer: the SMSC may have taken it. Parts already accepted make a resend duplicate.
          throw new DeliveryError(`SMPP: ${(error as Error).message}`, false, {
            inDoubt: true,
            cause: error,
          });
        });
      } finally {
        this.release(lane);
      }
      if (!SLOW_DOWN.has(response.command_status)) {
        if (response.command_status === 0) lane.throttles = 0;
        return response;
      }
      this.pause(lane);
      if (attempt >= (this.settings.throttleRetries ?? 5)) return response;
    }
  }

  /** Throttled: no submit on this bind for a while, longer each time it happens again. */
  private pause(lane: Lane): void {
    const now = Date.now();
    // Answers to parts sent before the pause began do not lengthen it.
    if (lane.pausedUntil > now) return;
    const base = this.settings.throttleBackoffMs ?? 500;
    lane.pausedUntil = now + base * 2 ** Math.min(lane.throttles, MAX_DOUBLINGS);
    lane.throttles++;
  }

  /** A slot in the bind's window, once the bind is not paused. */
  private async acquire(lane: Lane): Promise<void> {
    const window = Math.max(1, this.settings.window ?? 10);
    for (;;) {
      const wait = lane.pausedUntil - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else if (lane.inFlight >= window) await new Promise<void>((r) => lane.waiting.push(r));
      else break;
    }
    lane.inFlight++;
  }

  private release(lane: Lane): void {
    lane.inFlight--;
    lane.waiting.shift()?.();
  }

  private async unbind(pending: Promise<Session> | null): Promise<void> {
    const session = pending ? await pending.catch(() => null) : null;
    if (!session) return;
    await new Promise<void>((resolve) => {
      // An SMSC that does not answer unbind within 2 s gets the connection dropped.
      const timer = setTimeout(() => session.destroy(() => resolve()), 2_000);
      const written = session.unbind({}, () => {
        clearTimeout(timer);
        session.close(() => resolve());
      });
      if (!written) {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private submit(
    session: Session,
    fields: Record<string, unknown>,
    onNotWritable: () => void,
  ): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const unanswered = this.unanswered.get(session);
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        unanswered?.delete(fail);
        finish();
      };
      const fail = (error: Error) => settle(() => reject(error));
      const timer = setTimeout(
        () => fail(new Error('no submit_sm_resp in time')),
        this.settings.timeoutMs ?? 10_000,
      );
      unanswered?.add(fail);
      const written = session.submit_sm(fields, (pdu) => settle(() => resolve(pdu)));
      if (!written) {
        onNotWritable();
        fail(new Error('SMPP connection not writable'));
      }
    });
  }

  /** The lane's submitting session, bound once; a lost connection is rebound on the next send. */
  private bound(lane: Lane): Promise<Session> {
    if (lane.session) return lane.session;
    const command = this.settings.bind === 'transceiver' ? 'bind_transceiver' : 'bind_transmitter';
    const attempt = this.open(command, () => {
      if (lane.session === attempt) lane.session = null;
    });
    lane.session = attempt;
    return attempt;
  }

  /**
   * In transmitter mode, receipts and inbound texts come on a receiver session (in transceiver
   * mode, on the first submitting one). A failed bind is retried on the next send, and, when
   * inbound texts are awaited, after a pause.
   */
  private ensureReceiver(): void {
    if (!this.receiptListener && !this.inboundListener) return;
    if (this.settings.bind === 'transceiver') {
      if (this.inboundListener && !this.lanes[0].session)
        this.rebindLater(this.bound(this.lanes[0]));
      return;
    }
    if (this.receiverSession) return;
    const attempt = this.open('bind_receiver', () => {
      if (this.receiverSession === attempt) this.receiverSession = null;
      if (this.inboundListener && !this.closed)
        setTimeout(() => this.ensureReceiver(), 2_000).unref();
    });
    this.receiverSession = attempt;
    if (this.inboundListener) this.rebindLater(attempt);
  }

  private rebindLater(attempt: Promise<Session>): void {
    attempt.catch(() => {
      if (!this.closed) setTimeout(() => this.ensureReceiver(), 2_000).unref();
    });
  }

  /**
   * A deliver_sm that is not a receipt. Its id: the SMSC's message id when it gives one
   * (`receipted_message_id`), else a digest of sender, number and text, so a redelivery of the
   * same text is recognised (a person sending the very same text twice is recorded once).
   */
  private inbound(pdu: PDU): InboundSms {
    const from = `+${(typeof pdu.source_addr === 'string' ? pdu.source_addr : '').replace(/^\+/, '')}`;
    const field = (pdu.message_payload ?? pdu.short_message) as
      { message: string | Buffer } | string | Buffer | undefined;
    const message =
      field === undefined || typeof field === 'string' || Buffer.isBuffer(field)
        ? field
        : field.message;
    const text = typeof message === 'string' ? message : (message?.toString('latin1') ?? '');
    const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : '';
    const gatewayMessageId =
      tlvId ||
      `sha256:${createHash('sha256')
        .update(`${from}\n${String(pdu.destination_addr)}\n${text}`)
        .digest('hex')}`;
    return { provider: this.name, gatewayMessageId, from, text };
  }

  private open(command: BindCommand, onGone: () => void): Promise<Session> {
    const attempt = new Promise<Session>((resolve, reject) => {
      const session = connect({ host: this.settings.host, port: this.settings.port });
      const unanswered = new Set<(error: Error) => void>();
      this.unanswered.set(session, unanswered);
      let keepalive: NodeJS.Timeout | undefined;
      const gone = () => {
        clearInterval(keepalive);
        onGone();
        this.unanswered.delete(session);
        for (const fail of [...unanswered])
          fail(new Error('connection lost before submit_sm_resp'));
      };
      const fail = (error: Error) => {
        gone();
        reject(new DeliveryError(`SMPP: ${error.message}`, false, { cause: error }));
      };
      session.on('error', fail);
      session.on('close', gone);
      session.on('deliver_sm', (pdu: PDU) => {
        if (receiptOfDeliverSm(pdu) || !this.inboundListener) {
          session.send(pdu.response());
          this.receipt(pdu);
          return;
        }
        // Answered once stored: a refusal (ESME_RX_T_APPN) makes the SMSC deliver it again.
        this.inboundListener(this.inbound(pdu)).then(
          () => session.send(pdu.response()),
          () => session.send(pdu.response({ command_status: 0x64 })),
        );
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('connect', () => {
        session[command](
          { system_id: this.settings.systemId, password: this.settings.password },
          (pdu) => {
            if (pdu.command_status === 0) {
              keepalive = this.keepAlive(session);
              resolve(session);
            } else {
              session.destroy();
              fail(new Error(`${command} refused (0x${pdu.command_status.toString(16)})`));
            }
          },
        );
      });
    });
    attempt.catch(() => undefined);
    return attempt;
  }

  /**
   * enquire_link every `enquireLinkMs`: keeps NATs and the SMSC's idle timer from closing the
   * link, and a link that does not answer is dropped, so the next send rebinds instead of
   * waiting for a dead socket.
   */
  private keepAlive(session: Session): NodeJS.Timeout {
    const timer = setInterval(() => {
      const deadline = setTimeout(() => session.destroy(), this.settings.timeoutMs ?? 10_000);
      const written = session.enquire_link({}, () => clearTimeout(deadline));
      if (!written) clearTimeout(deadline);
    }, this.settings.enquireLinkMs ?? 30_000);
    timer.unref();
    return timer;
  }

  /** A delivery receipt (see smpp-receipt.ts); other deliver_sm (mobile-originated) are ignored. */
  private receipt(pdu: PDU): void {
    const receipt = this.receiptListener ? receiptOfDeliverSm(pdu) : null;
    if (receipt) this.receiptListener?.({ ...receipt, provider: this.name });
  }
}
