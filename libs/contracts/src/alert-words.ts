import type { Certainty, Hazard, Severity, Urgency } from './vocabulary';

/** A word in each language the platform writes in. */
export interface Words3 {
  kk: string;
  ru: string;
  en: string;
}

/**
 * Hazards, CAP severities, urgencies and certainties in Kazakh, Russian and English: one list
 * for the notification templates (lower case, inside a sentence) and the CAP alerts' `<info>`
 * blocks (one per language). Region names are in `REGIONS`.
 */
export const HAZARD_WORDS: Readonly<Record<Hazard, Words3>> = {
  CW: { en: 'cold wave', ru: 'волна холода', kk: 'суық толқыны' },
  DR: { en: 'drought', ru: 'засуха', kk: 'құрғақшылық' },
  EC: { en: 'extratropical cyclone', ru: 'внетропический циклон', kk: 'тропиктен тыс циклон' },
  EP: { en: 'epidemic', ru: 'эпидемия', kk: 'эпидемия' },
  EQ: { en: 'earthquake', ru: 'землетрясение', kk: 'жер сілкінісі' },
  FF: { en: 'flash flood', ru: 'внезапный паводок', kk: 'кенеттен болған су тасқыны' },
  FL: { en: 'flood', ru: 'наводнение', kk: 'су тасқыны' },
  FR: { en: 'fire', ru: 'пожар', kk: 'өрт' },
  HT: { en: 'heat wave', ru: 'аномальная жара', kk: 'аптап ыстық' },
  LS: { en: 'landslide', ru: 'оползень', kk: 'жер көшкіні' },
  MS: { en: 'mudflow', ru: 'сель', kk: 'сел' },
  OT: { en: 'other hazard', ru: 'иная угроза', kk: 'басқа қауіп' },
  ST: { en: 'storm', ru: 'буря', kk: 'дауыл' },
  TC: { en: 'tropical cyclone', ru: 'тропический циклон', kk: 'тропикалық циклон' },
  TS: { en: 'tsunami', ru: 'цунами', kk: 'цунами' },
  VO: { en: 'volcanic eruption', ru: 'извержение вулкана', kk: 'жанартау атқылауы' },
  WF: { en: 'wildfire', ru: 'природный пожар', kk: 'табиғи өрт' },
};

/** CAP 1.2 severity; English keeps CAP's own words, lower-case in a sentence. */
export const SEVERITY_WORDS: Readonly<Record<Severity, Words3>> = {
  Extreme: { en: 'extreme', ru: 'чрезвычайная', kk: 'төтенше' },
  Severe: { en: 'severe', ru: 'высокая', kk: 'жоғары' },
  Moderate: { en: 'moderate', ru: 'умеренная', kk: 'орташа' },
  Minor: { en: 'minor', ru: 'незначительная', kk: 'төмен' },
  Unknown: { en: 'unknown', ru: 'неизвестна', kk: 'белгісіз' },
};

/** CAP 1.2 urgency. */
export const URGENCY_WORDS: Readonly<Record<Urgency, Words3>> = {
  Immediate: { en: 'immediate', ru: 'немедленно', kk: 'дереу' },
  Expected: { en: 'expected', ru: 'в ближайшее время', kk: 'жақын арада' },
  Future: { en: 'future', ru: 'в будущем', kk: 'болашақта' },
  Past: { en: 'past', ru: 'угроза миновала', kk: 'қауіп өтті' },
  Unknown: { en: 'unknown', ru: 'неизвестна', kk: 'белгісіз' },
};

/** CAP 1.2 certainty. */
export const CERTAINTY_WORDS: Readonly<Record<Certainty, Words3>> = {
  Observed: { en: 'observed', ru: 'наблюдается', kk: 'байқалды' },
  Likely: { en: 'likely', ru: 'вероятно', kk: 'ықтимал' },
  Possible: { en: 'possible', ru: 'возможно', kk: 'мүмкін' },
  Unlikely: { en: 'unlikely', ru: 'маловероятно', kk: 'екіталай' },
  Unknown: { en: 'unknown', ru: 'неизвестна', kk: 'белгісіз' },
};
