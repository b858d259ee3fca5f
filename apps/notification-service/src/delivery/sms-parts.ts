import { encodings } from 'smpp';

/**
 * How an SMS travels: text the GSM 03.38 default alphabet holds as unpacked septets (data_coding
 * 0, 160 septets per message, 153 per part; `{ } [ ] ~ \\ | ^ €` take two, through the escape to
 * the extension table), anything else (Cyrillic, Kazakh letters) as UCS-2 (data_coding 8, 70
 * characters, 67 per part). Long texts become concatenated parts with a UDH (IEI 0x00, 8-bit
 * reference), which phones reassemble. Parts end between words where the text has spaces.
 */
export interface SmsPart {
  dataCoding: 0 | 8;
  /** UDH (if any) followed by the encoded text: the submit_sm short_message. */
  shortMessage: Buffer;
  hasUdh: boolean;
}

/** The `smpp` package's GSM 03.38 coder (its default alphabet and extension table). */
const GSM = encodings.ASCII;
const GSM_EXTENSION = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);

export function isGsmSafe(text: string): boolean {
  return GSM.match(text);
}

/** Septets (GSM-7) or UTF-16 units (UCS-2) one character takes. */
function width(ch: string, gsm: boolean): number {
  return gsm ? (GSM_EXTENSION.has(ch) ? 2 : 1) : ch.length;
}

export function splitSms(text: string, reference: number): SmsPart[] {
  const gsm = isGsmSafe(text);
  const chars = Array.from(text); // code points: never split a surrogate pair
  const single = gsm ? 160 : 70;
  const perPart = gsm ? 153 : 67;
  const encode = (s: string): Buffer => (gsm ? GSM.encode(s) : ucs2(s));
  const dataCoding = gsm ? 0 : 8;
  const total = chars.reduce((sum, ch) => sum + width(ch, gsm), 0);
  if (total <= single) return [{ dataCoding, shortMessage: encode(text), hasUdh: false }];

  const chunks = chunksOf(chars, perPart, gsm);
  if (chunks.length > 255) throw new Error('text too long for one concatenated SMS');
  return chunks.map((chunk, i) => ({
    dataCoding,
    hasUdh: true,
    shortMessage: Buffer.concat([
      Buffer.from([0x05, 0x00, 0x03, reference & 0xff, chunks.length, i + 1]),
      encode(chunk),
    ]),
  }));
}

/**
 * Fills each part up to `perPart`, then moves the word that would be cut to the next part (the
 * space stays at the end of the earlier one, so the parts join back into the same text). A word
 * longer than a whole part is cut, as it must be.
 */
function chunksOf(chars: string[], perPart: number, gsm: boolean): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let used = 0;
  for (const ch of chars) {
    const w = width(ch, gsm);
    if (used + w > perPart) {
      const lastSpace = current.lastIndexOf(' ');
      const carry = lastSpace >= 0 && ch !== ' ' ? current.splice(lastSpace + 1) : [];
      chunks.push(current.join(''));
      current = carry;
      used = carry.reduce((sum, c) => sum + width(c, gsm), 0);
    }
    current.push(ch);
    used += w;
  }
  if (current.length > 0) chunks.push(current.join(''));
  return chunks;
}

/** UCS-2 big endian, as SMSCs expect (Node only has little endian built in). */
export function ucs2(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) {
    const b = le[i];
    le[i] = le[i + 1];
    le[i + 1] = b;
  }
  return le;
}

export function fromUcs2(buffer: Buffer): string {
  const le = Buffer.from(buffer);
  for (let i = 0; i + 1 < le.length; i += 2) {
    const b = le[i];
    le[i] = le[i + 1];
    le[i + 1] = b;
  }
  return le.toString('utf16le');
}

/** The receiving side (tests, local SMPP sink): text of one part, without its UDH. */
export function decodePart(shortMessage: Buffer, dataCoding: number, hasUdh: boolean) {
  const udhLength = hasUdh ? shortMessage[0] + 1 : 0;
  const udh = hasUdh ? shortMessage.subarray(0, udhLength) : null;
  const body = shortMessage.subarray(udhLength);
  const text = (dataCoding & 0x0f) === 8 ? fromUcs2(body) : GSM.decode(body);
  return udh && udh[1] === 0x00
    ? { text, reference: udh[3], total: udh[4], index: udh[5] }
    : { text, reference: null, total: 1, index: 1 };
}

/**
 * The receiving side through the `smpp` package, which decodes short_message into its UDH
 * elements and text: one part of a (possibly concatenated) message.
 */
export function readSubmittedPart(shortMessage: unknown): {
  text: string;
  reference: number | null;
  total: number;
  index: number;
} {
  const { udh, message } = shortMessage as { udh?: Buffer[]; message: string | Buffer };
  const text = typeof message === 'string' ? message : message.toString('latin1');
  const concat = udh?.find((element) => element[0] === 0x00);
  return concat
    ? { text, reference: concat[2], total: concat[3], index: concat[4] }
    : { text, reference: null, total: 1, index: 1 };
}
