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
  /** Its administrative centre (WGS 84, degrees): where distances to the region are measured from. */
  centre: GeoPoint;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * The platform's region vocabulary: Kazakhstan's first-level subdivisions as ISO 3166-2:KZ lists
 * them since the 2022 reform. Every service checks region codes against it (incident-service seeds
 * its regions table from the same list). Adding one is a compatible change only once every
 * consumer has it, like the other vocabularies.
 */
export const REGIONS: readonly KnownRegion[] = [
  region('KZ-10', 'region', 'Abai Region', 'область Абай', 'Абай облысы', [50.4111, 80.2275]), // Semey
  region(
    'KZ-11',
    'region',
    'Akmola Region',
    'Акмолинская область',
    'Ақмола облысы',
    [53.2833, 69.3833],
  ), // Kokshetau
  region(
    'KZ-15',
    'region',
    'Aktobe Region',
    'Актюбинская область',
    'Ақтөбе облысы',
    [50.2839, 57.167],
  ), // Aktobe
  region(
    'KZ-19',
    'region',
    'Almaty Region',
    'Алматинская область',
    'Алматы облысы',
    [43.8667, 77.0667],
  ), // Qonaev
  region(
    'KZ-23',
    'region',
    'Atyrau Region',
    'Атырауская область',
    'Атырау облысы',
    [47.1167, 51.8833],
  ), // Atyrau
  region(
    'KZ-27',
    'region',
    'West Kazakhstan Region',
    'Западно-Казахстанская область',
    'Батыс Қазақстан облысы',
    [51.2333, 51.3667],
  ), // Oral
  region(
    'KZ-31',
    'region',
    'Jambyl Region',
    'Жамбылская область',
    'Жамбыл облысы',
    [42.9, 71.3667],
  ), // Taraz
  region('KZ-33', 'region', 'Jetisu Region', 'область Жетісу', 'Жетісу облысы', [45.0167, 78.3667]), // Taldykorgan
  region(
    'KZ-35',
    'region',
    'Karaganda Region',
    'Карагандинская область',
    'Қарағанды облысы',
    [49.8028, 73.0875],
  ), // Karaganda
  region(
    'KZ-39',
    'region',
    'Kostanay Region',
    'Костанайская область',
    'Қостанай облысы',
    [53.2144, 63.6246],
  ), // Kostanay
  region(
    'KZ-43',
    'region',
    'Kyzylorda Region',
    'Кызылординская область',
    'Қызылорда облысы',
    [44.8528, 65.5092],
  ), // Kyzylorda
  region(
    'KZ-47',
    'region',
    'Mangystau Region',
    'Мангистауская область',
    'Маңғыстау облысы',
    [43.65, 51.15],
  ), // Aktau
  region(
    'KZ-55',
    'region',
    'Pavlodar Region',
    'Павлодарская область',
    'Павлодар облысы',
    [52.3, 76.95],
  ), // Pavlodar
  region(
    'KZ-59',
    'region',
    'North Kazakhstan Region',
    'Северо-Казахстанская область',
    'Солтүстік Қазақстан облысы',
    [54.8667, 69.15],
  ), // Petropavl
  region(
    'KZ-61',
    'region',
    'Turkistan Region',
    'Туркестанская область',
    'Түркістан облысы',
    [43.3, 68.25],
  ), // Turkistan
  region('KZ-62', 'region', 'Ulytau Region', 'область Улытау', 'Ұлытау облысы', [47.7833, 67.7]), // Jezkazgan
  region(
    'KZ-63',
    'region',
    'East Kazakhstan Region',
    'Восточно-Казахстанская область',
    'Шығыс Қазақстан облысы',
    [49.95, 82.6167],
  ), // Oskemen
  region('KZ-71', 'city', 'Astana', 'г. Астана', 'Астана қаласы', [51.1694, 71.4491]), // Astana
  region('KZ-75', 'city', 'Almaty', 'г. Алматы', 'Алматы қаласы', [43.2383, 76.9453]), // Almaty
  region('KZ-79', 'city', 'Shymkent', 'г. Шымкент', 'Шымкент қаласы', [42.3, 69.6]), // Shymkent
];

function region(
  code: string,
  category: KnownRegion['category'],
  en: string,
  ru: string,
  kk: string,
  [lat, lon]: [number, number],
): KnownRegion {
  return { code, category, names: { kk, ru, en }, centre: { lat, lon } };
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance in kilometres: straight over the globe, not by road. */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance between two regions' administrative centres, in whole km; undefined for an unknown code. */
export function regionDistanceKm(from: string, to: string): number | undefined {
  const a = BY_CODE.get(from);
  const b = BY_CODE.get(to);
  return a && b ? Math.round(greatCircleKm(a.centre, b.centre)) : undefined;
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
