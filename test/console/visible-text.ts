/**
 * "No English fallback text" on a Kazakh or Russian screen, made checkable: the words in Latin
 * letters left in the visible text once what may stay Latin is taken out (codes, proper names of
 * the data, what the user typed). Whatever remains is a label the translation missed.
 */

/** Latin text that is right on every screen, whatever the language. */
export const ALWAYS_LATIN: readonly RegExp[] = [
  // Incident references (FL-2026-KZ-AKT-0001) and ISO 3166-2 region codes (KZ-15).
  /\b[A-Z]{2}-\d{4}-KZ-[A-Z]{3}-\d{4}\b/g,
  /\bKZ-\d{2}\b/g,
  // Partner codes and organisations' own names, as the registry spells them.
  /\bRCS-KZ\b/g,
  /\bUNICEF\b/g,
  // Standards' own names (the CAP 1.2 alert link, ISO 3166-2 on the map).
  /\bCAP\b/g,
  /\bISO\b/g,
  // The language switch names each language in itself: Қазақша, Русский, English.
  /\bEnglish\b/g,
  // The map data's attribution (a licence names its source as it is).
  /\b(?:CC[- ]BY(?:[- ]SA)?|ODbL|OpenStreetMap|geoBoundaries|Natural Earth|Wikimedia Commons)\b/gi,
  // E-mail addresses and web addresses are what they are.
  /\S+@\S+\.\S+/g,
  /https?:\/\/\S+/g,
];

/** Latin words (two letters or more) of `text` not covered by `allow` or ALWAYS_LATIN. */
export function latinLeftovers(text: string, allow: readonly (string | RegExp)[] = []): string[] {
  let rest = text;
  for (const allowed of [...allow, ...ALWAYS_LATIN]) {
    if (typeof allowed === 'string') rest = rest.split(allowed).join(' ');
    else rest = rest.replace(new RegExp(allowed.source, allowed.flags.replace('g', '') + 'g'), ' ');
  }
  const words = rest.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? [];
  return [...new Set(words)];
}
