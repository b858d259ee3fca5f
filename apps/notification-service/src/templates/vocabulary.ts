import {
  HAZARD_WORDS,
  REGIONS as REGION_VOCABULARY,
  SEVERITY_WORDS,
  URGENCY_WORDS,
} from '@relief/contracts';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../subscribers/subscriber';

/**
 * Words for the codes events carry (hazard, region, catalogue item, unit, CAP severity and
 * urgency, statuses, priorities), with the grammatical forms the templates need: Russian
 * nominative / genitive / accusative in singular and plural and a unit's form for each CLDR plural
 * category, Kazakh accusative and locative by vowel harmony, English singular and plural. A code
 * not listed here (another country's region an admin added to incident-service, a free item) is
 * shown as it came, a free item's name quoted as the words a person typed.
 */
type Words = Readonly<Record<string, Partial<Record<Language, string>>>>;

/** Hazard words: one list with the CAP alerts (@relief/contracts). */
const HAZARDS: Words = HAZARD_WORDS;

/** The platform's region vocabulary (@relief/contracts: one list for every service). */
const REGIONS: Words = Object.fromEntries(REGION_VOCABULARY.map((r) => [r.code, r.names]));

// ---------------------------------------------------------------------------------------------
// Kazakh case endings (vowel harmony and the consonant the stem ends with).

const KK_VOWELS_FOR_HARMONY = 'аәоөұүыіеэиюяу';
const KK_BACK = new Set(['а', 'о', 'ұ', 'ы', 'я', 'у']);
/** Stem ends in one of these: the vowel-initial ending's n-form (-ны/-ні). */
const KK_OPEN = new Set(['а', 'ә', 'е', 'о', 'ө', 'ұ', 'ү', 'ы', 'і', 'э', 'я']);
/** Voiced consonants and glides (и, у, ю read [j], [w]): -ды/-ді, -да/-де. */
const KK_VOICED = new Set(['л', 'р', 'й', 'у', 'и', 'ю', 'м', 'н', 'ң', 'з', 'ж']);

function kazakhBack(word: string): boolean {
  const letters = [...word.toLowerCase()];
  for (let i = letters.length - 1; i >= 0; i--) {
    const ch = letters[i] ?? '';
    if (!KK_VOWELS_FOR_HARMONY.includes(ch)) continue;
    // у and и after a vowel are glides ([w], [j]): harmony follows the vowel before them.
    const glide =
      (ch === 'у' || ch === 'и') && KK_VOWELS_FOR_HARMONY.includes(letters[i - 1] ?? '');
    if (!glide) return KK_BACK.has(ch);
  }
  return true;
}

function lastLetter(word: string): string {
  const letters = [...word.toLowerCase()].filter((ch) => /\p{L}/u.test(ch));
  return letters.at(-1) ?? '';
}

/**
 * The accusative (табыс септігі): көрпе → көрпені, ауыз су → ауыз суды, шатыр → шатырды, матрас
 * → матрасты; a word in the 3rd-person possessive (құтқару тобы, су сорғысы) takes -н.
 */
export function kazakhAccusative(word: string, possessive = false): string {
  if (possessive) return `${word}н`;
  const back = kazakhBack(word);
  const last = lastLetter(word);
  if (KK_OPEN.has(last)) return word + (back ? 'ны' : 'ні');
  if (KK_VOICED.has(last)) return word + (back ? 'ды' : 'ді');
  return word + (back ? 'ты' : 'ті');
}

/** The locative (жатыс септігі): Ақтөбе облысы → Ақтөбе облысында, Алматы → Алматыда. */
export function kazakhLocative(word: string, possessive = false): string {
  const back = kazakhBack(word);
  if (possessive) return word + (back ? 'нда' : 'нде');
  const last = lastLetter(word);
  if (KK_OPEN.has(last) || KK_VOICED.has(last)) return word + (back ? 'да' : 'де');
  return word + (back ? 'та' : 'те');
}

