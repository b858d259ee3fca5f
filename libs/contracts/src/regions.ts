import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/** A region's name in each language the platform writes in. */
export interface RegionNames {
  kk: string;
  ru: string;
  en: string;
}

export interface KnownRegion {
  /** ISO 3166-2, e.g. `KZ-15`. */
  code: string;
  /** ISO 3166-2 subdivision category: 17 regions (oblys) and 3 cities of republican significance. */
  category: 'region' | 'city';
  names: RegionNames;
}

/**
 * The platform's region vocabulary: Kazakhstan's first-level subdivisions as ISO 3166-2:KZ lists
 * them since the 2022 reform. Every service checks region codes against it (incident-service seeds
 * its regions table from the same list). Adding one is a compatible change only once every
 * consumer has it, like the other vocabularies.
 */
export const REGIONS: readonly KnownRegion[] = [
  region('KZ-10', 'region', 'Abai Region', 'область Абай', 'Абай облысы'),
  region('KZ-11', 'region', 'Akmola Region', 'Акмолинская область', 'Ақмола облысы'),
  region('KZ-15', 'region', 'Aktobe Region', 'Актюбинская область', 'Ақтөбе облысы'),
  region('KZ-19', 'region', 'Almaty Region', 'Алматинская область', 'Алматы облысы'),
  region('KZ-23', 'region', 'Atyrau Region', 'Атырауская область', 'Атырау облысы'),
  region(
    'KZ-27',
    'region',
    'West Kazakhstan Region',
    'Западно-Казахстанская область',
    'Батыс Қазақстан облысы',
  ),
  region('KZ-31', 'region', 'Jambyl Region', 'Жамбылская область', 'Жамбыл облысы'),
  region('KZ-33', 'region', 'Jetisu Region', 'область Жетісу', 'Жетісу облысы'),
  region('KZ-35', 'region', 'Karaganda Region', 'Карагандинская область', 'Қарағанды облысы'),
  region('KZ-39', 'region', 'Kostanay Region', 'Костанайская область', 'Қостанай облысы'),
  region('KZ-43', 'region', 'Kyzylorda Region', 'Кызылординская область', 'Қызылорда облысы'),
  region('KZ-47', 'region', 'Mangystau Region', 'Мангистауская область', 'Маңғыстау облысы'),
  region('KZ-55', 'region', 'Pavlodar Region', 'Павлодарская область', 'Павлодар облысы'),
  region(
    'KZ-59',
    'region',
    'North Kazakhstan Region',
    'Северо-Казахстанская область',
    'Солтүстік Қазақстан облысы',
  ),
  region('KZ-61', 'region', 'Turkistan Region', 'Туркестанская область', 'Түркістан облысы'),
  region('KZ-62', 'region', 'Ulytau Region', 'область Улытау', 'Ұлытау облысы'),
  region(
    'KZ-63',
    'region',
    'East Kazakhstan Region',
    'Восточно-Казахстанская область',
    'Шығыс Қазақстан облысы',
  ),
  region('KZ-71', 'city', 'Astana', 'г. Астана', 'Астана қаласы'),
  region('KZ-75', 'city', 'Almaty', 'г. Алматы', 'Алматы қаласы'),
  region('KZ-79', 'city', 'Shymkent', 'г. Шымкент', 'Шымкент қаласы'),
];

function region(
  code: string,
  category: KnownRegion['category'],
  en: string,
  ru: string,
  kk: string,
): KnownRegion {
  return { code, category, names: { kk, ru, en } };
}

const BY_CODE: ReadonlyMap<string, KnownRegion> = new Map(REGIONS.map((r) => [r.code, r]));

export const REGION_CODES: readonly string[] = REGIONS.map((r) => r.code);

/** ISO 3166-1 alpha-2 codes of the countries the vocabulary lists every subdivision of. */
export const REGION_COUNTRIES: readonly string[] = [
  ...new Set(REGIONS.map((r) => r.code.slice(0, 2))),
];

/** Not a type guard: a string that is not known is still a string. */
export function isKnownRegion(code: unknown): boolean {
  return typeof code === 'string' && BY_CODE.has(code);
}

export function knownRegion(code: string): KnownRegion | undefined {
  return BY_CODE.get(code);
}

/** A region code of the vocabulary (`{ each: true }` for an array of codes). */
export function IsKnownRegion(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKnownRegion',
      validator: {
        validate: (value: unknown) => isKnownRegion(value),
        defaultMessage: buildMessage(
          (eachPrefix) =>
            `${eachPrefix}$property must be a known ISO 3166-2 region code such as KZ-15 (${REGION_CODES.join(', ')})`,
          options,
        ),
      },
    },
    options,
  );
}
