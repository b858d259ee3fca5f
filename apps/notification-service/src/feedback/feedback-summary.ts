import { foldText } from './feedback-text';

/** Words that say nothing about what is wrong, in the three languages (folded). */
const STOP_WORDS = new Set([
  'и',
  'в',
  'на',
  'не',
  'с',
  'за',
  'по',
  'для',
  'что',
  'это',
  'очень',
  'у',
  'нас',
  'the',
  'a',
  'an',
  'is',
  'are',
  'and',
  'of',
  'to',
  'in',
  'for',
  'too',
  'we',
  'our',
  'it',
  'жане',
  'бизде',
  'биз',
  'мен',
  'бул',
  'оте',
  'оте',
]);

/**
 * The words said most often across texts (at least 3 letters, none of the filler words above,
 * each counted once per text), most frequent first: a plain signal of "most often: no nappies,
 * soap too small", not language understanding. Spellings typed without Kazakh letters
 * ("жоргек") count with the proper ones ("жөргек"); the word is shown as people wrote it most
 * often, Kazakh letters first on a tie, never in its folded form.
 */
export function topWords(texts: string[], limit = 5): { word: string; count: number }[] {
  const counts = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const text of texts) {
    const seen = new Map<string, string>();
    for (const spelling of text.toLowerCase().split(/[^\p{L}\p{N}-]+/u)) {
      const key = foldText(spelling);
      if (key.length < 3 || /^\d+$/.test(key) || STOP_WORDS.has(key) || seen.has(key)) continue;
      seen.set(key, spelling);
    }
    for (const [key, spelling] of seen) {
      const entry = counts.get(key) ?? { count: 0, spellings: new Map<string, number>() };
      entry.count += 1;
      entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
      counts.set(key, entry);
    }
  }
  return [...counts]
    .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b))
    .slice(0, limit)
    .map(([, { count, spellings }]) => ({ word: mostWritten(spellings), count }));
}

/** The spelling written most often; on a tie the one with more Kazakh letters, then A–Z. */
function mostWritten(spellings: Map<string, number>): string {
  const kazakhLetters = (w: string) => (w.match(/[әғқңөұүһі]/g) ?? []).length;
  return [...spellings].sort(
    ([a, x], [b, y]) => y - x || kazakhLetters(b) - kazakhLetters(a) || a.localeCompare(b),
  )[0][0];
}
