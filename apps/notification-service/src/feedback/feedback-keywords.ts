import { REGIONS, type FeedbackCategory } from '@relief/contracts';
import { foldText, skeleton } from './feedback-text';

/** The hygiene kit of the request catalogue (and of the seed and the flood scenario). */
export const HYGIENE_KIT_CODE = 'WASH-HYGIENE-KIT';

/** What the keyword parser read in a message; anything it did not is free text for an operator. */
export interface ParsedFeedback {
  /** The whole message is a command: stop texting this number, or start again. */
  command: 'stop' | 'start' | null;
  itemCode: string | null;
  regionCode: string | null;
  category: FeedbackCategory | null;
}

/** Command words, compared as they look (a Latin C in СТОП still counts). */
const STOP_WORDS = new Set(['stop', 'стоп', 'токтату', 'tokhtatu', 'toktatu'].map(skeleton));
const START_WORDS = new Set(['start', 'старт', 'бастау', 'bastau'].map(skeleton));

/** Item keywords in the three languages (folded: ЖИНАҚ → жинак). */
const ITEM_WORDS: Record<string, string> = {
  kit: HYGIENE_KIT_CODE,
  kits: HYGIENE_KIT_CODE,
  жинак: HYGIENE_KIT_CODE,
  набор: HYGIENE_KIT_CODE,
  набора: HYGIENE_KIT_CODE,
  наборе: HYGIENE_KIT_CODE,
  наборы: HYGIENE_KIT_CODE,
};

/**
 * Category words, first match wins in this order: a quantity complaint ("мало", "не хватает",
 * "аз", "not enough") before a missing item ("нет", "жок", "no", "missing"), before quality
 * ("плохой", "сапасыз", "broken", "too small").
 */
const CATEGORY_PATTERNS: [FeedbackCategory, RegExp][] = [
  [
    'quantity',
    /(^| )(мало|не хватает|недостаточно|аз|жетпейди|жетиспейди|not enough|too few|more)( |$)/,
  ],
  ['missing-item', /(^| )(нет|без|отсутству\S*|жок|no|missing|without|none)( |$)/],
  [
    'quality',
    /(^| )(плох\S*|сломан\S*|испорч\S*|грязн\S*|маленьк\S*|сапасыз|нашар|жарамсыз|бузылган|кишкентай|bad|broken|dirty|small|poor|spoiled)( |$)/,
  ],
];

/** A catalogue code typed as it is (WASH-HYGIENE-KIT): capitals and a dash, not a region code. */
const ITEM_CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const REGION_CODE = /^KZ-\d{2}$/i;

/** Generic words around region names: "область", "облысы", "Region", "г." ... */
const GENERIC = /^(область|облысы|каласы|region|г|city)$/;

/**
 * Each region's names as folded word stems: the name's words without the generic ones, the
 * last word cut by two letters when it is long (Актюбинская, Актюбинской, Актюбинскую all start
 * with актюбинск).
 */
const REGION_STEMS: { code: string; stem: string }[] = REGIONS.flatMap((r) =>
  [r.names.kk, r.names.ru, r.names.en].map((name) => {
    const words = foldText(name)
      .split(' ')
      .filter((w) => !GENERIC.test(w));
    const last = words.length - 1;
    if (words[last].length >= 7) words[last] = words[last].slice(0, -2);
    return { code: r.code, stem: words.join(' ') };
  }),
);

/**
 * Reads the simple keywords of a message in kk, ru or en: a command (the first word STOP /
 * СТОП / ТОҚТАТУ or START / СТАРТ / БАСТАУ), an item (KIT / ЖИНАҚ / НАБОР, or a catalogue code
 * typed as it is), a region (its code or its name in any of the three languages) and a category
 * word. `KIT 2 no soap` → the hygiene kit, missing item. Never throws.
 */
export function parseFeedback(text: string): ParsedFeedback {
  const raw = text.trim().split(/\s+/);
  const folded = foldText(text);
  const words = folded.split(' ').filter(Boolean);
  const first = words[0] ? skeleton(words[0]) : '';
  const command = STOP_WORDS.has(first) ? 'stop' : START_WORDS.has(first) ? 'start' : null;

  const typedCode = raw.map((w) => w.replace(/[.,;:!?]+$/, '')).find((w) => ITEM_CODE.test(w));
  const keyword = words.find((w) => ITEM_WORDS[w] !== undefined);
  const itemCode =
    typedCode && !REGION_CODE.test(typedCode) ? typedCode : keyword ? ITEM_WORDS[keyword] : null;

  const regionCode =
    raw
      .map((w) => w.replace(/[.,;:!?]+$/, '').toUpperCase())
      .find((w) => REGION_CODE.test(w) && REGIONS.some((r) => r.code === w)) ??
    REGION_STEMS.find(({ stem }) => ` ${folded} `.includes(` ${stem}`))?.code ??
    null;

  const category = command
    ? null
    : (CATEGORY_PATTERNS.find(([, pattern]) => pattern.test(folded))?.[0] ?? null);
  return { command, itemCode, regionCode, category };
}
