import vocabulary from './generated/vocabulary.json';

/** The console's languages: those the notification templates write in. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Words = Record<string, Partial<Record<Language, string>>>;

function word(table: Words, code: string | null | undefined, lang: Language): string {
  if (!code) return '';
  return table[code]?.[lang] ?? code;
}

export const REGION_CODES: readonly string[] = Object.keys(vocabulary.regions);
export const HAZARD_CODES: readonly string[] = Object.keys(vocabulary.hazards);
export const SEVERITY_CODES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type Severity = (typeof SEVERITY_CODES)[number];
export const URGENCY_CODES: readonly string[] = Object.keys(vocabulary.urgencies);
export const CERTAINTY_CODES: readonly string[] = Object.keys(vocabulary.certainties);
export const INCIDENT_STATUS_CODES: readonly string[] = Object.keys(vocabulary.incidentStatuses);
export const ITEM_CODES: readonly string[] = Object.keys(vocabulary.items);

export const regionName = (code: string | null | undefined, lang: Language): string =>
  word(vocabulary.regions, code, lang);
export const hazardName = (code: string | null | undefined, lang: Language): string =>
  word(vocabulary.hazards, code, lang);
export const severityName = (code: string | null | undefined, lang: Language): string =>
  word(vocabulary.severities, code, lang);
export const urgencyName = (code: string | null | undefined, lang: Language): string =>
  word(vocabulary.urgencies, code, lang);
export const incidentStatusName = (code: string | null | undefined, lang: Language): string =>
  word(vocabulary.incidentStatuses, code, lang);
export const unitName = (code: string | null | undefined, lang: Language): string =>
  word(vocabulary.units, code, lang);
/** A catalogue item in the reader's words; a free item keeps the name it was given. */
export function itemName(item: { code?: string | null; name: string }, lang: Language): string {
  return (
    (item.code && vocabulary.items[item.code as keyof typeof vocabulary.items]?.[lang]) || item.name
  );
}
export const catalogueUnit = (code: string): string | undefined =>
  (vocabulary.catalogueUnits as Record<string, string>)[code];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Intl locale tags for dates and numbers. */
export const LOCALES: Record<Language, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
