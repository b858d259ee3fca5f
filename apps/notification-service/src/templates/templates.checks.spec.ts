import { REGIONS } from '@relief/contracts';
import { decodePart, isGsmSafe, splitSms } from '../delivery/sms-parts';
import { COUNTS, renderAll, renderReplies, type Rendering } from './golden-cases';
import {
  dataStrings,
  doubledPunctuation,
  messageProblems,
  hasKazakhLetters,
  latinWords,
  leftover,
  pluralDisagreements,
  repeatedWord,
} from './message-checks';
import { DRILL_PREFIX, render } from './templates';
import { amount, goodsIn, hazardIn, KNOWN_ITEMS, kazakhAccusative } from './vocabulary';

/**
 * Checks over every rendering of the golden cases (every template × language × audience ×
 * representative payload): what a reader would notice first.
 */
const ALL = renderAll();
const parts = (r: Rendering) => ({ subject: r.subject, text: r.text, sms: r.sms });
const where = (r: Rendering, part: string) =>
  `${r.case.type} ${r.language} ${r.audience} [${r.case.label}] ${part}`;

describe('every rendered message', () => {
  it('renders hundreds of messages (every template × language × audience × payload)', () => {
    expect(ALL.length).toBeGreaterThan(500);
  });

  it('has no Latin-script word in Kazakh or Russian beyond references, codes, names and quotes', () => {
    const bad: string[] = [];
    for (const r of ALL.filter((x) => x.language !== 'en')) {
      for (const [part, text] of Object.entries(parts(r))) {
        const latin = latinWords(text, dataStrings(r.case.payload));
        if (latin.length > 0) bad.push(`${where(r, part)}: ${latin.join(' ')}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no doubled punctuation and no space before punctuation', () => {
    const bad: string[] = [];
    for (const r of ALL) {
      for (const [part, text] of Object.entries(parts(r))) {
        // Quoted words are the person's own; what the template puts around them is checked.
        const found = doubledPunctuation(text);
        if (found) bad.push(`${where(r, part)}: ${JSON.stringify(found)} in ${text}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('repeats no word next to itself', () => {
    const bad: string[] = [];
    for (const r of ALL) {
      for (const [part, text] of Object.entries(parts(r))) {
        const repeated = repeatedWord(text);
        if (repeated) bad.push(`${where(r, part)}: ${repeated}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('leaves no placeholder, undefined, null or [object Object]', () => {
    const bad: string[] = [];
    for (const r of ALL) {
      for (const [part, text] of Object.entries(parts(r))) {
        const left = leftover(text);
        if (left) bad.push(`${where(r, part)}: ${left} in ${text}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('writes Kazakh with its own letters (әғқңөұүһі) in every Kazakh message', () => {
    for (const r of ALL.filter((x) => x.language === 'kk')) {
      for (const [part, text] of Object.entries(parts(r))) {
        expect({ at: where(r, part), kazakh: hasKazakhLetters(text) }).toEqual({
          at: where(r, part),
          kazakh: true,
        });
      }
    }
  });

  it("starts every SMS with the incident reference (after a drill's mark)", () => {
    // Feedback linked to no incident has no reference to start with.
    const unlinked = (r: Rendering) =>
      (r.case.payload as { incidentReference?: string | null }).incidentReference === null;
    for (const r of ALL.filter((x) => x.case.type !== 'request.coverage-changed' && !unlinked(x))) {
      const mode = (r.case.payload as { mode?: string }).mode;
      const mark =
        mode === 'exercise' || mode === 'test' ? `${DRILL_PREFIX[mode][r.language]}: ` : '';
      expect(r.sms.startsWith(mark)).toBe(true);
      expect(r.subject.startsWith(mark)).toBe(true);
      expect({ at: where(r, 'sms'), sms: r.sms.slice(mark.length, mark.length + 20) }).toEqual({
        at: where(r, 'sms'),
        sms: 'FL-2024-KZ-AKT-0007:',
      });
    }
  });

  it('fits an English SMS in one GSM-7 part, Kazakh and Russian (UCS-2) in two at most', () => {
    const long: string[] = [];
    for (const r of ALL.filter((x) => x.case.label !== 'title with markup, no area')) {
      const limit = r.language === 'en' ? 160 : 134;
      if (r.language === 'en' && !isGsmSafe(r.sms)) long.push(`${where(r, 'sms')}: not GSM-7`);
      if (Array.from(r.sms).length > limit) long.push(`${where(r, 'sms')}: ${r.sms.length}`);
    }
    expect(long).toEqual([]);
  });

  it('never has a word split across SMS parts', () => {
    for (const r of ALL) {
      const texts = splitSms(r.sms, 1).map(
        (p) => decodePart(p.shortMessage, p.dataCoding, p.hasUdh).text,
      );
      expect(texts.join('')).toBe(r.sms);
      for (let i = 0; i + 1 < texts.length; i++) {
        expect(texts[i].endsWith(' ') || texts[i + 1].startsWith(' ')).toBe(true);
      }
    }
  });

  it('tells the partner whose offer it is "your offer", everyone else whose offer it was', () => {
    const yours = { en: /\byour\b/i, ru: /(^|[^\p{L}])ваш/iu, kk: /ұсынысыңыз|сіз ұсынған/iu };
    for (const r of ALL.filter((x) => x.case.type.startsWith('offer.'))) {
      const text = `${r.subject}\n${r.text}\n${r.sms}`;
      const own = yours[r.language].test(text);
      expect({ at: where(r, 'all'), own }).toEqual({
        at: where(r, 'all'),
        own: r.audience === 'owner',
      });
      if (r.audience === 'others') {
        expect(r.subject).toContain(
          String((r.case.payload as { partnerCode: string }).partnerCode),
        );
      }
    }
  });
});

describe('feedback messages', () => {
  const feedback = ALL.filter((r) => r.case.type.startsWith('feedback.'));
  const all = (r: Rendering) => `${r.subject}\n${r.text}\n${r.html}\n${r.sms}`;

  it('are written for operators and partners, in every language', () => {
    expect(new Set(feedback.map((r) => `${r.case.type} ${r.audience} ${r.language}`)).size).toBe(
      2 * 2 * 3,
    );
  });

  it('quote the sender to operators only, and never a phone number', () => {
    for (const r of feedback) {
      const words = (r.case.payload as { text: string }).text.slice(0, 12);
      expect({ at: where(r, 'all'), quoted: all(r).includes(words) }).toEqual({
        at: where(r, 'all'),
        quoted: r.audience === 'operator',
      });
      expect(all(r)).not.toMatch(/\+?7[\s\d]{9,}/);
    }
  });

  it("name the category in the reader's words", () => {
    const quality = { en: 'quality', ru: 'качество', kk: 'сапасы' } as const;
    for (const r of feedback.filter((x) => x.case.label === 'quality')) {
      expect(r.sms).toContain(quality[r.language]);
    }
  });
});

describe('the automatic replies to an inbound text', () => {
  const replies = renderReplies();

  it('are written for every reply, language and link', () => {
    expect(replies).toHaveLength((2 + 1 + 1) * 3);
  });

  it('read clean (the message checks) and name the command word of their language', () => {
    const word = { kk: /ТОҚТАТУ|БАСТАУ/, ru: /СТОП|СТАРТ/, en: /STOP|START/ };
    for (const r of replies) {
      const at = `${r.reply} ${r.language} ${r.linked}`;
      expect({ at, problems: messageProblems(r.sms, r.language) }).toEqual({ at, problems: [] });
      expect(r.sms).toMatch(word[r.language]);
    }
  });

  it('fit English in one GSM-7 part, Kazakh and Russian in two UCS-2 parts at most', () => {
    for (const r of replies) {
      const at = `${r.reply} ${r.language} ${r.linked}`;
      const parts = splitSms(r.sms, 1).length;
      expect({ at, gsm: isGsmSafe(r.sms), parts }).toEqual({
        at,
        gsm: r.language === 'en',
        parts: r.language === 'en' ? 1 : Math.min(parts, 2),
      });
    }
  });
});

describe('plural agreement', () => {
  const kit = (n: number, l: 'kk' | 'ru' | 'en') => amount(n, 'kit', l).replace(/\u00a0/g, ' ');

  it('agrees units with 1, 2, 5, 21, 1000 by the CLDR rules of each language', () => {
    expect(COUNTS.map((n) => kit(n, 'ru'))).toEqual([
      '1 комплект',
      '2 комплекта',
      '5 комплектов',
      '21 комплект',
      '1 000 комплектов',
    ]);
    expect(COUNTS.map((n) => kit(n, 'en'))).toEqual([
      '1 kit',
      '2 kits',
      '5 kits',
      '21 kits',
      '1,000 kits',
    ]);
    // Kazakh: a noun after a numeral stays singular.
    expect(COUNTS.map((n) => kit(n, 'kk'))).toEqual([
      '1 жинақ',
      '2 жинақ',
      '5 жинақ',
      '21 жинақ',
      '1 000 жинақ',
    ]);
    expect(COUNTS.map((n) => amount(n, 'tonne', 'ru').replace(/\u00a0/g, ' '))).toEqual([
      '1 тонна',
      '2 тонны',
      '5 тонн',
      '21 тонна',
      '1 000 тонн',
    ]);
  });

  it('agrees counted items with the number', () => {
    const goods = (code: string, unit: string, n: number, l: 'kk' | 'ru' | 'en') =>
      goodsIn({ itemCode: code, itemName: 'x', unit }, n, l).goods.replace(/\u00a0/g, ' ');
    expect(COUNTS.map((n) => goods('SHELTER-TENT-FAMILY', 'piece', n, 'ru'))).toEqual([
      '1 семейная палатка',
      '2 семейные палатки',
      '5 семейных палаток',
      '21 семейная палатка',
      '1 000 семейных палаток',
    ]);
    expect(COUNTS.map((n) => goods('NFI-KITCHEN-SET', 'set', n, 'ru'))).toEqual([
      '1 кухонный набор',
      '2 кухонных набора',
      '5 кухонных наборов',
      '21 кухонный набор',
      '1 000 кухонных наборов',
    ]);
    expect(COUNTS.map((n) => goods('RESCUE-TEAM', 'team', n, 'en'))).toEqual([
      '1 rescue team',
      '2 rescue teams',
      '5 rescue teams',
      '21 rescue teams',
      '1,000 rescue teams',
    ]);
    expect(goods('NFI-BLANKET', 'piece', 1000, 'en')).toBe('1,000 blankets');
    expect(goods('WASH-DRINKING-WATER', 'litre', 21, 'ru')).toBe('21 литр питьевой воды');
    expect(goods('WASH-DRINKING-WATER', 'litre', 200, 'en')).toBe('200 litres of drinking water');
    expect(goods('RESCUE-TEAM', 'team', 20, 'kk')).toBe('20 құтқару тобы');
  });

  it('agrees every count with its noun in every rendered message', () => {
    const bad: string[] = [];
    for (const r of ALL) {
      for (const [part, text] of Object.entries(parts(r))) {
        for (const found of pluralDisagreements(text, r.language)) {
          bad.push(`${where(r, part)}: ${found}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('is what the rendered messages say, for every count in every unit and language', () => {
    const bad: string[] = [];
    for (const r of ALL.filter((x) => x.case.file === 'sweep.units')) {
      const p = r.case.payload as { unit: string; quantity: number; itemCode: string };
      const goods = goodsIn({ ...p, itemName: 'x' }, p.quantity, r.language).goods;
      if (!r.text.includes(goods)) bad.push(`${where(r, 'text')}: ${goods}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('Kazakh cases and words', () => {
  it('writes the accusative by vowel harmony, -н after a possessive', () => {
    expect(kazakhAccusative('көрпе')).toBe('көрпені');
    expect(kazakhAccusative('ауыз су')).toBe('ауыз суды');
    expect(kazakhAccusative('отбасылық шатыр')).toBe('отбасылық шатырды');
    expect(kazakhAccusative('матрас')).toBe('матрасты');
    expect(kazakhAccusative('моторлы қайық')).toBe('моторлы қайықты');
    expect(kazakhAccusative('медициналық қобдиша')).toBe('медициналық қобдишаны');
    expect(kazakhAccusative('20 литрлік канистр')).toBe('20 литрлік канистрді');
    expect(kazakhAccusative('құтқару тобы', true)).toBe('құтқару тобын');
    expect(kazakhAccusative('су сорғысы', true)).toBe('су сорғысын');
  });

  it('says "the ministry accepted the blankets you offered" with the accusative', () => {
    const m = render(
      'offer.accepted',
      'kk',
      {
        incidentReference: 'FL-2024-KZ-AKT-0007',
        partnerCode: 'UNICEF-KZ',
        partnerName: 'UNICEF Kazakhstan',
        itemCode: 'NFI-BLANKET',
        itemName: 'Blanket',
        unit: 'piece',
        quantity: 1000,
        acceptedQuantity: 1000,
      },
      { audience: 'owner' },
    );
    expect(m.text).toContain('Министрлік сіз ұсынған 1\u00a0000 көрпені қабылдады.');
  });

  it('names where an incident happened in the locative, every region with its own letters', () => {
    const regions = ALL.filter((r) => r.case.file === 'sweep.regions' && r.language === 'kk');
    expect(regions).toHaveLength(REGIONS.length);
    for (const r of regions) {
      const code = (r.case.payload as { region: string }).region;
      const name = REGIONS.find((x) => x.code === code)?.names.kk ?? '';
      expect(r.text).toMatch(new RegExp(`^${name}(н|)д[ае] жаңа оқиға тіркелді`, 'u'));
    }
  });

  it('uses the vocabulary\u2019s Kazakh words, letters included, where it has them', () => {
    for (const r of ALL.filter((x) => x.case.file === 'sweep.hazards' && x.language === 'kk')) {
      const hazard = hazardIn((r.case.payload as { hazard: string }).hazard, 'kk');
      expect(r.text).toContain(`Қауіп: ${hazard}.`);
    }
    for (const code of KNOWN_ITEMS) {
      const rendered = ALL.find(
        (r) =>
          r.case.file === 'sweep.items' &&
          r.language === 'kk' &&
          (r.case.payload as { itemCode: string }).itemCode === code,
      );
      const p = rendered?.case.payload as { unit: string; quantity: number } | undefined;
      // The item after its number: the label, or its singular where the label is a plural.
      const kk = goodsIn({ itemCode: code, itemName: 'x', unit: p?.unit ?? 'piece' }, 5, 'kk');
      expect(rendered?.text).toContain(kk.goods.slice(kk.goods.indexOf(' ') + 1));
    }
  });
});