/** The dative (барыс септігі): сәуір → сәуірге, қазан → қазанға, қыркүйек → қыркүйекке. */
export function kazakhDative(word: string): string {
  const back = kazakhBack(word);
  const last = lastLetter(word);
  if (last === 'к' || last === 'қ' || last === 'п' || last === 'т' || last === 'с') {
    return word + (back ? 'қа' : 'ке');
  }
  if (last === 'ш' || last === 'ф' || last === 'х' || last === 'ц' || last === 'ч') {
    return word + (back ? 'қа' : 'ке');
  }
  return word + (back ? 'ға' : 'ге');
}

/** Kazakh region names end in the possessive (облысы, қаласы). */
const KK_POSSESSIVE_NAME = /(облысы|қаласы|ауданы)$/;

// ---------------------------------------------------------------------------------------------
// Units: a form per CLDR plural category (ICU plural through Intl.PluralRules).

/** A unit as it follows a number; `short` is the console's table label ("компл."). */
interface UnitWords {
  en: { one: string; other: string };
  ru: { one: string; few: string; many: string; other: string; short: string };
  kk: string;
}

const UNIT_WORDS: Readonly<Record<string, UnitWords>> = {
  kit: {
    en: { one: 'kit', other: 'kits' },
    ru: {
      one: 'комплект',
      few: 'комплекта',
      many: 'комплектов',
      other: 'комплекта',
      short: 'компл.',
    },
    kk: 'жинақ',
  },
  piece: {
    en: { one: 'piece', other: 'pieces' },
    ru: { one: 'штука', few: 'штуки', many: 'штук', other: 'штуки', short: 'шт.' },
    kk: 'дана',
  },
  set: {
    en: { one: 'set', other: 'sets' },
    ru: { one: 'набор', few: 'набора', many: 'наборов', other: 'набора', short: 'наб.' },
    kk: 'жиынтық',
  },
  litre: {
    en: { one: 'litre', other: 'litres' },
    ru: { one: 'литр', few: 'литра', many: 'литров', other: 'литра', short: 'л' },
    kk: 'литр',
  },
  ration: {
    en: { one: 'ration', other: 'rations' },
    ru: { one: 'паёк', few: 'пайка', many: 'пайков', other: 'пайка', short: 'пайк.' },
    kk: 'үлес',
  },
  team: {
    en: { one: 'team', other: 'teams' },
    ru: { one: 'группа', few: 'группы', many: 'групп', other: 'группы', short: 'групп.' },
    kk: 'топ',
  },
  tonne: {
    en: { one: 'tonne', other: 'tonnes' },
    ru: { one: 'тонна', few: 'тонны', many: 'тонн', other: 'тонны', short: 'т' },
    kk: 'тонна',
  },
  tent: {
    en: { one: 'tent', other: 'tents' },
    ru: { one: 'палатка', few: 'палатки', many: 'палаток', other: 'палатки', short: 'палат.' },
    kk: 'шатыр',
  },
};

/** The units the vocabulary has words for. */
export const KNOWN_UNITS = Object.keys(UNIT_WORDS);

/** The console's table label for a unit (what `localize` gives for `unit`). */
const UNIT_LABELS: Words = Object.fromEntries(
  Object.entries(UNIT_WORDS).map(([code, w]) => [code, { ru: w.ru.short, kk: w.kk }]),
);

function icuPlural(forms: Readonly<Record<string, string>>): string {
  const cases = Object.entries(forms)
    .filter(([category]) => ['zero', 'one', 'two', 'few', 'many', 'other'].includes(category))
    .map(([category, word]) => `${category} {# ${word}}`)
    .join(' ');
  return `{n, plural, ${cases}}`;
}

const amountMessages = new Map<string, IntlMessageFormat>();

