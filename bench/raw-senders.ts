/**
 * The raw delivery baseline, run as a child process of `npm run bench` (as the notification
 * service is one process of its own): a bare SMPP client (npm `smpp`, one bind, the same window)
 * and a bare nodemailer pool (the same pool size) pushing the same number and mix of messages
 * as the fan-out into the same SMPP and SMTP peers, both at once. No database, no ledger, no
 * rendering: what the peers take from one Node process. The peers (in the bench process) time
 * the arrivals; this process reports when it started and what failed.
 *
 * Input: one JSON argument (RawSendersInput). Output: one JSON line on stdout (RawSendersOutput).
 */
import { createTransport } from 'nodemailer';
import { connect, type PDU, type Session } from 'smpp';
// The same SMS encoding and splitting as the service.
import { splitSms } from '../apps/notification-service/src/delivery/sms-parts';

export interface RawMessage {
  subject: string | null;
  text: string;
  html: string | null;
}

export interface RawSendersInput {
  count: number;
  smpp: { host: string; port: number; window: number; sender: string };
  smtp: { host: string; port: number; connections: number; messagesPerConnection: number };
  /** SMS texts and emails, used in turn (one per language, as the fan-out's subscribers). */
  sms: string[];
  emails: RawMessage[];
  /** Recipient i is `${phonePrefix}${i padded to 7}` and `raw${i}@${emailDomain}`. */
  phonePrefix: string;
  emailDomain: string;
}

export interface RawSendersOutput {
  startedAt: number;
  /** This process's own CPU (user + system) and peak RSS, as it ends. */
  cpuSeconds: number;
  peakRssMiB: number;
  sms: { doneAt: number; sent: number; parts: number; errors: number };
  email: { doneAt: number; sent: number; errors: number };
}

function bind(host: string, port: number): Promise<Session> {
  return new Promise((resolve, reject) => {
    const session = connect({ host, port });
    session.on('error', reject);
    session.on('connect', () =>
      session.bind_transmitter({ system_id: 'relief', password: 'relief' }, (pdu: PDU) =>
        pdu.command_status === 0
          ? resolve(session)
          : reject(new Error(`bind refused 0x${pdu.command_status.toString(16)}`)),
      ),
    );
  });
}

async function sendSms(input: RawSendersInput): Promise<RawSendersOutput['sms']> {
  const session = await bind(input.smpp.host, input.smpp.port);
  let sent = 0;
  let parts = 0;
  let errors = 0;
  let reference = 0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (inFlight >= input.smpp.window) await new Promise<void>((r) => waiting.push(r));
    inFlight++;
  };
  const submit = (fields: Record<string, unknown>) =>
    new Promise<PDU>((resolve) => {
      session.submit_sm(fields, (pdu: PDU) => {
        inFlight--;
        waiting.shift()?.();
        resolve(pdu);
      });
    });
  // Like the service: a message's parts go one after another, messages side by side.
  const one = async (i: number) => {
    reference = (reference + 1) % 256;
    const text = input.sms[i % input.sms.length];
    let ok = true;
    for (const part of splitSms(text, reference)) {
      await slot();
      const pdu = await submit({
        source_addr_ton: 5,
        source_addr_npi: 0,
        source_addr: input.smpp.sender,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: `${input.phonePrefix}${String(i).padStart(7, '0')}`.replace(/^\+/, ''),
        esm_class: part.hasUdh ? 0x40 : 0,
        data_coding: part.dataCoding,
        registered_delivery: 1,
        short_message: part.shortMessage,
      });
      parts++;
      if (pdu.command_status !== 0) ok = false;
    }
    if (ok) sent++;
    else errors++;
  };
  // At most window × 2 messages started at once: enough to keep the window full.
  let next = 0;
  const worker = async () => {
    while (next < input.count) await one(next++);
  };
  await Promise.all(Array.from({ length: input.smpp.window * 2 }, worker));
  const doneAt = Date.now();
  await new Promise<void>((resolve) => session.unbind({}, () => resolve()));
  session.close();
  return { doneAt, sent, parts, errors };
}

async function sendEmail(input: RawSendersInput): Promise<RawSendersOutput['email']> {
  const transport = createTransport({
    pool: true,
    maxConnections: input.smtp.connections,
    maxMessages: input.smtp.messagesPerConnection,
    host: input.smtp.host,
    port: input.smtp.port,
    secure: false,
  });
  let sent = 0;
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < input.count) {
      const i = next++;
      const mail = input.emails[i % input.emails.length];
      try {
        await transport.sendMail({
          from: 'Relief notifications <notifications@relief.local>',
          to: `raw${i}@${input.emailDomain}`,
          subject: mail.subject ?? '',
          text: mail.text,
          html: mail.html ?? undefined,
        });
        sent++;
      } catch {
        errors++;
      }
    }
  };
  // The pool sends one message per connection at a time; twice as many waiting keeps it full.
  await Promise.all(Array.from({ length: input.smtp.connections * 2 }, worker));
  const doneAt = Date.now();
  transport.close();
  return { doneAt, sent, errors };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as RawSendersInput;
  const startedAt = Date.now();
  const [sms, email] = await Promise.all([sendSms(input), sendEmail(input)]);
  const cpu = process.cpuUsage();
  const output: RawSendersOutput = {
    startedAt,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    sms,
    email,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
