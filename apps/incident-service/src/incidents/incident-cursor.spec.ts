import { DomainException } from '@relief/runtime';
import { decodeCursor, encodeCursor } from './incident-cursor';

const ID = '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(value: string): DomainException {
  try {
    decodeCursor(value);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    return error as DomainException;
  }
  throw new Error('expected a refusal');
}

describe('decodeCursor: checked after decoding', () => {
  it.each([
    ['JavaScript’s earliest date', new Date(-8_640_000_000_000_000)],
    ['JavaScript’s latest date', new Date(8_640_000_000_000_000)],
    ['year 0', new Date('0000-01-01T00:00:00.000Z')],
    ['year 10000', new Date('+010000-01-01T00:00:00.000Z')],
  ])('refuses an instant PostgreSQL does not store alike: %s', (_what, reportedAt) => {
    const problem = refusal(encodeCursor({ reportedAt, id: ID }));
    expect(problem.code).toBe('invalid_cursor');
    expect(problem.details.fields).toEqual([
      { field: 'cursor', message: 'not a cursor this service issued' },
    ]);
  });

  it.each([
    ['a number for the instant', { r: 1_700_000_000_000, i: ID }],
    ['null for the instant', { r: null, i: ID }],
    ['an array for the id', { r: '2024-04-02T06:00:00.000Z', i: [ID] }],
    ['a number for the id', { r: '2024-04-02T06:00:00.000Z', i: 7 }],
    ['an instant not as toISOString writes it', { r: '2024-04-02T06:00:00Z', i: ID }],
    ['an impossible day', { r: '2027-02-29T00:00:00.000Z', i: ID }],
    ['an array', [ID]],
    ['a string', 'cursor'],
  ])('refuses %s', (_what, value) => {
    expect(refusal(cursorOf(value)).details.fields?.[0].field).toBe('cursor');
  });

  it('takes the bounds themselves', () => {
    for (const instant of ['1900-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const cursor = { reportedAt: new Date(instant), id: ID };
      expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    }
  });
});

describe('incident list cursor', () => {
  it('round-trips (reportedAt, id) and is opaque', () => {
    const cursor = {
      reportedAt: new Date('2024-04-02T06:00:00.123Z'),
      id: ID,
    };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    'garbage!',
    Buffer.from('{"r":"2024-04-02T06:00:00.000Z"}').toString('base64url'),
    Buffer.from('{"r":"yesterday","i":"0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01"}').toString(
      'base64url',
    ),
    Buffer.from('{"r":"2024-04-02T06:00:00.000Z","i":"1; DROP TABLE"}').toString('base64url'),
    Buffer.from('null').toString('base64url'),
  ])('refuses a cursor it did not issue: %s', (value) => {
    expect(() => decodeCursor(value)).toThrow(DomainException);
  });
});
