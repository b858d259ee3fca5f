import { parse } from 'csv-parse/sync';
import { NotificationException } from '../notifications/notification.exception';
import type { ImportedSubscriber, ImportedSubscription, RefusedRow } from './subscriber-import';

/** The columns of the CSV form of subscribers, in the order an export writes them. */
export const SUBSCRIBER_CSV_COLUMNS = [
  'reference',
  'name',
  'organisation',
  'email',
  'phone',
  'language',
  'channels',
  'userId',
  'receiveExercises',
  'eventTypes',
  'regions',
  'hazards',
  'minSeverity',
  'incidentIds',
  'itemCodes',
] as const;
export type SubscriberCsvColumn = (typeof SUBSCRIBER_CSV_COLUMNS)[number];

const REQUIRED: readonly SubscriberCsvColumn[] = ['name', 'organisation', 'language', 'channels'];
const LISTS: ReadonlySet<string> = new Set([
  'channels',
  'eventTypes',
  'regions',
  'hazards',
  'incidentIds',
  'itemCodes',
]);
const SUBSCRIPTION: readonly SubscriberCsvColumn[] = [
  'eventTypes',
  'regions',
  'hazards',
  'minSeverity',
  'incidentIds',
  'itemCodes',
];
/** Optional single values: an empty cell is null (cleared). */
const NULLABLE: ReadonlySet<string> = new Set(['reference', 'email', 'phone', 'userId']);
/** A list cell holding only this: every value (the empty list of the API). */
const ALL = '*';
/** Yes/no cells, as spreadsheets write them (any case); an empty cell is the default, no. */
const BOOLEANS: ReadonlySet<string> = new Set(['receiveExercises']);
const YES: ReadonlySet<string> = new Set(['true', 'yes', '1']);
const NO: ReadonlySet<string> = new Set(['false', 'no', '0', '']);

/** One data row of a CSV, as an import entry (the JSON shape, one subscription at most). */
export interface CsvRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  entry: Record<string, unknown>;
  /** Which person it belongs to, as written (rows of one person are merged). */
  person: string;
}

function csvProblem(code: string, field: string, problem: string, message: string) {
  return NotificationException.invalidField(code, field, problem, message);
}

/** A yes/no cell as a boolean; anything else is left as written, for the DTO to refuse. */
function booleanOf(cell: string): boolean | string {
  const word = cell.toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return cell;
}

