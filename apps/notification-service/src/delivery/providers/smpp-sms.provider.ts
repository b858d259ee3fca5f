import { connect, type PDU, type Session } from 'smpp';
import { DeliveryError } from '../delivery-policy';
import { splitSms } from '../sms-parts';
import type { OutgoingSms, Sent, SmsProvider } from './providers';

export interface SmppSettings {
  host: string;
  port: number;
  systemId: string;
  password: string;
  sender: string;
  /**
   * `transmitter` (default): submits on a bind_transmitter session and, when someone listens for
   * receipts, takes them on a second bind_receiver session (SMPP 3.4 §2.2). `transceiver`: one
   * bind_transceiver session for both, for SMSCs that offer it.
   */
  bind?: 'transmitter' | 'transceiver';
  timeoutMs?: number;
}

type BindCommand = 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver';

// SMPP 3.4 command_status values worth waiting out; every other error is about the message.
const TRANSIENT_STATUSES = new Set([
  0x08, // ESME_RSYSERR
  0x14, // ESME_RMSGQFUL
  0x58, // ESME_RTHROTTLED
  0x64, // ESME_RX_T_APPN
]);

/**
 * SMPP 3.4 over lazily bound sessions, rebound after a lost connection: one that submits, and
 * (in transmitter mode) one bound as receiver for delivery receipts (deliver_sm).
 * Long or non-GSM texts: see sms-parts.ts (UCS-2, concatenated parts with a UDH).
 */
export class SmppSmsProvider implements SmsProvider {
  private session: Promise<Session> | null = null;
  private receiverSession: Promise<Session> | null = null;
  private reference = Math.floor(Math.random() * 256);
  private receiptListener: ((providerMessageId: string, status: string) => void) | null = null;

  constructor(private readonly settings: SmppSettings) {}

  onReceipt(listener: (providerMessageId: string, status: string) => void): void {
    this.receiptListener = listener;
  }

  async send(sms: OutgoingSms): Promise<Sent> {
    const session = await this.bound();
    this.ensureReceiver();
    this.reference = (this.reference + 1) % 256;
    const parts = splitSms(sms.text, this.reference);
    const ids: string[] = [];
    for (const part of parts) {
      let response: PDU;
      try {
        response = await this.submit(session, {
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
        });
      } catch (error) {
        // No answer: the SMSC may have taken it. Parts already accepted make a resend duplicate.
        throw new DeliveryError(`SMPP: ${(error as Error).message}`, false, {
          inDoubt: true,
          cause: error,
        });
      }
      if (response.command_status !== 0) {
        const status = `0x${response.command_status.toString(16).padStart(2, '0')}`;
        if (ids.length > 0) {
          throw new DeliveryError(
            `SMPP: part ${ids.length + 1}/${parts.length} refused (${status})`,
            false,
            {
              inDoubt: true,
            },
          );
        }
        throw new DeliveryError(
          `SMPP: submit_sm refused (${status})`,
          !TRANSIENT_STATUSES.has(response.command_status),
        );
      }
      ids.push(String(response.message_id));
    }
    return { providerMessageId: ids.join(',').slice(0, 200) };
  }

  async close(): Promise<void> {
    const pending = [this.session, this.receiverSession];
    this.session = this.receiverSession = null;
    await Promise.all(pending.map((session) => this.unbind(session)));
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

  private submit(session: Session, fields: Record<string, unknown>): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no submit_sm_resp in time')),
        this.settings.timeoutMs ?? 10_000,
      );
      const written = session.submit_sm(fields, (pdu) => {
        clearTimeout(timer);
        resolve(pdu);
      });
      if (!written) {
        clearTimeout(timer);
        this.session = null;
        reject(new Error('SMPP connection not writable'));
      }
    });
  }

  /** The submitting session, bound once; a lost connection is rebound on the next send. */
  private bound(): Promise<Session> {
    if (this.session) return this.session;
    const command = this.settings.bind === 'transceiver' ? 'bind_transceiver' : 'bind_transmitter';
    const attempt = this.open(command, () => {
      if (this.session === attempt) this.session = null;
    });
    this.session = attempt;
    return attempt;
  }

  /** In transmitter mode, receipts come on a receiver session; a failed bind is retried on the next send. */
  private ensureReceiver(): void {
    if (this.settings.bind === 'transceiver' || !this.receiptListener || this.receiverSession)
      return;
    const attempt = this.open('bind_receiver', () => {
      if (this.receiverSession === attempt) this.receiverSession = null;
    });
    this.receiverSession = attempt;
  }

  private open(command: BindCommand, onGone: () => void): Promise<Session> {
    const attempt = new Promise<Session>((resolve, reject) => {
      const session = connect({
        host: this.settings.host,
        port: this.settings.port,
        auto_enquire_link_period: 30_000,
      });
      const fail = (error: Error) => {
        onGone();
        reject(new DeliveryError(`SMPP: ${error.message}`, false, { cause: error }));
      };
      session.on('error', fail);
      session.on('close', onGone);
      session.on('deliver_sm', (pdu: PDU) => {
        session.send(pdu.response());
        this.receipt(pdu);
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('connect', () => {
        session[command](
          { system_id: this.settings.systemId, password: this.settings.password },
          (pdu) => {
            if (pdu.command_status === 0) resolve(session);
            else {
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

  /** A delivery receipt's text: `id:<message id> sub:001 dlvrd:001 ... stat:DELIVRD err:000 ...`. */
  private receipt(pdu: PDU): void {
    const esm = Number(pdu.esm_class ?? 0);
    if ((esm & 0x04) === 0 || !this.receiptListener) return;
    const sm = pdu.short_message as { message?: string | Buffer } | undefined;
    const text =
      typeof sm?.message === 'string' ? sm.message : (sm?.message?.toString('latin1') ?? '');
    const id = /id:(\S+)/.exec(text)?.[1];
    const stat = /stat:(\S+)/.exec(text)?.[1];
    if (id && stat) this.receiptListener(id, stat);
  }
}
