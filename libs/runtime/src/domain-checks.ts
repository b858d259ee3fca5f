import type { DomainException } from './domain.exception';

/** A domain's check of a quantity of items, thrown as the domain's exception class. */
export function assertQuantity(
  exception: typeof DomainException,
  quantity: number,
  field = 'quantity',
): void {
  if (!Number.isInteger(quantity) || quantity < 1) {
    const problem = 'must be a whole number of at least 1';
    throw exception.invalidField('invalid_quantity', field, problem, `${field} ${problem}`);
  }
}

/**
 * Whether an edit leaves a value as it is: dates by their instant, arrays and objects by their
 * content (keys holding undefined count as absent, key order does not count).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameValue(item, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
