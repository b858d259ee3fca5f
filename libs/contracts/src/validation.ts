import { ValidateIf } from 'class-validator';

/**
 * The property must be present but may be `null`: its other rules apply only to non-null values.
 * (`@IsOptional()` would also let it be missing, which we keep for fields added in a compatible
 * way after a version was first published.)
 */
export function Nullable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== null);
}

/** ISO 8601 timestamps as `Date.prototype.toISOString()` writes them (the producer's clock). */
export const ISO_TIMESTAMP = { strict: true, strictSeparator: true } as const;
