/**
 * Real SMTP and SMPP servers (the tests' recording SMTP server and the SMPP sink `npm start` runs,
 * on free ports) that timestamp what they receive, and match every message to the incident it
 * announces by the incident's reference, which leads every SMS and every subject of the
 * notification-service's templates.
 */
import { startLocalSinks, type StartedSinks, smppSink } from '@relief/local-infra';
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

export class DeliveryTracker {
  private readonly tracked = new Map<string, Tracked>();
  /** Arrivals for references not (yet) expected: an answer processed late, or not ours. */
  private readonly early = new Map<string, Arrivals>();
  private sinks?: StartedSinks;
  unmatched = 0;
  totalSms = 0;
  totalMails = 0;

  /** SMTP_*, SMS_PROVIDER and SMPP_* settings for the notification-service. */
  get env(): Record<string, string> {
    if (!this.sinks) throw new Error('DeliveryTracker not started');
    return this.sinks.env;
  }

  async start(): Promise<void> {
    this.sinks = await startLocalSinks([
      recordingSmtp((mail) => this.arrived('mail', Date.parse(mail.at), mail.subject)),
      smppSink({ port: 0, onSms: (sms) => this.arrived('sms', Date.parse(sms.at), sms.text) }),
    ]);
  }

  async stop(): Promise<void> {
    const sinks = this.sinks;
    this.sinks = undefined;
    await sinks?.stopAll();
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

  private arrived(channel: 'sms' | 'mail', at: number, text: string): void {
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
