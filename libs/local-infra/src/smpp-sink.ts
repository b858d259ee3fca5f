/**
 * Local SMSC stand-in: an SMPP server (127.0.0.1:2775) that accepts any bind, answers every
 * submit_sm with a message id and reassembles concatenated parts into whole texts; with a
 * `webPort`, it lists them on a page (http://127.0.0.1:1081, newest first) and as JSON
 * (GET /api/sms[?to=+7...], DELETE /api/sms clears), and POST /api/sms/inbound
 * { from, text, id? } sends a text from that phone to the platform (`sendInbound`: what the
 * demo's affected person texts). Tests start it with `startSmppSink` and
 * make it misbehave on demand (`faults`: refused binds, throttling, answers held back) while
 * `stats` shows what the ESME did (binds, submit_sm in flight per session). With `receipts`, it
 * sends a delivery receipt (deliver_sm, SMPP 3.4 Appendix B text and the receipted_message_id /
 * message_state TLVs) for every part it takes, on a receiver or transceiver session, with the
 * stat a test chooses for each part.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { createServer, type PDU, type Session } from 'smpp';
import type { LocalSink, RunningSink } from './sinks';

/** One whole SMS as the sink reassembled it. */
export interface CaughtSms {
  /** When its last part arrived. */
  at: string;
  /** Sender id as submitted (alphanumeric, or digits). */
  from: string;
  /** Destination as E.164 (`+` and digits). */
  to: string;
  text: string;
  parts: number;
  /** How the text travelled: GSM-7, UCS-2, Latin-1, or the data_coding in hex. */
  encoding: string;
}

export interface SmppSinkOptions {
  /** SMPP port; 0 picks a free one (tests). Default 2775. */
  port?: number;
  /** Port of the page and JSON API; none when absent (tests that only record). */
  webPort?: number;
  /** Sees every whole message as it is complete. */
  onSms?: (sms: CaughtSms) => void;
  /** Send delivery receipts from the start (default: none; see `RunningSmppSink.receipts`). */
  receipts?: boolean;
  /**
   * Address both servers listen on; default 127.0.0.1. In a container (docker compose),
   * 0.0.0.0, so the other containers and the host's port mapping reach it.
   */
  listenHost?: string;
}

/** One part taken, as the receipt rule sees it. */
export interface TakenPart {
  /** Destination as E.164. */
  to: string;
  /** 1-based; 1 of 1 for a message that was not split. */
  index: number;
  total: number;
  /** The id the sink gave it in submit_sm_resp. */
  messageId: string;
}

/** Delivery receipts, changed while the sink runs. */
export interface SmppSinkReceipts {
  /** Send one for every part taken from now on. */
  enabled: boolean;
  /** The receipt's `stat:` (DELIVRD, UNDELIV, REJECTD, EXPIRED ...) and `err:` (default 000). */
  statOf: (part: TakenPart) => { stat: string; err?: string };
}

/** Misbehaviour on demand (tests): change these fields while the sink runs. */
export interface SmppSinkFaults {
  /** Answer every bind with ESME_RBINDFAIL (0x0d), as an SMSC down for maintenance. */
  refuseBinds: boolean;
  /** Answer this many coming submit_sm with `throttleStatus` instead of taking them. */
  throttleNext: number;
  /** ESME_RTHROTTLED (0x58, the default) or ESME_RMSGQFUL (0x14). */
  throttleStatus: number;
  /** Take submit_sm but keep their answers back until `releaseAnswers()` (for ever: no answer). */
  holdAnswers: boolean;
}

/** What the ESMEs did, as the sink saw it. */
export interface SmppSinkStats {
  /** Accepted binds, by command, in order. */
  binds: string[];
  refusedBinds: number;
  /** submit_sm answered with `throttleStatus`. */
  throttled: number;
  /** Parts taken on each session bound to submit, in bind order. */
  submitsPerSession: number[];
  /** Parts taken and not answered yet, now and at most, on any one session. */
  inFlight: number;
  maxInFlight: number;
  enquireLinks: number;
  /** deliver_sm receipts written. */
  receiptsSent: number;
}

