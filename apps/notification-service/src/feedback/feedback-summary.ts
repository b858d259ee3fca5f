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
 * soap too small", not language understanding.
 */
export function topWords(texts: string[], limit = 5): { word: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words = new Set(
      foldText(text)
        .split(' ')
        .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !STOP_WORDS.has(w)),
    );
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([word, count]) => ({ word, count }));
}
