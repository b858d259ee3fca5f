import { ApiPropertyOptional } from '@nestjs/swagger';
import { knownRegion } from '@relief/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import { oneOf, QueryFlag } from './validation';

/**
 * HXL-tagged CSV (Humanitarian Exchange Language 1.1, https://hxlstandard.org/standard/1-1final/),
 * the form the Humanitarian Data Exchange reads: a row of human headers, a row of hashtags, then
 * the data. Each export lists its columns once (`HxlColumn`) and streams its rows page by page.
 */
export interface HxlColumn<R> {
  /** The human header (English, HDX's lingua franca). */
  header: string;
  /** The hashtag with its attributes, e.g. `#adm1 +code`. */
  tag: string;
  value(row: R): string | number | null;
}

/**
 * The core hashtags of the HXL 1.1 dictionary. A column uses one of them, with core attributes
 * where the dictionary has one that fits and our own (lower-case) attributes otherwise, as the
 * tagging conventions allow; a concept the dictionary lacks gets a custom `#x_` hashtag.
 */
export const HXL_CORE_HASHTAGS = [
  'access', 'activity', 'adm1', 'adm2', 'adm3', 'adm4', 'adm5', 'affected', 'beneficiary',
  'capacity', 'cause', 'channel', 'contact', 'country', 'crisis', 'currency', 'date',
  'description', 'event', 'frequency', 'geo', 'group', 'impact', 'indicator', 'inneed', 'item',
  'loc', 'meta', 'modality', 'need', 'operations', 'org', 'output', 'population', 'reached',
  'region', 'respondee', 'sector', 'service', 'severity', 'status', 'subsector', 'targeted',
  'value',
] as const; // prettier-ignore

const TAG = /^#([a-z][a-z0-9_]*)((?:\s*\+[a-z][a-z0-9_]*)*)$/;

/** Why `tag` is not a well-formed HXL tag of a core (or `#x_` custom) hashtag, or undefined. */
export function hxlTagProblem(tag: string): string | undefined {
  const match = TAG.exec(tag);
  if (!match) return `${tag} is not #hashtag +attribute ...`;
  const hashtag = match[1];
  if (!hashtag.startsWith('x_') && !(HXL_CORE_HASHTAGS as readonly string[]).includes(hashtag)) {
    return `#${hashtag} is not a core HXL hashtag (a custom one starts with #x_)`;
  }
  const attributes = match[2]
    .split('+')
    .map((a) => a.trim())
    .filter(Boolean);
  if (new Set(attributes).size !== attributes.length) return `${tag} repeats an attribute`;
  return undefined;
}

/** What an HXL export answers with. */
export const HXL_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The header row and the hashtag row. CRLF line ends (RFC 4180), as the coverage CSV. */
export function hxlHead<R>(columns: readonly HxlColumn<R>[]): string {
  return stringify([columns.map((c) => c.header), columns.map((c) => c.tag)], {
    record_delimiter: 'windows',
  });
}

/** Data rows, in the columns' order; empty for no rows. */
export function hxlRows<R>(columns: readonly HxlColumn<R>[], rows: readonly R[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((row) => columns.map((c) => cell(c.value(row)))),
    { record_delimiter: 'windows' },
  );
}

/** The whole file from pages of rows, written as each page arrives (nothing else is kept). */
export async function* hxlCsv<R>(
  columns: readonly HxlColumn<R>[],
  pages: AsyncIterable<readonly R[]>,
): AsyncGenerator<string> {
  yield hxlHead(columns);
  for await (const page of pages) {
    const text = hxlRows(columns, page);
    if (text) yield text;
  }
}

/**
 * A text cell a spreadsheet would read as a formula (=, +, -, @ ...) is prefixed with an
 * apostrophe, since item names and organisations' names are typed by people (as coverage.csv).
 */
function cell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The languages an export may name regions in (`RegionNames` of @relief/contracts). */
export const EXPORT_LANGUAGES = ['en', 'kk', 'ru'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** A region's name in `lang`; a code outside the vocabulary (an admin's addition) as itself. */
export function regionNameOf(code: string, lang: ExportLanguage): string {
  return knownRegion(code)?.names[lang] ?? code;
}

/** `#event +mode` (actual, exercise, test): a column only when drills are included. */
export function hxlModeColumns<R extends { mode: string }>(includeDrills: boolean): HxlColumn<R>[] {
  return includeDrills ? [{ header: 'Mode', tag: '#event +mode', value: (r) => r.mode }] : [];
}

/**
 * Where a row is: country, region name (in `lang`) and region code, from an ISO 3166-2 region
 * code (its first two letters are the country); empty cells where the region is not known.
 */
export function hxlPlaceColumns<R extends { region: string | null }>(
  lang: ExportLanguage,
): HxlColumn<R>[] {
  return [
    { header: 'Country code', tag: '#country +code', value: (r) => r.region?.slice(0, 2) ?? null },
    {
      header: 'Region',
      tag: '#adm1 +name',
      value: (r) => (r.region === null ? null : regionNameOf(r.region, lang)),
    },
    { header: 'Region code', tag: '#adm1 +code', value: (r) => r.region },
  ];
}

/** What a row is about: item name, catalogue code (empty for a free item) and unit. */
export function hxlItemColumns<
  R extends { itemName: string; itemCode: string | null; unit: string },
>(): HxlColumn<R>[] {
  return [
    { header: 'Item', tag: '#item +name', value: (r) => r.itemName },
    { header: 'Item code', tag: '#item +code', value: (r) => r.itemCode },
    { header: 'Unit', tag: '#item +unit', value: (r) => r.unit },
  ];
}

/** The query every HXL export takes: the language of names and whether drills are included. */
export class HxlExportQuery {
  @ApiPropertyOptional({
    enum: EXPORT_LANGUAGES,
    default: 'en',
    description: 'language of the region names (#adm1 +name); headers and tags stay English',
  })
  @IsOptional()
  @IsIn(EXPORT_LANGUAGES, oneOf(EXPORT_LANGUAGES))
  lang?: ExportLanguage;

  @QueryFlag('include exercise and test incidents, with a mode column (#event +mode)')
  includeDrills?: boolean;
}

/** The file name of an export: `<name>.hxl.csv`, `<name>-with-drills.hxl.csv` with drills. */
export function hxlFileName(name: string, includeDrills: boolean): string {
  return `${name}${includeDrills ? '-with-drills' : ''}.hxl.csv`;
}
