import type { Language } from '../subscribers/subscriber';
import { amount, goodsIn, KNOWN_ITEMS, KNOWN_UNITS } from './vocabulary';

/**
 * What a reader notices first in a message, as pure checks over its text: Latin words in a
 * Kazakh or Russian message, doubled punctuation, a word repeated next to itself, a placeholder
 * left over, a Kazakh message without Kazakh letters, a count that does not agree with its noun.
 * The template checks (templates.checks.spec.ts) run them over every golden rendering, the flood
 * scenario (test/scenario) over every email and SMS its SMTP and SMPP peers received.
 */

/** An incident reference: FL-2024-KZ-AKT-0007. */
const REFERENCE = /\b[A-Z]{2}-\d{4}-[A-Z]{2}-[A-Z0-9]{1,3}-\d{4,}\b/g;

/** Letters Kazakh has and Russian has not. */
export const KAZAKH_LETTERS = /[әғқңөұүһі]/i;

/**
 * Strings of a payload as the data carries them (references, codes, proper names, typed titles
 * and notes), longest first: what a message may show as it came.
 */
export function dataStrings(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(payload);
  return [...new Set(out.filter((s) => s.length > 1))].sort((a, b) => b.length - a.length);
}

/** The text with what may be Latin removed: quoted text, URLs, the `allowed` strings, references. */
export function withoutAllowed(text: string, allowed: readonly string[]): string {
  let rest = text
    .replace(/«[^»]*»/g, ' ')
    .replace(/“[^”]*”/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  for (const s of [...allowed].sort((a, b) => b.length - a.length)) rest = rest.split(s).join(' ');
  return rest.replace(REFERENCE, ' ');
}

/** Latin-script words of a Kazakh or Russian text beyond quotes, URLs, `allowed` and references. */
export function latinWords(text: string, allowed: readonly string[]): string[] {
  return withoutAllowed(text, allowed).match(/[A-Za-z]{2,}/g) ?? [];
}

/**
 * Doubled punctuation or a space before punctuation (".." ", ." " ," "()"), outside the quoted
 * words (a person's own); null when there is none.
 */
export function doubledPunctuation(text: string): string | null {
  const own = text.replace(/«[^»]*»|“[^”]*”|"[^"]*"/g, 'Q');
  return own.match(/\.\.|,,|\. \.|[.,;:] ?[.,;:]|\s[.,;:!?)]|\(\s*\)|--/)?.[0] ?? null;
}

/** A word repeated next to itself ("the the"), case-insensitive; null when there is none. */
export function repeatedWord(text: string): string | null {
  return /(?<![\p{L}\d])([\p{L}]+)\s+\1(?![\p{L}\d])/iu.exec(text)?.[0] ?? null;
}

/** A placeholder, undefined, null, none, NaN or [object Object] left in; null when there is none. */
export function leftover(text: string): string | null {
  return /undefined|\bnull\b|\[object|\{[a-zA-Z]+\}|\bnone\b|NaN/.exec(text)?.[0] ?? null;
}

/** Whether a Kazakh text is written with Kazakh's own letters (әғқңөұүһі). */
export function hasKazakhLetters(text: string): boolean {
  return KAZAKH_LETTERS.test(text);
}

/** A number as the templates write it: ru/kk 1 000 (a no-break space), en 1,000. */
const NUMBER = String.raw`(?<![\p{L}\d\-.,])(\d{1,3}(?:[\u00a0\u202f ,]\d{3})+|\d+)`;

const pluralRules = new Map<Language, Intl.PluralRules>();
function category(n: number, language: Language): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(n);
}

/** The words the vocabulary puts after a number, by CLDR category (ru one/few/many, en one/other). */
type Forms = Readonly<Record<string, string>>;

