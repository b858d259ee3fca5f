/**
 * How an SMS travels: GSM-7 compatible text as unpacked 8-bit septets (data_coding 0, 160 per
 * message, 153 per part), anything else (Cyrillic, Kazakh letters) as UCS-2 (data_coding 8,
 * 70 characters, 67 per part). Long texts become concatenated parts with a UDH (IEI 0x00, 8-bit
 * reference), which phones reassemble.
 */
export interface SmsPart {
  dataCoding: 0 | 8;
  /** UDH (if any) followed by the encoded text: the submit_sm short_message. */
  shortMessage: Buffer;
  hasUdh: boolean;
}

// GSM 03.38 basic set characters that map 1:1 onto the same byte in SMPP's default alphabet
// (ASCII subset). Anything outside (even é or €) goes UCS-2: simple and always right.
const GSM_SAFE = /^[A-Za-z0-9 \r\n@!"#%&'()*+,\-./:;<=>?_]*$/;

export function isGsmSafe(text: string): boolean {
  return GSM_SAFE.test(text);
}

export function splitSms(text: string, reference: number): SmsPart[] {
  const gsm = isGsmSafe(text);
  const chars = Array.from(text); // code points: never split a surrogate pair
  const single = gsm ? 160 : 70;
  const perPart = gsm ? 153 : 67;
  const encode = (s: string): Buffer => (gsm ? Buffer.from(s, 'latin1') : ucs2(s));
  const dataCoding = gsm ? 0 : 8;
  // Limits count UTF-16 units (JS string length): an emoji takes two in UCS-2/UTF-16.
  if (text.length <= single) return [{ dataCoding, shortMessage: encode(text), hasUdh: false }];

  const chunks: string[] = [];
  let current = '';
  for (const ch of chars) {
    if ((current + ch).length > perPart) {
      chunks.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) chunks.push(current);
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
  const text = (dataCoding & 0x0f) === 8 ? fromUcs2(body) : body.toString('latin1');
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
