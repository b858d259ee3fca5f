/**
 * @Transform() helpers that read strings into what a class declares: environment settings here,
 * query parameters and bodies in the services' DTOs.
 */

/** `"42"` → 42; anything else is left for the validators to refuse. */
export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** `"a, b,,c"` → `['a', 'b', 'c']`. */
export const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** `1`, `true`, `yes` (any case) → true; any other string → false. */
export const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.trim().toLowerCase()) : value;

/** A string without its leading and trailing white space. */
export const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
