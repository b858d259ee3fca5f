import { REGIONS as REGION_VOCABULARY } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';

/**
 * Words for the codes events carry (hazard, region, catalogue item, unit, CAP severity and
 * urgency), so a Kazakh or Russian reader gets "су тасқыны, Ақтөбе облысы" rather than
 * "FL, KZ-15". A code not listed here (another country's region an admin added to
 * incident-service, a free item) is shown as it came.
 */
type Words = Readonly<Record<string, Partial<Record<Language, string>>>>;

const HAZARDS: Words = {
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

/** The platform's region vocabulary (@relief/contracts: one list for every service). */
const REGIONS: Words = Object.fromEntries(REGION_VOCABULARY.map((r) => [r.code, r.names]));

/** The resource-request service's catalogue, by code; English comes with the event already. */
const ITEMS: Words = {
  'WASH-HYGIENE-KIT': {
    ru: 'санитарно-гигиенический набор',
    kk: 'санитарлық-гигиеналық жиынтық',
  },
  'WASH-DRINKING-WATER': { ru: 'питьевая вода', kk: 'ауыз су' },
  'WASH-JERRYCAN': { ru: 'канистра, 20 л', kk: 'канистр, 20 л' },
  'SHELTER-TENT-FAMILY': { ru: 'семейная палатка', kk: 'отбасылық шатыр' },
  'NFI-BLANKET': { ru: 'одеяло', kk: 'көрпе' },
  'NFI-MATTRESS': { ru: 'матрас', kk: 'матрас' },
  'NFI-KITCHEN-SET': { ru: 'кухонный набор', kk: 'ас үй жиынтығы' },
  'FOOD-RATION': { ru: 'продуктовый паёк', kk: 'азық-түлік үлесі' },
  'FOOD-FLOUR': { ru: 'пшеничная мука', kk: 'бидай ұны' },
  'AGRI-ANIMAL-FEED': { ru: 'корм для скота', kk: 'мал азығы' },
  'HEALTH-MEDICAL-KIT': { ru: 'медицинская аптечка', kk: 'медициналық қобдиша' },
  'EQUIP-WATER-PUMP': { ru: 'водяной насос', kk: 'су сорғысы' },
  'EQUIP-GENERATOR': { ru: 'электрогенератор', kk: 'электр генераторы' },
  'FLOOD-SANDBAG': { ru: 'мешки с песком', kk: 'құм қаптары' },
  'RESCUE-MOTOR-BOAT': { ru: 'моторная лодка', kk: 'моторлы қайық' },
  'RESCUE-TEAM': { ru: 'спасательная группа', kk: 'құтқару тобы' },
};

/** Units as they follow a number ("400 компл."). */
const UNITS: Words = {
  kit: { ru: 'компл.', kk: 'жинақ' },
  piece: { ru: 'шт.', kk: 'дана' },
  set: { ru: 'наб.', kk: 'жиынтық' },
  litre: { ru: 'л', kk: 'л' },
  ration: { ru: 'пайк.', kk: 'үлес' },
  team: { ru: 'групп.', kk: 'топ' },
  tonne: { ru: 'т', kk: 'т' },
};

/** CAP 1.2 severity; English keeps CAP's own words. */
const SEVERITIES: Words = {
  Extreme: { ru: 'чрезвычайная', kk: 'төтенше' },
  Severe: { ru: 'высокая', kk: 'жоғары' },
  Moderate: { ru: 'умеренная', kk: 'орташа' },
  Minor: { ru: 'незначительная', kk: 'төмен' },
  Unknown: { ru: 'неизвестна', kk: 'белгісіз' },
};

/** CAP 1.2 urgency. */
const URGENCIES: Words = {
  Immediate: { ru: 'немедленно', kk: 'дереу' },
  Expected: { ru: 'в ближайшее время', kk: 'жақын арада' },
  Future: { ru: 'в будущем', kk: 'болашақта' },
  Past: { ru: 'миновала', kk: 'өтті' },
  Unknown: { ru: 'неизвестна', kk: 'белгісіз' },
};

/** Incident status; English keeps the status names the API uses. */
const INCIDENT_STATUSES: Words = {
  reported: { ru: 'зарегистрирован', kk: 'тіркелді' },
  active: { ru: 'активен', kk: 'белсенді' },
  contained: { ru: 'локализован', kk: 'оқшауланды' },
  closed: { ru: 'закрыт', kk: 'жабылды' },
  cancelled: { ru: 'отменён', kk: 'күші жойылды' },
};

/** Payload field → the words for its codes. `itemName` is looked up by `itemCode`. */
const FIELDS = {
  hazard: HAZARDS,
  region: REGIONS,
  unit: UNITS,
  severity: SEVERITIES,
  previousSeverity: SEVERITIES,
  urgency: URGENCIES,
  // Only incident templates show a status; request statuses have no entry and pass through.
  status: INCIDENT_STATUSES,
  previousStatus: INCIDENT_STATUSES,
} as const satisfies Readonly<Record<string, Words>>;

/** The payload fields `localize` may turn into words. */
export type LocalizedField = keyof typeof FIELDS | 'itemName';

/** A payload as templates read it: the fields that carry codes hold words (plain strings). */
export type Localized<P> = { readonly [K in keyof P]: K extends LocalizedField ? string : P[K] };

function wordFor(words: Words, code: unknown, language: Language): string | undefined {
  return typeof code === 'string' ? words[code]?.[language] : undefined;
}

/** A copy of `payload` whose codes read as words of `language`; the event itself is untouched. */
export function localize<P extends object>(payload: P, language: Language): Localized<P> {
  const codes = payload as Readonly<Record<string, unknown>>;
  const words: Record<string, unknown> = { ...codes };
  for (const [field, table] of Object.entries(FIELDS)) {
    const word = wordFor(table, codes[field], language);
    if (word !== undefined) words[field] = word;
  }
  const item = wordFor(ITEMS, codes.itemCode, language);
  if (item !== undefined) words.itemName = item;
  // Only fields named by LocalizedField changed, each from a code to its word.
  return words as Localized<P>;
}