/**
 * A quantity with its unit in agreement with the number (CLDR plural rules): ru 1 комплект,
 * 2 комплекта, 5 комплектов, 21 комплект; en 1 kit, 2 kits; kk 5 жинақ. A unit without words
 * follows the number as it came.
 */
export function amount(n: number, unit: string, language: Language): string {
  const words = UNIT_WORDS[unit];
  const key = `${language}:${unit}`;
  let message = amountMessages.get(key);
  if (!message) {
    const source = !words
      ? `{n, number} ${escapeIcu(unit)}`
      : language === 'kk'
        ? `{n, number} ${words.kk}`
        : icuPlural(language === 'ru' ? words.ru : words.en);
    message = new IntlMessageFormat(source, language);
    amountMessages.set(key, message);
  }
  return String(message.format({ n }));
}

/** A number in the language's own grouping (ru/kk 12 000, en 12,000). */
export function count(n: number, language: Language): string {
  return new Intl.NumberFormat(language).format(n);
}

/** Text put into an ICU source as literal words. */
function escapeIcu(text: string): string {
  return text.replace(/'/g, "''").replace(/[{}#]/g, (ch) => `'${ch}'`);
}

// ---------------------------------------------------------------------------------------------
// Catalogue items.

/**
 * Russian forms: [singular, plural] per case; `count` is what follows a number by CLDR category
 * (one: 21 семейная палатка, few: 2 семейные палатки / 2 кухонных набора, many: 5 семейных
 * палаток); `mass` for what is measured, not counted.
 */
interface RussianNoun {
  label: string;
  nom: readonly [string, string];
  gen: readonly [string, string];
  acc: readonly [string, string];
  count?: readonly [one: string, few: string, many: string];
  mass?: boolean;
}

interface ItemWords {
  /** English: singular and plural of something counted, or the one form of a mass noun. */
  en: { one: string; other: string } | { mass: string };
  ru: RussianNoun;
  /**
   * Kazakh: the nominative and whether it ends in the 3rd-person possessive (-ы/-і, -сы/-сі);
   * `counted`, when the label is a plural: the singular a number takes (Kazakh keeps a noun after
   * a numeral singular: құм қаптары, but 5 000 құм қабы).
   */
  kk: { label: string; possessive?: boolean; counted?: string };
  /** The units that count the item itself (300 family tents rather than 300 pieces of ...). */
  counts: readonly string[];
}

function ru(
  label: string,
  nom: [string, string],
  gen: [string, string],
  acc: [string, string],
  count: [string, string, string],
): RussianNoun {
  return { label, nom, gen, acc, count };
}

function ruMass(label: string, gen: string, acc: string): RussianNoun {
  return { label, nom: [label, label], gen: [gen, gen], acc: [acc, acc], mass: true };
}

/** The resource-request service's catalogue, by code. */
const ITEMS: Readonly<Record<string, ItemWords>> = {
  'WASH-HYGIENE-KIT': {
    en: { one: 'hygiene kit', other: 'hygiene kits' },
    ru: ru(
      'санитарно-гигиенический набор',
      ['санитарно-гигиенический набор', 'санитарно-гигиенические наборы'],
      ['санитарно-гигиенического набора', 'санитарно-гигиенических наборов'],
      ['санитарно-гигиенический набор', 'санитарно-гигиенические наборы'],
      [
        'санитарно-гигиенический набор',
        'санитарно-гигиенических набора',
        'санитарно-гигиенических наборов',
      ],
    ),
    kk: { label: 'санитарлық-гигиеналық жиынтық' },
    counts: ['kit', 'set', 'piece'],
  },
  'WASH-DRINKING-WATER': {
    en: { mass: 'drinking water' },
    ru: ruMass('питьевая вода', 'питьевой воды', 'питьевую воду'),
    kk: { label: 'ауыз су' },
    counts: [],
  },
  'WASH-JERRYCAN': {
    en: { one: '20-litre jerrycan', other: '20-litre jerrycans' },
    ru: ru(
      'канистра на 20 л',
      ['канистра на 20 л', 'канистры на 20 л'],
      ['канистры на 20 л', 'канистр на 20 л'],
      ['канистру на 20 л', 'канистры на 20 л'],
      ['канистра на 20 л', 'канистры на 20 л', 'канистр на 20 л'],
    ),
    kk: { label: '20 литрлік канистр' },
    counts: ['piece'],
  },
  'SHELTER-TENT-FAMILY': {
    en: { one: 'family tent', other: 'family tents' },
    ru: ru(
      'семейная палатка',
      ['семейная палатка', 'семейные палатки'],
      ['семейной палатки', 'семейных палаток'],
      ['семейную палатку', 'семейные палатки'],
      ['семейная палатка', 'семейные палатки', 'семейных палаток'],
    ),
    kk: { label: 'отбасылық шатыр' },
    counts: ['piece', 'tent'],
  },
  'NFI-BLANKET': {
    en: { one: 'blanket', other: 'blankets' },
    ru: ru(
      'одеяло',
      ['одеяло', 'одеяла'],
      ['одеяла', 'одеял'],
      ['одеяло', 'одеяла'],
      ['одеяло', 'одеяла', 'одеял'],
    ),
    kk: { label: 'көрпе' },
    counts: ['piece'],
  },
  'NFI-MATTRESS': {
    en: { one: 'mattress', other: 'mattresses' },
    ru: ru(
      'матрас',
      ['матрас', 'матрасы'],
      ['матраса', 'матрасов'],
      ['матрас', 'матрасы'],
      ['матрас', 'матраса', 'матрасов'],
    ),
    kk: { label: 'матрас' },
    counts: ['piece'],
  },
  'NFI-KITCHEN-SET': {
    en: { one: 'kitchen set', other: 'kitchen sets' },
    ru: ru(
      'кухонный набор',
      ['кухонный набор', 'кухонные наборы'],
      ['кухонного набора', 'кухонных наборов'],
      ['кухонный набор', 'кухонные наборы'],
      ['кухонный набор', 'кухонных набора', 'кухонных наборов'],
    ),
    kk: { label: 'ас үй жиынтығы', possessive: true },
    counts: ['set', 'kit', 'piece'],
  },
  'FOOD-RATION': {
    en: { one: 'food ration', other: 'food rations' },
    ru: ru(
      'продуктовый паёк',
      ['продуктовый паёк', 'продуктовые пайки'],
      ['продуктового пайка', 'продуктовых пайков'],
      ['продуктовый паёк', 'продуктовые пайки'],
      ['продуктовый паёк', 'продуктовых пайка', 'продуктовых пайков'],
    ),
    kk: { label: 'азық-түлік үлесі', possessive: true },
    counts: ['ration', 'piece'],
  },
  'FOOD-FLOUR': {
    en: { mass: 'wheat flour' },
    ru: ruMass('пшеничная мука', 'пшеничной муки', 'пшеничную муку'),
    kk: { label: 'бидай ұны', possessive: true },
    counts: [],
  },
  'AGRI-ANIMAL-FEED': {
    en: { mass: 'animal feed' },
    ru: ruMass('корм для скота', 'корма для скота', 'корм для скота'),
    kk: { label: 'мал азығы', possessive: true },
    counts: [],
  },
  'HEALTH-MEDICAL-KIT': {
    en: { one: 'medical kit', other: 'medical kits' },
    ru: ru(
      'медицинская аптечка',
      ['медицинская аптечка', 'медицинские аптечки'],
      ['медицинской аптечки', 'медицинских аптечек'],
      ['медицинскую аптечку', 'медицинские аптечки'],
      ['медицинская аптечка', 'медицинские аптечки', 'медицинских аптечек'],
    ),
    kk: { label: 'медициналық қобдиша' },
    counts: ['kit', 'piece'],
  },
  'EQUIP-WATER-PUMP': {
    en: { one: 'water pump', other: 'water pumps' },
    ru: ru(
      'водяной насос',
      ['водяной насос', 'водяные насосы'],
      ['водяного насоса', 'водяных насосов'],
      ['водяной насос', 'водяные насосы'],
      ['водяной насос', 'водяных насоса', 'водяных насосов'],
    ),
    kk: { label: 'су сорғысы', possessive: true },
    counts: ['piece'],
  },
  'EQUIP-GENERATOR': {
    en: { one: 'power generator', other: 'power generators' },
    ru: ru(
      'электрогенератор',
      ['электрогенератор', 'электрогенераторы'],
      ['электрогенератора', 'электрогенераторов'],
      ['электрогенератор', 'электрогенераторы'],
      ['электрогенератор', 'электрогенератора', 'электрогенераторов'],
    ),
    kk: { label: 'электр генераторы', possessive: true },
    counts: ['piece'],
  },
  'FLOOD-SANDBAG': {
    en: { one: 'sandbag', other: 'sandbags' },
    ru: ru(
      'мешки с песком',
      ['мешок с песком', 'мешки с песком'],
      ['мешка с песком', 'мешков с песком'],
      ['мешок с песком', 'мешки с песком'],
      ['мешок с песком', 'мешка с песком', 'мешков с песком'],
    ),
    kk: { label: 'құм қаптары', possessive: true, counted: 'құм қабы' },
    counts: ['piece'],
  },
  'RESCUE-MOTOR-BOAT': {
    en: { one: 'motor boat', other: 'motor boats' },
    ru: ru(
      'моторная лодка',
      ['моторная лодка', 'моторные лодки'],
      ['моторной лодки', 'моторных лодок'],
      ['моторную лодку', 'моторные лодки'],
      ['моторная лодка', 'моторные лодки', 'моторных лодок'],
    ),
    kk: { label: 'моторлы қайық' },
    counts: ['piece'],
  },
  'RESCUE-TEAM': {
    en: { one: 'rescue team', other: 'rescue teams' },
    ru: ru(
      'спасательная группа',
      ['спасательная группа', 'спасательные группы'],
      ['спасательной группы', 'спасательных групп'],
      ['спасательную группу', 'спасательные группы'],
      ['спасательная группа', 'спасательные группы', 'спасательных групп'],
    ),
    kk: { label: 'құтқару тобы', possessive: true },
    counts: ['team'],
  },
};

/** The catalogue codes the vocabulary has words for. */
export const KNOWN_ITEMS = Object.keys(ITEMS);

/** Person-typed text as readers see it quoted: «…» in Kazakh and Russian, “…” in English. */
export function quote(text: string, language: Language, plain = false): string {
  if (language === 'en') return plain ? `"${text}"` : `“${text}”`;
  return `«${text}»`;
}

/** What a template says about the goods of a request or offer, in one language. */
export interface GoodsWords {
  /** The item as a label: ru/kk nominative, en lower-case; a free item quoted. */
  item: string;
  /** Of the item, as in "request for …": ru genitive (plural if counted), kk and en as label. */
  itemOf: string;
  /**
   * Quantity and item together, in the nominative: en "300 family tents", "200 litres of
   * drinking water"; ru "300 семейных палаток", "200 литров питьевой воды"; kk "300 отбасылық
   * шатыр", "200 литр ауыз су". A free item: ru/kk "«Diesel fuel» — 200 литров".
   */
  goods: string;
  /** `goods` as a direct object: kk accusative (300 көрпені), ru and en as `goods`. */
  goodsAcc: string;
  /** Only the quantity with its unit: "300 штук", "300 tents", "300 дана". */
  amount: string;
}

function plural(forms: Readonly<Record<string, string>>, n: number, language: Language): string {
  return String(new IntlMessageFormat(icuPlural(forms), language).format({ n }));
}

/**
 * The words for `n` of an item in `unit` (`itemCode` from the catalogue, else `itemName` as
 * typed), in `language`.
 */
export function goodsIn(
  item: { itemCode: string | null; itemName: string; unit: string },
  n: number,
  language: Language,
  options: { plainQuotes?: boolean } = {},
): GoodsWords {
  const words = item.itemCode ? ITEMS[item.itemCode] : undefined;
  const quantity = amount(n, item.unit, language);
  if (!words) {
    const named = quote(item.itemName, language, options.plainQuotes);
    const goods = language === 'en' ? `${quantity} of ${named}` : `${named} — ${quantity}`;
    const goodsAcc = language === 'kk' ? `${named} тауарын, ${quantity}` : goods;
    return { item: named, itemOf: named, goods, goodsAcc, amount: quantity };
  }
  const counted = words.counts.includes(item.unit);
  if (language === 'en') {
    const en = words.en;
    if ('mass' in en) {
      const goods = `${quantity} of ${en.mass}`;
      return { item: en.mass, itemOf: en.mass, goods, goodsAcc: goods, amount: quantity };
    }
    const goods = counted ? plural(en, n, 'en') : `${quantity} of ${en.other}`;
    return { item: en.one, itemOf: en.other, goods, goodsAcc: goods, amount: quantity };
  }
  if (language === 'ru') {
    const r = words.ru;
    const goods =
      counted && r.count
        ? plural({ one: r.count[0], few: r.count[1], many: r.count[2], other: r.count[1] }, n, 'ru')
        : `${quantity} ${r.gen[r.mass ? 0 : 1]}`;
    return {
      item: r.label,
      itemOf: r.gen[r.mass ? 0 : 1],
      goods,
      goodsAcc: goods,
      amount: quantity,
    };
  }
  const k = words.kk;
  const prefix = counted ? count(n, 'kk') : quantity;
  const noun = k.counted ?? k.label;
  return {
    item: k.label,
    itemOf: k.label,
    goods: `${prefix} ${noun}`,
    goodsAcc: `${prefix} ${kazakhAccusative(noun, k.possessive)}`,
    amount: quantity,
  };
}

/** A Russian noun's forms for a catalogue code (the vocabulary spec reads them). */
export function russianForms(itemCode: string): RussianNoun | undefined {
  return ITEMS[itemCode]?.ru;
}

// ---------------------------------------------------------------------------------------------
// Statuses, priorities, scopes, CAP words.

/** CAP 1.2 severity and urgency: one list with the CAP alerts (@relief/contracts). */
const SEVERITIES: Words = SEVERITY_WORDS;
const URGENCIES: Words = URGENCY_WORDS;

/** Incident status, as a short adjective of "инцидент" in Russian. */
const INCIDENT_STATUSES: Words = {
  reported: { en: 'reported', ru: 'зарегистрирован', kk: 'тіркелді' },
  active: { en: 'active', ru: 'активен', kk: 'белсенді' },
  contained: { en: 'contained', ru: 'локализован', kk: 'оқшауланды' },
  closed: { en: 'closed', ru: 'закрыт', kk: 'жабылды' },
  cancelled: { en: 'cancelled', ru: 'отменён', kk: 'тіркеуден алынды' },
};

/** Request status, as a short adjective of "запрос" in Russian. */
const REQUEST_STATUSES: Words = {
  open: { en: 'open', ru: 'открыт', kk: 'ашық' },
  'partially-pledged': { en: 'partly pledged', ru: 'частично обеспечен', kk: 'ішінара қамтылды' },
  pledged: { en: 'fully pledged', ru: 'полностью обеспечен', kk: 'толық қамтылды' },
  'partially-delivered': {
    en: 'partly delivered',
    ru: 'частично доставлен',
    kk: 'ішінара жеткізілді',
  },
  fulfilled: { en: 'fulfilled', ru: 'выполнен', kk: 'орындалды' },
  cancelled: { en: 'cancelled', ru: 'отменён', kk: 'күші жойылды' },
  closed: { en: 'closed', ru: 'закрыт', kk: 'жабылды' },
};

/** Request priority, as an adjective of "приоритет" in Russian. */
const PRIORITIES: Words = {
  critical: { en: 'critical', ru: 'критический', kk: 'аса жоғары' },
  high: { en: 'high', ru: 'высокий', kk: 'жоғары' },
  normal: { en: 'normal', ru: 'обычный', kk: 'қалыпты' },
};

/** What feedback is about, as the console's feedback page says it. */
const FEEDBACK_CATEGORIES: Words = {
  'missing-item': { en: 'missing item', ru: 'не хватает предмета', kk: 'зат жетіспейді' },
  quality: { en: 'quality', ru: 'качество', kk: 'сапасы' },
  quantity: { en: 'quantity', ru: 'количество', kk: 'саны' },
  other: { en: 'other', ru: 'другое', kk: 'басқа' },
};

const FIELD_NAMES: Words = {
  title: { en: 'title', ru: 'название', kk: 'атауы' },
  description: { en: 'description', ru: 'описание', kk: 'сипаттамасы' },
  areaDescription: { en: 'area', ru: 'район', kk: 'аумағы' },
  location: { en: 'location', ru: 'координаты', kk: 'орналасуы' },
  hazard: { en: 'hazard', ru: 'вид угрозы', kk: 'қауіп түрі' },
  region: { en: 'region', ru: 'регион', kk: 'өңірі' },
  urgency: { en: 'urgency', ru: 'срочность', kk: 'шұғылдығы' },
  certainty: { en: 'certainty', ru: 'достоверность', kk: 'сенімділігі' },
  occurredAt: { en: 'time of the event', ru: 'время события', kk: 'болған уақыты' },
  quantity: { en: 'quantity', ru: 'количество', kk: 'саны' },
  priority: { en: 'priority', ru: 'приоритет', kk: 'басымдығы' },
  neededBy: { en: 'needed-by date', ru: 'срок', kk: 'мерзімі' },
  notes: { en: 'notes', ru: 'примечания', kk: 'ескертпелер' },
  availableBy: { en: 'availability date', ru: 'дата готовности', kk: 'дайын болу күні' },
  unit: { en: 'unit', ru: 'единица измерения', kk: 'өлшем бірлігі' },
  itemName: { en: 'item', ru: 'наименование', kk: 'атауы' },
};

function wordFor(words: Words, code: unknown, language: Language): string | undefined {
  return typeof code === 'string' ? words[code]?.[language] : undefined;
}

/** A code's words, or the code itself when the vocabulary has none. */
function named(words: Words, code: string | null | undefined, language: Language): string {
  if (code === null || code === undefined) return '';
  return wordFor(words, code, language) ?? code;
}

export const hazardIn = (code: string, l: Language): string => named(HAZARDS, code, l);
export const severityIn = (code: string, l: Language): string => named(SEVERITIES, code, l);
export const urgencyIn = (code: string, l: Language): string => named(URGENCIES, code, l);
export const incidentStatusIn = (code: string, l: Language): string =>
  named(INCIDENT_STATUSES, code, l);
export const requestStatusIn = (code: string, l: Language): string =>
  named(REQUEST_STATUSES, code, l);
export const priorityIn = (code: string, l: Language): string => named(PRIORITIES, code, l);
export const feedbackCategoryIn = (code: string, l: Language): string =>
  named(FEEDBACK_CATEGORIES, code, l);

/** Changed field names as a list in the language ("area, title"). */
export function fieldsIn(fields: readonly string[], language: Language): string {
  const list = new Intl.ListFormat(language === 'kk' ? 'kk' : language, {
    type: 'conjunction',
    style: 'long',
  });
  return list.format(fields.map((f) => named(FIELD_NAMES, f, language)));
}

/** A region: its name, and in Kazakh where something happens (Ақтөбе облысында). */
export function regionIn(code: string, language: Language): { name: string; where: string } {
  const name = wordFor(REGIONS, code, language);
  if (language === 'kk') {
    if (!name) return { name: code, where: `${code} өңірінде` };
    return { name, where: kazakhLocative(name, KK_POSSESSIVE_NAME.test(name)) };
  }
  return { name: name ?? code, where: name ?? code };
}

const RU_MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A deadline day (`neededBy` travels as midnight UTC): ru "до 5 апреля 2024 года", kk "2024
 * жылғы 5 сәуірге дейін", en "by 5 April 2024"; `short` leaves the year out (SMS).
 */
export function deadlineIn(iso: string, language: Language, short = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.getUTCDate();
  const month = date.getUTCMonth();
  const year = date.getUTCFullYear();
  if (language === 'ru') {
    return short
      ? `до ${day} ${RU_MONTHS_GENITIVE[month]}`
      : `до ${day} ${RU_MONTHS_GENITIVE[month]} ${year} года`;
  }
  if (language === 'kk') {
    const dative = `${day} ${kazakhDative(KK_MONTHS[month] ?? '')} дейін`;
    return short ? dative : `${year} жылғы ${dative}`;
  }
  return short ? `by ${day} ${EN_MONTHS[month]}` : `by ${day} ${EN_MONTHS[month]} ${year}`;
}

// ---------------------------------------------------------------------------------------------
// The console's words (apps/console/web/scripts/vocabulary.ts reads them through `localize`).

/** Payload field → the words for its codes. `itemName` is looked up by `itemCode`. */
const FIELDS = {
  hazard: HAZARDS,
  region: REGIONS,
  unit: UNIT_LABELS,
  severity: {
    ...Object.fromEntries(
      Object.entries(SEVERITIES).map(([code, w]) => [code, { ru: w.ru, kk: w.kk }]),
    ),
  },
  previousSeverity: Object.fromEntries(
    Object.entries(SEVERITIES).map(([code, w]) => [code, { ru: w.ru, kk: w.kk }]),
  ),
  urgency: Object.fromEntries(
    Object.entries(URGENCIES).map(([code, w]) => [code, { ru: w.ru, kk: w.kk }]),
  ),
  status: Object.fromEntries(
    Object.entries(INCIDENT_STATUSES).map(([code, w]) => [code, { ru: w.ru, kk: w.kk }]),
  ),
  previousStatus: Object.fromEntries(
    Object.entries(INCIDENT_STATUSES).map(([code, w]) => [code, { ru: w.ru, kk: w.kk }]),
  ),
} as const satisfies Readonly<Record<string, Words>>;

/** The payload fields `localize` may turn into words. */
export type LocalizedField = keyof typeof FIELDS | 'itemName';

/** A payload with the fields that carry codes holding words (plain strings). */
export type Localized<P> = { readonly [K in keyof P]: K extends LocalizedField ? string : P[K] };

/**
 * A copy of `payload` whose codes read as words of `language` (labels: nominative, units as the
 * console's short forms, English keeping CAP's and the catalogue's own words); the event itself
 * is untouched. The console generates its words from this.
 */
export function localize<P extends object>(payload: P, language: Language): Localized<P> {
  const codes = payload as Readonly<Record<string, unknown>>;
  const words: Record<string, unknown> = { ...codes };
  for (const [field, table] of Object.entries(FIELDS)) {
    const word = wordFor(table, codes[field], language);
    if (word !== undefined) words[field] = word;
  }
  const code = codes.itemCode;
  const item = typeof code === 'string' && language !== 'en' ? ITEMS[code]?.[language] : undefined;
  if (item !== undefined) words.itemName = item.label;
  // Only fields named by LocalizedField changed, each from a code to its word.
  return words as Localized<P>;
}
