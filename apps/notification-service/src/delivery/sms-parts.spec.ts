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
