/**
 * Local mail catcher: an SMTP server (127.0.0.1:1025) that keeps the last messages in memory and
 * a tiny inbox page (http://127.0.0.1:1080, JSON at /messages). Nothing leaves the machine.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { LocalSink, RunningSink } from './sinks';

export interface CaughtMail {
  at: string;
  from: string;
  to: string[];
  subject: string;
  raw: string;
}

const KEEP = 200;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ENCODED_WORD = /=\?[^?]+\?([BQ])\?([^?]*)\?=/gi;
/** A run of encoded words, with the whitespace between them (which RFC 2047 says to drop). */
const ENCODED_RUN = /=\?[^?]+\?[BQ]\?[^?]*\?=(?:\s+=\?[^?]+\?[BQ]\?[^?]*\?=)*/gi;

/** The bytes of one RFC 2047 word: base64 (B) or quoted-printable with `_` for space (Q). */
function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  return Buffer.from(
    text
      .replace(/_/g, ' ')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

/**
 * Subject header with RFC 2047 words decoded, as nodemailer writes non-ASCII: base64 or
 * quoted-printable words, a character's bytes possibly split across adjacent words.
 */
export function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(ENCODED_RUN, (run) =>
      Buffer.concat(
        [...run.matchAll(ENCODED_WORD)].map(([, encoding, text]) => wordBytes(encoding, text)),
      ).toString('utf8'),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Port 0 picks a free port (tests); `onMail` sees every message as it arrives. */
export function mailCatcher(
  smtpPort = 1025,
  webPort = 1080,
  onMail?: (mail: CaughtMail) => void,
): LocalSink {
  return {
    name: 'mail catcher',
    async start(): Promise<RunningSink> {
      const mails: CaughtMail[] = [];
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            const mail: CaughtMail = {
              at: new Date().toISOString(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: subjectOf(raw),
              raw,
            };
            mails.unshift(mail);
            mails.length = Math.min(mails.length, KEEP);
            onMail?.(mail);
            callback();
          });
        },
      });
      const web: Server = createServer((req, res) => {
        if (req.url === '/messages') {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(mails));
          return;
        }
        const items = mails
          .map(
            (m) =>
              `<details><summary>${escapeHtml(m.at)} — ${escapeHtml(m.to.join(', '))} — <b>${escapeHtml(m.subject)}</b></summary><pre>${escapeHtml(m.raw)}</pre></details>`,
          )
          .join('\n');
        res
          .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Local inbox</title><h1>Local inbox (${mails.length})</h1>${items || '<p>No mail yet.</p>'}`,
          );
      });
      await new Promise<void>((resolve, reject) => {
        smtp.server.once('error', reject);
        smtp.listen(smtpPort, '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve, reject) => {
        web.once('error', reject);
        web.listen(webPort, '127.0.0.1', resolve);
      });
      const smtpAt = (smtp.server.address() as AddressInfo).port;
      const webAt = (web.address() as AddressInfo).port;
      return {
        env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpAt), SMTP_SECURE: 'false' },
        urls: {
          'mail inbox': `http://127.0.0.1:${webAt}`,
          'mail catcher (SMTP)': `127.0.0.1:${smtpAt}`,
        },
        stop: async () => {
          await new Promise<void>((resolve) => web.close(() => resolve()));
          await new Promise<void>((resolve) => smtp.close(() => resolve()));
        },
      };
    },
  };
}