/** A text from a phone to the platform's number; `id` is the SMSC's id of it. */
export interface InboundText {
  from: string;
  to?: string;
  text: string;
  id?: string;
}

export interface RunningSmppSink extends RunningSink {
  port: number;
  faults: SmppSinkFaults;
  receipts: SmppSinkReceipts;
  readonly stats: SmppSinkStats;
  /** Whole messages, newest first. */
  readonly messages: readonly CaughtSms[];
  /** Sends the answers `holdAnswers` kept back. */
  releaseAnswers(): void;
  /**
   * A text from a phone to the platform (mobile-originated deliver_sm, esm_class 0) on a bound
   * receiver or transceiver session, waiting for one if none is bound yet. `id` goes as the
   * `receipted_message_id` TLV (the SMSC's id of the message: the same id again is a
   * redelivery). Resolves with the ESME's deliver_sm_resp command_status (0: it took it).
   */
  sendInbound(sms: InboundText, timeoutMs?: number): Promise<number>;
  /** Resolves once `accept` holds, checked on every PDU the sink handles (no polling). */
  until(accept: (stats: SmppSinkStats) => boolean, what: string, timeoutMs?: number): Promise<void>;
}

const ESME_RBINDFAIL = 0x0d;

/** `stat:` words and their message_state (SMPP 3.4 §5.3.2.35). */
const MESSAGE_STATES: Record<string, number> = {
  ENROUTE: 1,
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

/** `YYMMDDhhmm`, as receipts carry dates (UTC here). */
function receiptDate(at: Date): string {
  return at.toISOString().replace(/\D/g, '').slice(2, 12);
}

/** The original text's first 20 characters, as SMSCs quote it (in the default alphabet: ASCII here). */
const ascii = (text: string) => text.slice(0, 20).replace(/[^\x20-\x7e]/g, '?');

/** A receipt's deliver_sm fields for a part taken at `submitted`. */
export function receiptFields(
  part: TakenPart & { from: string; text: string },
  submitted: Date,
  { stat, err = '000' }: { stat: string; err?: string },
): Record<string, unknown> {
  const delivered = stat === 'DELIVRD' ? '001' : '000';
  const text =
    `id:${part.messageId} sub:001 dlvrd:${delivered} submit date:${receiptDate(submitted)} ` +
    `done date:${receiptDate(new Date())} stat:${stat} err:${err} text:${ascii(part.text)}`;
  return {
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: part.to.replace(/^\+/, ''),
    destination_addr: part.from,
    esm_class: 0x04, // SMSC delivery receipt
    short_message: text,
    receipted_message_id: part.messageId,
    message_state: MESSAGE_STATES[stat] ?? MESSAGE_STATES.UNKNOWN,
  };
}
const ESME_RTHROTTLED = 0x58;

const HOST = '127.0.0.1';
/** The page and API keep this many; the oldest go first. */
const KEEP = 1_000;
/** Concatenations whose other parts never came are dropped beyond this many. */
const MAX_PENDING = 200;

/** data_coding (low nibble, as the smpp package decodes it) to a name people know. */
function encodingOf(dataCoding: number): string {
  switch (dataCoding & 0x0f) {
    case 0x00:
    case 0x01:
      return 'GSM-7';
    case 0x03:
      return 'Latin-1';
    case 0x08:
      return 'UCS-2';
    default:
      return `data_coding 0x${dataCoding.toString(16).padStart(2, '0')}`;
  }
}

interface Part {
  text: string;
  /** Concatenation reference, total and index (1-based); null reference when not concatenated. */
  reference: number | null;
  total: number;
  index: number;
}

/**
 * One submitted part. The smpp package has already decoded short_message (or message_payload)
 * by data_coding: GSM 03.38 for 0 and 1, Latin-1 for 3, UTF-16BE for 8 (UCS-2); other codings
 * stay bytes. Concatenation: UDH IEI 0x00 (8-bit reference) or 0x08 (16-bit reference).
 */
function partOf(pdu: PDU): Part {
  const field = (pdu.message_payload ?? pdu.short_message) as
    { udh?: Buffer[]; message: string | Buffer } | string | Buffer;
  const { udh, message } =
    typeof field === 'string' || Buffer.isBuffer(field)
      ? { udh: undefined, message: field }
      : field;
  const text = typeof message === 'string' ? message : message.toString('latin1');
  for (const element of udh ?? []) {
    if (element[0] === 0x00 && element.length >= 5) {
      return { text, reference: element[2], total: element[3], index: element[4] };
    }
    if (element[0] === 0x08 && element.length >= 6) {
      return { text, reference: element.readUInt16BE(2), total: element[4], index: element[5] };
    }
  }
  return { text, reference: null, total: 1, index: 1 };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(messages: readonly CaughtSms[], to: string | null): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td><time datetime="${escapeHtml(m.at)}">${escapeHtml(m.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time></td>` +
        `<td>${escapeHtml(m.from)}</td><td><a href="/?to=${encodeURIComponent(m.to)}">${escapeHtml(m.to)}</a></td>` +
        `<td>${m.parts}</td><td>${escapeHtml(m.encoding)}</td><td dir="auto" class="text">${escapeHtml(m.text)}</td></tr>`,
    )
    .join('\n');
  const title = to ? `SMS to ${to}` : 'SMS inbox';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>${escapeHtml(title)} (${messages.length})</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.text { white-space: pre-wrap; }
</style>
</head>
<body>
<h1>${escapeHtml(title)} (${messages.length})</h1>
<p>Texts the local SMPP sink received, newest first, parts joined. ${to ? '<a href="/">All recipients</a> · ' : ''}JSON: <a href="/api/sms">/api/sms</a></p>
${
  messages.length === 0
    ? '<p>No SMS yet.</p>'
    : `<table>
<thead><tr><th>received</th><th>from</th><th>to</th><th>parts</th><th>encoding</th><th>text</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
</body>
</html>
`;
}

/** A text to the platform as POST /api/sms/inbound takes it; null when it is not one. */
function inboundOf(body: string): InboundText | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const { from, text, id } = parsed as Record<string, unknown>;
  if (typeof from !== 'string' || !/^\+?\d{5,15}$/.test(from)) return null;
  if (typeof text !== 'string' || text.length < 1 || text.length > 1000) return null;
  if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > 64)) return null;
  return { from, text, ...(id === undefined ? {} : { id }) };
}

/** The body of a small request (the inbound form), refused beyond `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function webServer(
  messages: CaughtSms[],
  sendInbound: (sms: InboundText) => Promise<number>,
): Server {
  return createHttpServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const to = url.searchParams.get('to');
    const selected = to ? messages.filter((m) => m.to === to) : messages;
    const json = (status: number, body: unknown) =>
      res
        .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
        .end(JSON.stringify(body));
    if (url.pathname === '/api/sms/inbound') {
      // A phone texting the platform (the demo's affected person): sent on as a deliver_sm.
      if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      void readBody(req, 8_192)
        .then(async (body) => {
          const sms = body === null ? null : inboundOf(body);
          if (!sms) {
            return json(400, {
              error: 'expected JSON { from: "+7...", text: "1 to 1000 characters", id?: "..." }',
            });
          }
          json(200, { commandStatus: await sendInbound(sms) });
        })
        .catch((error: unknown) =>
          json(503, { error: error instanceof Error ? error.message : String(error) }),
        );
    } else if (url.pathname === '/api/sms') {
      if (req.method === 'DELETE') {
        messages.length = 0;
        res.writeHead(204).end();
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        res
          .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
          .end(JSON.stringify(selected));
      } else {
        res.writeHead(405, { Allow: 'GET, HEAD, DELETE' }).end();
      }
    } else if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(selected, to));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
  });
}

function listen(server: NetServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

export function smppSink(options: SmppSinkOptions = {}): LocalSink {
  return { name: 'SMPP sink', start: () => startSmppSink(options) };
}

export async function startSmppSink(options: SmppSinkOptions = {}): Promise<RunningSmppSink> {
  const { port = 2775, webPort, onSms, listenHost = HOST } = options;
  const messages: CaughtSms[] = [];
  const pending = new Map<string, Map<number, string>>();
  const faults: SmppSinkFaults = {
    refuseBinds: false,
    throttleNext: 0,
    throttleStatus: ESME_RTHROTTLED,
    holdAnswers: false,
  };
  const stats: SmppSinkStats = {
    binds: [],
    refusedBinds: 0,
    throttled: 0,
    submitsPerSession: [],
    inFlight: 0,
    maxInFlight: 0,
    enquireLinks: 0,
    receiptsSent: 0,
  };
  const receipts: SmppSinkReceipts = {
    enabled: options.receipts ?? false,
    statOf: () => ({ stat: 'DELIVRD' }),
  };
  /** Sessions that take deliver_sm (receiver, transceiver), and receipts waiting for one. */
  const receivers = new Set<Session>();
  const queuedReceipts: Record<string, unknown>[] = [];
  const sendReceipt = (fields: Record<string, unknown>) => {
    const session = receivers.values().next().value;
    if (!session) return void queuedReceipts.push(fields);
    stats.receiptsSent++;
    session.deliver_sm(fields);
    changed();
  };
  const held: (() => void)[] = [];
  const watchers = new Set<() => void>();
  const changed = () => watchers.forEach((check) => check());
  const received = (sms: CaughtSms) => {
    messages.unshift(sms);
    messages.length = Math.min(messages.length, KEEP);
    onSms?.(sms);
  };
  /** Keeps the part (a whole message once its last part is in); says what it was. */
  const take = (pdu: PDU): Omit<TakenPart, 'messageId'> & { from: string; text: string } => {
    const part = partOf(pdu);
    const from = typeof pdu.source_addr === 'string' ? pdu.source_addr : '';
    const to = `+${String(pdu.destination_addr).replace(/^\+/, '')}`;
    const taken = { to, from, text: part.text, index: part.index, total: part.total };
    const at = new Date().toISOString();
    const encoding = encodingOf(Number(pdu.data_coding ?? 0));
    if (part.reference === null || part.total <= 1) {
      received({ at, from, to, text: part.text, parts: 1, encoding });
      return { ...taken, index: 1, total: 1 };
    }
    const key = `${from}/${to}/${part.reference}/${part.total}`;
    // By index: a part sent again (a retry) replaces, rather than doubles, its text.
    const parts = pending.get(key) ?? new Map<number, string>();
    parts.set(part.index, part.text);
    pending.delete(key);
    if (parts.size < part.total) {
      pending.set(key, parts);
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
      return taken;
    }
    const text = [...parts]
      .sort(([a], [b]) => a - b)
      .map(([, t]) => t)
      .join('');
    received({ at, from, to, text, parts: parts.size, encoding });
    return taken;
  };
  const server = createServer({}, (session: Session) => {
    /** Index in submitsPerSession once bound to submit; unanswered parts of this session. */
    let index = -1;
    let unanswered = 0;
    for (const bind of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
      session.on(bind, (pdu: PDU) => {
        if (faults.refuseBinds) {
          stats.refusedBinds++;
          session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
        } else {
          stats.binds.push(bind);
          if (bind !== 'bind_receiver' && index < 0) index = stats.submitsPerSession.push(0) - 1;
          session.send(pdu.response());
          if (bind !== 'bind_transmitter') {
            receivers.add(session);
            queuedReceipts.splice(0).forEach(sendReceipt);
          }
        }
        changed();
      });
    }
    session.on('enquire_link', (pdu: PDU) => {
      stats.enquireLinks++;
      session.send(pdu.response());
      changed();
    });
    session.on('unbind', (pdu: PDU) => session.send(pdu.response()));
    session.on('close', () => receivers.delete(session));
    session.on('error', () => receivers.delete(session));
    session.on('submit_sm', (pdu: PDU) => {
      if (faults.throttleNext > 0) {
        faults.throttleNext--;
        stats.throttled++;
        session.send(pdu.response({ command_status: faults.throttleStatus }));
        return changed();
      }
      if (index >= 0) stats.submitsPerSession[index]++;
      const part = take(pdu);
      const messageId = randomUUID();
      const submitted = new Date();
      const answer = () => {
        unanswered--;
        stats.inFlight--;
        session.send(pdu.response({ message_id: messageId }));
        if (!receipts.enabled) return;
        const taken = { ...part, messageId };
        sendReceipt(receiptFields(taken, submitted, receipts.statOf(taken)));
      };
      unanswered++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, unanswered);
      if (faults.holdAnswers) held.push(answer);
      else answer();
      changed();
    });
  });
  await listen(server, port, listenHost);
  const sendInbound = async (
    { from, to = 'RELIEF', text, id }: InboundText,
    timeoutMs = 10_000,
  ): Promise<number> => {
    const started = Date.now();
    while (receivers.size === 0) {
      if (Date.now() - started > timeoutMs) throw new Error('SMPP sink: no receiver bound');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const session = receivers.values().next().value as Session;
    // UCS-2 unless the text is plain ASCII, as phones send Cyrillic.
    const ascii = /^[\x20-\x7e\n]*$/.test(text);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('SMPP sink: no deliver_sm_resp')), timeoutMs);
      session.deliver_sm(
        {
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: from.replace(/^\+/, ''),
          destination_addr: to,
          esm_class: 0,
          data_coding: ascii ? 0 : 8,
          short_message: text,
          ...(id ? { receipted_message_id: id } : {}),
        },
        (pdu: PDU) => {
          clearTimeout(timer);
          resolve(pdu.command_status);
        },
      );
    });
  };
  const web = webPort === undefined ? undefined : webServer(messages, (sms) => sendInbound(sms));
  if (web) {
    await listen(web, webPort!, listenHost).catch((error: unknown) => {
      server.close();
      throw error;
    });
  }
  const smppAt = (server.address() as AddressInfo).port;
  const urls: Record<string, string> = web
    ? { 'SMS inbox': `http://${HOST}:${(web.address() as AddressInfo).port}` }
    : {};
  urls['SMPP (SMS sink)'] = `${HOST}:${smppAt}`;
  return {
    env: { SMS_PROVIDER: 'smpp', SMPP_HOST: HOST, SMPP_PORT: String(smppAt) },
    urls,
    port: smppAt,
    faults,
    receipts,
    stats,
    messages,
    releaseAnswers: () => held.splice(0).forEach((answer) => answer()),
    sendInbound,
    until: (accept, what, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!accept(stats)) return;
          watchers.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(
            new Error(`SMPP sink: no ${what} within ${timeoutMs} ms (${JSON.stringify(stats)})`),
          );
        }, timeoutMs);
        watchers.add(check);
        check();
      }),
    stop: async () => {
      held.length = 0;
      queuedReceipts.length = 0;
      for (const s of [...server.sessions]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (web) {
        web.closeAllConnections();
        await new Promise<void>((resolve) => web.close(() => resolve()));
      }
    },
  };
}

/** One line per SMS for a terminal (the page has the whole text). */
export function printSmsSummary({ to, text, parts, encoding }: CaughtSms): void {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  console.log(
    `[sms] to ${to} (${parts > 1 ? `${parts} parts, ` : ''}${encoding}): ${short.replace(/\s+/g, ' ')}`,
  );
}
