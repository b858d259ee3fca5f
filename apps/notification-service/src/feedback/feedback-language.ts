import type { FeedbackLanguage } from '@relief/contracts';
import { foldText } from './feedback-text';

/** Letters only Kazakh uses among the three languages. */
const KAZAKH_LETTERS = /[әғқңөұүһі]/i;
/**
 * Frequent Kazakh words written without Kazakh letters (folded: қ → к ...), as people type them
 * on a Russian keyboard: "жок" (жоқ, none), "керек" (needed), "рахмет" (thank you) ...
 */
const KAZAKH_WORDS = new Set([
  'жок',
  'керек',
  'рахмет',
  'жинак',
  'сабын',
  'емес',
  'жане',
  'биз',
  'бала',
  'балалар',
  'отбасы',
  'отбасым',
  'токтату',
  'бастау',
  'жетпейди',
  'жетиспейди',
  'сапасыз',
  'кишкентай',
]);

/**
 * The language of a text people sent: Kazakh when it has a Kazakh letter or a frequent Kazakh
 * word, Russian when it is otherwise Cyrillic, English when it has Latin letters and no
 * Cyrillic; `fallback` when it has no letters at all (a bare number).
 */
export function detectLanguage(text: string, fallback: FeedbackLanguage = 'ru'): FeedbackLanguage {
  if (KAZAKH_LETTERS.test(text)) return 'kk';
  const cyrillic = /\p{Script=Cyrillic}/u.test(text);
  if (cyrillic) {
    const words = foldText(text).split(' ');
    return words.some((w) => KAZAKH_WORDS.has(w)) ? 'kk' : 'ru';
  }
  return /\p{Script=Latin}/u.test(text) ? 'en' : fallback;
}
