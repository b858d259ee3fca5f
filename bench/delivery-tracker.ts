/**
 * Real SMTP and SMPP servers (the tests' recording SMTP server and the SMPP sink `npm start` runs,
 * on free ports) that timestamp what they receive, and match every message to the incident it
 * announces by the incident's reference, which leads every SMS and every subject of the
 * notification-service's templates.
 */
import { startSmppSink, type RunningSmppSink } from '@relief/local-infra';
// eslint-disable-next-line no-restricted-imports -- only this file, not the whole @relief/testing index (testcontainers ...)
import { recordingSmtp } from '../libs/testing/src/recording-smtp';

const REFERENCE = /\b[A-Z]{2}-\d{4}-[A-Z]{2}-[A-Z0-9]{2,4}-\d{4,}\b/;

interface Arrivals {
  sms: number;
  lastSmsAt: number;
  mails: number;
  lastMailAt: number;
}

export interface Tracked extends Arrivals {
  reference: string;
  /** When the filing was due (open loop: the scheduled send time). */
  filedAt: number;
  expectedSms: number;
  expectedMails: number;
}

/** One whole message as a peer received it (the fan-out phases count these by recipient). */
export interface Arrival {
  channel: 'sms' | 'mail';
  /** Which peer: the SMTP server, or the primary or secondary SMPP server. */
  peer: 'smtp' | 'primary' | 'secondary';
  at: number;
  to: string;
}

export class DeliveryTracker {
  private readonly tracked = new Map<string, Tracked>();
  /** Arrivals for references not (yet) expected: an answer processed late, or not ours. */
  private readonly early = new Map<string, Arrivals>();
  private smtp?: { env: Record<string, string>; stop(): Promise<void> };
  /** The SMSC the notification service submits to, and its failover gateway (faults on demand). */
  primary?: RunningSmppSink;
  secondary?: RunningSmppSink;
  private readonly listeners = new Set<(arrival: Arrival) => void>();
  unmatched = 0;
  totalSms = 0;
  totalMails = 0;

  /**
   * SMTP_*, SMS_PROVIDER and SMPP_* settings for the notification-service, with the secondary
   * SMPP server as its failover gateway (SMS_SECONDARY_PROVIDER=smpp).
   */
  get env(): Record<string, string> {
    if (!this.smtp || !this.primary || !this.secondary)
      throw new Error('DeliveryTracker not started');
    return {
      ...this.smtp.env,
      ...this.primary.env,
      SMS_SECONDARY_PROVIDER: 'smpp',
      SMPP_SECONDARY_HOST: '127.0.0.1',
      SMPP_SECONDARY_PORT: String(this.secondary.port),
    };
  }

  async start(): Promise<void> {
    try {
      this.smtp = await recordingSmtp((mail) =>
        this.arrived('mail', 'smtp', Date.parse(mail.at), mail.to[0] ?? '', mail.subject),
      ).start();
      for (const peer of ['primary', 'secondary'] as const) {
        this[peer] = await startSmppSink({
          port: 0,
          onSms: (sms) => this.arrived('sms', peer, Date.parse(sms.at), sms.to, sms.text),
        });
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const running = [this.secondary, this.primary, this.smtp];
    this.smtp = this.primary = this.secondary = undefined;
    for (const sink of running) await sink?.stop();
  }

  /** Sees every whole message any peer receives, until the returned function is called. */
  listen(listener: (arrival: Arrival) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets everything (a fresh platform restarts references at 0001). */
  reset(): void {
    this.tracked.clear();
    this.early.clear();
  }

  expect(reference: string, filedAt: number, expectedSms: number, expectedMails: number): Tracked {
    const early = this.early.get(reference);
    this.early.delete(reference);
    const entry: Tracked = {
      reference,
      filedAt,
      expectedSms,
      expectedMails,
      sms: early?.sms ?? 0,
      lastSmsAt: early?.lastSmsAt ?? 0,
      mails: early?.mails ?? 0,
      lastMailAt: early?.lastMailAt ?? 0,
    };
    this.tracked.set(reference, entry);
    return entry;
  }

  get(reference: string): Tracked | undefined {
    return this.tracked.get(reference);
  }

  private arrived(
    channel: 'sms' | 'mail',
    peer: Arrival['peer'],
    at: number,
    to: string,
    text: string,
  ): void {
    for (const listener of this.listeners) listener({ channel, peer, at, to });
    if (channel === 'sms') this.totalSms += 1;
    else this.totalMails += 1;
    const reference = REFERENCE.exec(text)?.[0];
    if (!reference) {
      this.unmatched += 1;
      return;
    }
    const entry: Arrivals =
      this.tracked.get(reference) ??
      this.early.get(reference) ??
      this.early.set(reference, { sms: 0, lastSmsAt: 0, mails: 0, lastMailAt: 0 }).get(reference)!;
    if (channel === 'sms') {
      entry.sms += 1;
      entry.lastSmsAt = Math.max(entry.lastSmsAt, at);
    } else {
      entry.mails += 1;
      entry.lastMailAt = Math.max(entry.lastMailAt, at);
    }
  }
}

export function complete(entry: Tracked): boolean {
  return entry.sms >= entry.expectedSms && entry.mails >= entry.expectedMails;
}
