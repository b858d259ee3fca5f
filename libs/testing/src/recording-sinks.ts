/**
 * A real SMTP server and a real SMPP server (the SMPP one is the sink `npm start` runs) on free ports, that
 * keep every message they receive so a test can assert who was told what, and how many times.
 */

import { startLocalSinks, smppSink, type CaughtSms } from '@relief/local-infra';

import { recordingSmtp, type CaughtMail } from './recording-smtp';

export type { CaughtMail, CaughtSms };

export interface RecordingSinks {
  readonly mails: readonly CaughtMail[];
  readonly sms: readonly CaughtSms[];
  /** SMTP_*, SMS_PROVIDER and SMPP_* settings pointing the notification-service at the sinks. */
  readonly env: Record<string, string>;
  /** Resolves when `accept` holds for what arrived; fails with what did arrive after the timeout. */
  waitFor(
    accept: (received: { mails: readonly CaughtMail[]; sms: readonly CaughtSms[] }) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
  stop(): Promise<void>;
}

export async function startRecordingSinks(): Promise<RecordingSinks> {
  const mails: CaughtMail[] = [];
  const sms: CaughtSms[] = [];
  const started = await startLocalSinks([
    recordingSmtp((mail) => mails.push(mail)),
    smppSink({ port: 0, onSms: (message) => sms.push(message) }),
  ]);
  return {
    mails,
    sms,
    env: started.env,
    stop: () => started.stopAll(),
    waitFor: async (accept, what, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!accept({ mails, sms })) {
        if (Date.now() > deadline) {
          const seen = [
            ...mails.map((m) => `mail to ${m.to.join(',')}: ${m.subject}`),
            ...sms.map((s) => `sms to ${s.to}: ${s.text.slice(0, 60)}`),
          ];
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; received:\n${seen.join('\n')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}