const counted = new Map<Language, Forms[]>();
/** Every unit's and every counted item's forms after a number, in `language` (ru, en). */
function countedForms(language: 'ru' | 'en'): Forms[] {
  const known = counted.get(language);
  if (known) return known;
  const samples: Record<string, number> =
    language === 'ru' ? { one: 1, few: 2, many: 5 } : { one: 1, other: 2 };
  const after = (words: string, n: number) => words.slice(String(n).length + 1);
  const family = (words: (n: number) => string): Forms =>
    Object.fromEntries(Object.entries(samples).map(([c, n]) => [c, after(words(n), n)]));
  const forms = [
    ...KNOWN_UNITS.map((unit) => family((n) => amount(n, unit, language))),
    ...KNOWN_ITEMS.flatMap((itemCode) =>
      KNOWN_UNITS.map((unit) =>
        family((n) => goodsIn({ itemCode, itemName: 'x', unit }, n, language).goods),
      ),
    ),
  ].filter((f) => Object.values(f).every((w) => /^\p{L}/u.test(w)));
  counted.set(language, forms);
  return forms;
}

/** A Kazakh word in the plural (-лар/-лер, -дар/-дер, -тар/-тер), a case ending or possessive after. */
const KK_PLURAL = /(лар|лер|дар|дер|тар|тер)(ы|і|ын|ін|ға|ге|да|де|ды|ді|ны|ні|дың|дің|ның|нің)?$/u;

/**
 * Counts that do not agree with their noun: ru "5 комплекта", en "1 kits", "2 kit" (the units and
 * catalogue items of the vocabulary, by the CLDR rules of the language); kk a noun in the plural
 * after a numeral ("5 000 құм қаптары": Kazakh keeps it singular). Each as found in the text.
 */
export function pluralDisagreements(text: string, language: Language): string[] {
  const bad: string[] = [];
  const numbers = new RegExp(NUMBER, 'gu');
  for (const match of text.matchAll(numbers)) {
    const digits = match[1] ?? '';
    const n = Number(digits.replace(/[^\d]/g, ''));
    const rest = text.slice((match.index ?? 0) + digits.length);
    if (!/^[ \u00a0]/.test(rest)) continue;
    const after = rest.slice(1);
    if (language === 'kk') {
      const words = /^[\p{L}-]+(?: [\p{L}-]+){0,2}/u.exec(after)?.[0] ?? '';
      const plural = words.split(' ').find((w) => KK_PLURAL.test(w));
      if (plural) bad.push(`${digits} ${words}`);
      continue;
    }
    const families = countedForms(language);
    // The longest form that follows the number as a whole word.
    const found = families
      .flatMap((f) => Object.values(f))
      .filter((w) => after.startsWith(w) && !/^[\p{L}\d]/u.test(after.slice(w.length)))
      .sort((a, b) => b.length - a.length)[0];
    if (!found) continue;
    const expected = category(n, language);
    const agrees = families.some((f) => f[expected] === found);
    if (!agrees) bad.push(`${digits} ${found}`);
  }
  return bad;
}

/**
 * Everything above for one text in `language`, each problem named ("latin: offer"), none when
 * it reads clean. `allowed` are the data's own strings (names, references, typed titles).
 */
export function messageProblems(
  text: string,
  language: Language,
  allowed: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  // A link (the email's unsubscribe URL, its token) is not words to read.
  const words = text.replace(/https?:\/\/\S+/g, ' ');
  if (language !== 'en') {
    const latin = latinWords(words, allowed);
    if (latin.length > 0) problems.push(`latin: ${latin.join(' ')}`);
  }
  const punctuation = doubledPunctuation(words);
  if (punctuation) problems.push(`punctuation: ${JSON.stringify(punctuation)}`);
  const repeated = repeatedWord(words);
  if (repeated) problems.push(`repeated: ${repeated}`);
  const left = leftover(withoutAllowed(words, allowed));
  if (left) problems.push(`leftover: ${left}`);
  if (language === 'kk' && !hasKazakhLetters(words)) problems.push('no Kazakh letters');
  for (const p of pluralDisagreements(words, language)) problems.push(`plural: ${p}`);
  return problems;
}
