import { assertQuantity, sameValue } from './domain-checks';
import { assertTodayOrLater, isoDate } from './dates';
import { DomainException } from './domain.exception';

class ShopException extends DomainException {}

function caught(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('DomainException.invalidField', () => {
  it('is built as the class it is called on, naming the field', () => {
    const error = ShopException.invalidField(
      'bad_size',
      'size',
      'must be S, M or L',
      'no size XXL',
    );
    expect(error).toBeInstanceOf(ShopException);
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 'bad_size',
      message: 'no size XXL',
      details: { fields: [{ field: 'size', message: 'must be S, M or L' }] },
    });
  });

  it('says the problem as the message when no message is given, and takes another kind', () => {
    const error = ShopException.invalidField('taken', 'code', 'code X is taken', undefined, {
      kind: 'conflict',
      details: { existing: 'X' },
    });
    expect(error).toMatchObject({
      kind: 'conflict',
      message: 'code X is taken',
      details: { existing: 'X', fields: [{ field: 'code', message: 'code X is taken' }] },
    });
  });
});

describe('assertQuantity', () => {
  it.each([1, 7, 100_000])('takes %p', (quantity) => {
    expect(() => assertQuantity(ShopException, quantity)).not.toThrow();
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p as the caller’s exception', (quantity) => {
    const error = caught(() => assertQuantity(ShopException, quantity, 'count'));
    expect(error).toBeInstanceOf(ShopException);
    expect(error).toMatchObject({
      code: 'invalid_quantity',
      details: { fields: [{ field: 'count', message: 'must be a whole number of at least 1' }] },
    });
  });
});

describe('assertTodayOrLater', () => {
  const now = new Date('2024-04-02T23:30:00Z');
  const codes = { invalid: 'bad_date', past: 'date_past' };

  it('takes today, later days and null', () => {
    expect(isoDate(now)).toBe('2024-04-02');
    for (const date of ['2024-04-02', '2030-01-01', null]) {
      expect(() => assertTodayOrLater(ShopException, date, 'on', now, codes)).not.toThrow();
    }
  });

  it.each([
    ['2024-04-01', 'date_past', 'must be today or later'],
    ['2024-02-30', 'bad_date', 'must be a date (YYYY-MM-DD)'],
  ])('refuses %s with %s', (date, code, problem) => {
    const error = caught(() => assertTodayOrLater(ShopException, date, 'on', now, codes));
    expect(error).toBeInstanceOf(ShopException);
    expect(error).toMatchObject({ code, details: { fields: [{ field: 'on', message: problem }] } });
  });
});

describe('sameValue', () => {
  it.each<[unknown, unknown]>([
    [1, 1],
    ['a', 'a'],
    [null, null],
    [new Date('2024-04-02T00:00:00Z'), new Date('2024-04-02T00:00:00.000Z')],
    [
      { region: 'KZ-15', coordinates: { latitude: 1, longitude: 2 } },
      { coordinates: { longitude: 2, latitude: 1 }, region: 'KZ-15' },
    ],
    [{ a: 1, b: undefined }, { a: 1 }],
    [
      [1, [2]],
      [1, [2]],
    ],
  ])('%p is the same as %p', (a, b) => {
    expect(sameValue(a, b)).toBe(true);
  });

  it.each<[unknown, unknown]>([
    [1, 2],
    [null, undefined],
    [null, {}],
    [new Date(0), 0],
    [{ a: 1 }, { a: 1, b: 2 }],
    [{ a: null }, {}],
    [[1], [1, 2]],
    [[1], { 0: 1 }],
  ])('%p differs from %p', (a, b) => {
    expect(sameValue(a, b)).toBe(false);
  });
});