function listOf(cell: string): string[] {
  if (cell === ALL) return [];
  return cell
    .split(/[|;]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * The rows of a CSV import. The header must name known columns, the required ones among them;
 * a row with another number of cells than the header is refused on its own.
 */
export function readSubscriberCsv(text: string): { rows: CsvRow[]; refused: RefusedRow[] } {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw csvProblem(
      'csv_malformed',
      'body',
      'must be CSV (RFC 4180)',
      `the body is not CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const [header, ...data] = records;
  if (!header) {
    throw csvProblem('csv_header_missing', 'body', 'must start with a header row', 'no header');
  }
  const known: ReadonlySet<string> = new Set(SUBSCRIBER_CSV_COLUMNS);
  const unknown = header.find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw csvProblem(
      'csv_column_unknown',
      unknown,
      `is not a column; the columns are ${SUBSCRIBER_CSV_COLUMNS.join(', ')}`,
      `unknown column ${JSON.stringify(unknown)}`,
    );
  }
  const repeated = header.find((name, i) => header.indexOf(name) !== i);
  if (repeated !== undefined) {
    throw csvProblem('csv_column_repeated', repeated, 'is named twice', `${repeated} twice`);
  }
  const missing = REQUIRED.find((name) => !header.includes(name));
  if (missing !== undefined) {
    throw csvProblem('csv_column_missing', missing, 'is a required column', `no ${missing} column`);
  }
  const withSubscriptions = SUBSCRIPTION.some((name) => header.includes(name));
  const rows: CsvRow[] = [];
  const refused: RefusedRow[] = [];
  data.forEach((cells, i) => {
    const row = i + 2;
    if (cells.length !== header.length) {
      refused.push({
        row,
        field: 'row',
        code: 'row_cell_count',
        message: `has ${cells.length} cells, the header ${header.length}`,
      });
      return;
    }
    const cell = Object.fromEntries(header.map((name, c) => [name, cells[c]]));
    rows.push({ row, entry: entryOf(cell, withSubscriptions), person: personOf(cell, row) });
  });
  return { rows, refused };
}

function entryOf(cell: Record<string, string>, withSubscriptions: boolean) {
  const entry: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(cell)) {
    if (SUBSCRIPTION.includes(name as SubscriberCsvColumn)) continue;
    if (LISTS.has(name)) entry[name] = listOf(value);
    else if (BOOLEANS.has(name)) entry[name] = booleanOf(value);
    else entry[name] = NULLABLE.has(name) && value === '' ? null : value;
  }
  if (withSubscriptions) {
    const subscribed = SUBSCRIPTION.some((name) => (cell[name] ?? '') !== '');
    entry.subscriptions = subscribed
      ? [
          {
            eventTypes: listOf(cell.eventTypes ?? ''),
            regions: listOf(cell.regions ?? ''),
            hazards: listOf(cell.hazards ?? ''),
            incidentIds: listOf(cell.incidentIds ?? ''),
            itemCodes: listOf(cell.itemCodes ?? ''),
            minSeverity: cell.minSeverity ? cell.minSeverity : null,
          },
        ]
      : [];
  }
  return entry;
}

/** The key as written; rows of one person share it (refused rows too, to refuse their person). */
function personOf(cell: Record<string, string>, row: number): string {
  if (cell.reference) return `reference:${cell.reference}`;
  if (cell.email) return `email:${cell.email.toLowerCase()}`;
  if (cell.phone) return `phone:${cell.phone.replace(/[\s()-]/g, '')}`;
  return `row:${row}`;
}

/** A JSON field path of an entry, as the CSV column it came from (`subscriptions.0.regions`). */
export function csvColumnOf(path: string): string {
  return path.startsWith('subscriptions.') ? (path.split('.')[2] ?? 'subscriptions') : path;
}

/**
 * The people of the checked rows: the rows of one person merged (one subscription each). A
 * person is imported only if all its rows are accepted and agree on its fields.
 */
export function mergeCsvRows(
  checked: { row: CsvRow; subscriber?: ImportedSubscriber; refused?: RefusedRow[] }[],
): { people: { rows: number[]; subscriber: ImportedSubscriber }[]; refused: RefusedRow[] } {
  const groups = new Map<string, typeof checked>();
  for (const item of checked) {
    const group = groups.get(item.row.person) ?? [];
    group.push(item);
    groups.set(item.row.person, group);
  }
  const people: { rows: number[]; subscriber: ImportedSubscriber }[] = [];
  const refused: RefusedRow[] = [];
  for (const group of groups.values()) {
    const own = group.flatMap((item) => item.refused ?? []);
    const first = group[0].subscriber;
    const disagreeing = first
      ? group.flatMap((item) => disagreement(first, item.row.row, item.subscriber))
      : [];
    const problems = [...own, ...disagreeing];
    if (problems.length > 0 || !first) {
      const named = new Set(problems.map((p) => p.row));
      refused.push(
        ...problems,
        ...group
          .filter((item) => !named.has(item.row.row))
          .map((item) => ({
            row: item.row.row,
            field: 'row',
            code: 'person_refused',
            message: `another row of this person is refused (row ${[...named].join(', ')})`,
          })),
      );
      continue;
    }
    const subscriptions: ImportedSubscription[] | undefined = first.subscriptions
      ? group.flatMap((item) => item.subscriber?.subscriptions ?? [])
      : undefined;
    people.push({
      rows: group.map((item) => item.row.row),
      subscriber: { ...first, subscriptions },
    });
  }
  return { people, refused };
}

const PERSON_FIELDS = [
  'reference',
  'name',
  'organisation',
  'email',
  'phone',
  'language',
  'channels',
  'userId',
  'receiveExercises',
] as const;

function disagreement(
  first: ImportedSubscriber,
  row: number,
  other: ImportedSubscriber | undefined,
): RefusedRow[] {
  if (!other) return [];
  const field = PERSON_FIELDS.find(
    (name) => JSON.stringify(first[name]) !== JSON.stringify(other[name]),
  );
  return field
    ? [
        {
          row,
          field,
          code: 'person_disagrees',
          message: `${field} differs from the person's first row`,
        },
      ]
    : [];
}

/** The CSV rows of one stored subscriber: one per subscription, or one without any. */
export function csvRowsOf(subscriber: ImportedSubscriber): string[][] {
  const person = [
    subscriber.reference ?? '',
    subscriber.name,
    subscriber.organisation,
    subscriber.email ?? '',
    subscriber.phone ?? '',
    subscriber.language,
    subscriber.channels.join('|'),
    subscriber.userId ?? '',
    subscriber.receiveExercises ? 'true' : 'false',
  ];
  const subscriptions = subscriber.subscriptions ?? [];
  if (subscriptions.length === 0) return [[...person, '', '', '', '', '', '']];
  return subscriptions.map((s) => {
    const everything =
      s.eventTypes.length +
        s.regions.length +
        s.hazards.length +
        s.incidentIds.length +
        s.itemCodes.length ===
        0 && !s.minSeverity;
    return [
      ...person,
      everything ? ALL : s.eventTypes.join('|'),
      s.regions.join('|'),
      s.hazards.join('|'),
      s.minSeverity ?? '',
      s.incidentIds.join('|'),
      s.itemCodes.join('|'),
    ];
  });
}
