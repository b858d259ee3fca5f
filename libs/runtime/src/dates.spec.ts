import { validate } from 'class-validator';
import {
  IsCalendarDate,
  isCalendarDate,
  IsTimestamp,
  isTimestamp,
  MAX_YEAR,
  MIN_YEAR,
  withinYearBounds,
} from './dates';

describe('isCalendarDate', () => {
  it.each(['2027-03-01', '2028-02-29', '2000-02-29', `${MIN_YEAR}-01-01`, `${MAX_YEAR}-12-31`])(
    'takes %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(true);
    },
  );

  it.each([
    ['30 February', '2027-02-30'],
    ['29 February of a common year', '2027-02-29'],
    ['29 February of a century that is not a leap year', '2100-02-29'],
    ['31 April', '2027-04-31'],
    ['month 13', '2027-13-01'],
    ['day 0', '2027-01-00'],
    ['year 0', '0000-01-01'],
    ['a year before the bounds', `${MIN_YEAR - 1}-12-31`],
    ['JavaScript’s latest date', '+275760-09-13'],
    ['JavaScript’s earliest date', '-271821-04-20'],
    ['a timestamp', '2027-03-01T00:00:00Z'],
    ['an ordinal date', '2027-060'],
    ['a week date', '2027-W09-1'],
    ['a year alone', '2027'],
    ['no dashes', '20270301'],
    ['surrounding space', ' 2027-03-01'],
    ['a number', 20270301],
    ['null', null],
  ])('refuses %s', (_what, value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('isTimestamp', () => {
  it.each([
    '2024-04-02T05:30:00.000Z',
    '2024-04-02T05:30:00Z',
    '2024-04-02T10:30:00+05:00',
    '2028-02-29T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ])('takes %s', (value) => {
    expect(isTimestamp(value)).toBe(true);
  });

  it.each([
    ['30 February', '2027-02-30T00:00:00Z'],
    ['29 February of a common year', '2027-02-29T00:00:00Z'],
    ['year 0', '0000-01-01T00:00:00.000Z'],
    ['JavaScript’s earliest date', '-271821-04-20T00:00:00.000Z'],
    ['JavaScript’s latest date', '+275760-09-13T00:00:00.000Z'],
    ['past 9999 once in UTC', '9999-12-31T23:00:00-05:00'],
    ['a week date JavaScript cannot read', '2024-W01-1T00:00:00Z'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ['an offset of 25 hours', '2024-01-01T00:00:00+25:00'],
    ['no separator', '2024-01-01 00:00:00Z'],
    ['words', 'yesterday'],
    ['a number', 1_700_000_000_000],
  ])('refuses %s', (_what, value) => {
    expect(isTimestamp(value)).toBe(false);
  });

  it('bounds instants to the years both JavaScript and PostgreSQL write alike', () => {
    expect(withinYearBounds(new Date('1900-01-01T00:00:00Z'))).toBe(true);
    expect(withinYearBounds(new Date(-8_640_000_000_000_000))).toBe(false);
    expect(withinYearBounds(new Date(8_640_000_000_000_000))).toBe(false);
    expect(withinYearBounds(new Date(Number.NaN))).toBe(false);
  });
});

describe('@IsCalendarDate() and @IsTimestamp()', () => {
  class Probe {
    @IsCalendarDate()
    neededBy: unknown;

    @IsTimestamp()
    occurredAt: unknown;
  }

  it('name the field and what it must be', async () => {
    const probe = Object.assign(new Probe(), {
      neededBy: '2027-02-29',
      occurredAt: '+275760-09-13T00:00:00.000Z',
    });
    const errors = await validate(probe);
    expect(errors.map((e) => [e.property, Object.values(e.constraints ?? {})])).toEqual([
      [
        'neededBy',
        ['neededBy must be a calendar date (YYYY-MM-DD) between 1900-01-01 and 9999-12-31'],
      ],
      [
        'occurredAt',
        [
          'occurredAt must be an ISO 8601 timestamp (e.g. 2024-04-02T05:30:00Z) between 1900-01-01 and 9999-12-31',
        ],
      ],
    ]);
    await expect(
      validate(
        Object.assign(new Probe(), { neededBy: '2028-02-29', occurredAt: '2028-02-29T12:00:00Z' }),
      ),
    ).resolves.toEqual([]);
  });
});
