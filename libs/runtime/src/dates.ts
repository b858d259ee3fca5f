import { isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';
import type { DomainException } from './domain.exception';

/**
 * The years a date or timestamp of this platform may fall in. PostgreSQL stores 4713 BC to
 * 5874897 AD and JavaScript ±275760, but their text forms part ways outside four-digit AD years
 * (year 0, BC, `+275760`), where a value that passed validation used to fail in the database.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

const CALENDAR_DATE = /^(\d{4})-\d{2}-\d{2}$/;
/** validator's strict mode checks the calendar: no 30 February, 29 February in leap years only. */
const STRICT = { strict: true, strictSeparator: true } as const;

/** The instant falls in MIN_YEAR..MAX_YEAR (UTC). */
export function withinYearBounds(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** `YYYY-MM-DD` naming a day that exists, in MIN_YEAR..MAX_YEAR. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match || !isISO8601(value, STRICT)) return false;
  const year = Number(match[1]);
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/**
 * A strict ISO 8601 timestamp (e.g. `2024-04-02T05:30:00.000Z`) on a day that exists, that
 * JavaScript reads (validator also takes week dates such as `2024-W01-1`, which `new Date`
 * does not) and whose instant falls in MIN_YEAR..MAX_YEAR.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !isISO8601(value, STRICT)) return false;
  return withinYearBounds(new Date(value));
}

/** Today's date (UTC) as YYYY-MM-DD, to compare with calendar dates. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A domain's check of a calendar date that must not lie in the past (a delivery or need-by
 * date), thrown as the domain's exception class with the domain's codes; null passes.
 */
export function assertTodayOrLater(
  exception: typeof DomainException,
  date: string | null,
  field: string,
  now: Date,
  codes: { invalid: string; past: string },
): void {
  if (date === null) return;
  if (!isCalendarDate(date)) {
    const problem = 'must be a date (YYYY-MM-DD)';
    throw exception.invalidField(codes.invalid, field, problem, `${field} ${problem}`);
  }
  if (date < isoDate(now)) {
    const problem = 'must be today or later';
    throw exception.invalidField(codes.past, field, problem, `${field} ${date} is in the past`);
  }
}

const BOUNDS = `between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;

/** The one validator of every `YYYY-MM-DD` field and query parameter. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: () => `$property must be a calendar date (YYYY-MM-DD) ${BOUNDS}`,
      },
    },
    options,
  );
}

/** The one validator of every timestamp field and query parameter. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value) => isTimestamp(value),
        defaultMessage: () =>
          `$property must be an ISO 8601 timestamp (e.g. 2024-04-02T05:30:00Z) ${BOUNDS}`,
      },
    },
    options,
  );
}
