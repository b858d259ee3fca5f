import { decodePart, splitSms } from './sms-parts';

const reassemble = (parts: ReturnType<typeof splitSms>) =>
  parts.map((p) => decodePart(p.shortMessage, p.dataCoding, p.hasUdh).text).join('');

describe('splitSms', () => {
  it('sends short Latin text as one GSM part', () => {
    const parts = splitSms('FL-2024 flood, Severe', 1);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ dataCoding: 0, hasUdh: false });
  });

  it('sends Cyrillic as UCS-2 and splits beyond 70 characters into 67-character parts with a UDH', () => {
    const text =
      'Наводнение в Актюбинской области: эвакуация жителей сёл Қарабұтақ и Ойыл продолжается, нужна помощь.';
    const parts = splitSms(text, 42);
    expect(parts.length).toBe(Math.ceil(Array.from(text).length / 67));
    for (const [i, p] of parts.entries()) {
      expect(p.dataCoding).toBe(8);
      expect(decodePart(p.shortMessage, 8, true)).toMatchObject({
        reference: 42,
        total: parts.length,
        index: i + 1,
      });
      expect(p.shortMessage.length).toBeLessThanOrEqual(140);
    }
    expect(reassemble(parts)).toBe(text);
  });

  it('splits long GSM text into 153-character parts', () => {
    const text = 'x'.repeat(400);
    const parts = splitSms(text, 7);
    expect(parts).toHaveLength(3);
    expect(reassemble(parts)).toBe(text);
  });
});

describe('GSM 03.38', () => {
  it('encodes @ _ and the extension table as the phone reads them, not as ASCII bytes', () => {
    const text = 'Reply to ops@emer.gov.kz, ref FL_7 {A} [B] ~ | ^ \\ 5€';
    const [part] = splitSms(text, 1);
    expect(part.dataCoding).toBe(0);
    // GSM 03.38: @ is 0x00, _ is 0x11; { is ESC 0x28, € is ESC 0x65.
    expect(part.shortMessage.indexOf(0x00)).toBe(text.indexOf('@'));
    expect(part.shortMessage.includes(0x11)).toBe(true);
    expect(part.shortMessage.includes(Buffer.from([0x1b, 0x28]))).toBe(true);
    expect(part.shortMessage.includes(Buffer.from([0x1b, 0x65]))).toBe(true);
    expect(reassemble([part])).toBe(text);
  });

  it('counts extension characters as two septets', () => {
    expect(splitSms('€'.repeat(80), 1)).toHaveLength(1);
    expect(splitSms('€'.repeat(81), 1).length).toBeGreaterThan(1);
  });

  it('sends text outside the GSM alphabet (é is in it, Kazakh letters are not) as UCS-2', () => {
    expect(splitSms('café', 1)[0].dataCoding).toBe(0);
    expect(splitSms('Ақтөбе', 1)[0].dataCoding).toBe(8);
  });
});

describe('parts end between words', () => {
  const words = (parts: ReturnType<typeof splitSms>) =>
    parts.map((p) => decodePart(p.shortMessage, p.dataCoding, p.hasUdh).text);

  it.each([
    [
      'GSM-7',
      'Flood warning for Aktobe region: evacuate the villages along the Ilek river now. '.repeat(4),
    ],
    [
      'UCS-2',
      'Паводок в Актюбинской области: жителям сёл вдоль реки Илек срочно эвакуироваться. '.repeat(
        3,
      ),
    ],
  ])('%s: no word is cut, and the parts join back into the text', (_coding, text) => {
    const parts = splitSms(text.trim(), 9);
    expect(parts.length).toBeGreaterThan(1);
    const texts = words(parts);
    expect(texts.join('')).toBe(text.trim());
    for (const t of texts.slice(0, -1)) expect(t.endsWith(' ')).toBe(true);
  });

  it('cuts a word only when it is longer than a whole part', () => {
    const text = 'x'.repeat(400);
    expect(words(splitSms(text, 7)).map((t) => t.length)).toEqual([153, 153, 94]);
  });
});
