/**
 * Text folded for matching words people type on a phone: lower case, Kazakh letters as their
 * Russian neighbours (ө → о, қ → к ...: many phones have no Kazakh keyboard), Latin letters
 * that look Cyrillic as Cyrillic (so a `CTOП` typed with a Latin C is still СТОП), and
 * everything that is not a letter or a digit as one space.
 */
const KAZAKH_TO_RUSSIAN: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
};
const LATIN_LOOK_ALIKES: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  h: 'н',
  b: 'в',
};

/** Lower case, Kazakh letters folded, punctuation as spaces, trimmed (Latin kept). */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[әғқңөұүһіё]/g, (c) => KAZAKH_TO_RUSSIAN[c] ?? c)
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .trim();
}

/** A word as it looks: Latin look-alikes as Cyrillic (for command words only: STOP vs СТОП). */
export function skeleton(word: string): string {
  return foldText(word).replace(/[a-z]/g, (c) => LATIN_LOOK_ALIKES[c] ?? c);
}
