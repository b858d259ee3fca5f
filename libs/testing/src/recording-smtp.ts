/**
 * A recording SMTP server for tests and the benchmark: accepts everything on a free port and
 * hands each message (envelope, decoded subject, raw source) to `onMail`. `npm start` uses
 * MailDev instead (deploy/local/maildev.ts).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

import type { LocalSink, RunningSink } from '@relief/local-infra';

export interface CaughtMail {
  at: string;
  from: string;
  to: string[];
  subject: string;
  /** The text/plain body, its transfer encoding decoded (what the reader of the email sees). */
  text: string;
  raw: string;
}

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
  return (
    header
      .replace(/\r?\n[ \t]/g, ' ')
      .replace(ENCODED_RUN, (run) =>
        Buffer.concat(
          [...run.matchAll(ENCODED_WORD)].map(([, encoding, text]) => wordBytes(encoding, text)),
        ).toString('utf8'),
      )
      // Folding whitespace only: a no-break space (1 000 in ru/kk) is the subject's own character.
      .replace(/[ \t\r\n]+/g, ' ')
      .trim()
  );
}

/** One MIME entity's body decoded from its Content-Transfer-Encoding (UTF-8 text). */
function decodeBody(headers: string, body: string): string {
  const encoding = /^Content-Transfer-Encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const joined = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      const hex = joined[i] === '=' ? /^[0-9A-F]{2}/i.exec(joined.slice(i + 1))?.[0] : undefined;
      if (hex) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/**
 * The text/plain body of a message as nodemailer writes it (one part, or the text part of a
 * multipart/alternative), quoted-printable or base64 decoded, line ends as \n.
 */
export function textOf(raw: string): string {
  const split = (entity: string): [string, string] => {
    const at = entity.search(/\r?\n\r?\n/);
    if (at < 0) return [entity, ''];
    return [entity.slice(0, at), entity.slice(at).replace(/^\r?\n\r?\n/, '')];
  };
  const [headers, body] = split(raw);
  const unfolded = headers.replace(/\r?\n[ \t]/g, ' ');
  const boundary = /^Content-Type:\s*multipart\/[^;]+;.*boundary="?([^";\r\n]+)"?/im.exec(
    unfolded,
  )?.[1];
  if (!boundary) return decodeBody(unfolded, body).replace(/\r\n/g, '\n').trim();
  for (const part of body.split(`--${boundary}`).slice(1)) {
    const [partHeaders, partBody] = split(part.replace(/^\r?\n/, ''));
    if (/^Content-Type:\s*text\/plain/im.test(partHeaders)) {
      return decodeBody(partHeaders, partBody).replace(/\r\n/g, '\n').trim();
    }
  }
  return '';
}

/** Port 0 (the default) picks a free port. */
export function recordingSmtp(onMail: (mail: CaughtMail) => void, port = 0): LocalSink {
  return {
    name: 'recording SMTP server',
    async start(): Promise<RunningSink> {
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            onMail({
              at: new Date().toISOString(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: subjectOf(raw),
              text: textOf(raw),
              raw,
            });
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        smtp.server.once('error', reject);
        smtp.listen(port, '127.0.0.1', resolve);
      });
      // A client that drops its connection in the middle of a message (a sender killed with
      // SIGKILL, as the fault tests do) is an 'error' of the server: the half message is not
      // recorded, and the test goes on rather than dying of an unhandled event.
      smtp.on('error', () => undefined);
      const at = (smtp.server.address() as AddressInfo).port;
      return {
        env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(at), SMTP_SECURE: 'false' },
        urls: { 'recording SMTP server': `127.0.0.1:${at}` },
        stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
      };
    },
  };
}
