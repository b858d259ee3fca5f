import {
  applyDecorators,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateIf, type ValidationOptions } from 'class-validator';
import { DomainException, type FieldProblem } from './domain.exception';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NUL and unpaired surrogates: PostgreSQL stores neither in text, nor `\u0000` or one in jsonb. */
function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/**
 * The path of the first key or string of an input that PostgreSQL cannot store (`[]` when the
 * input itself is such a string), or undefined. Walked without recursion.
 */
export function unstorableTextAt(value: unknown): string[] | undefined {
  const pending: [unknown, string[]][] = [[value, []]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      if (unstorable(current)) return path;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (unstorable(key)) return [...path, key];
        pending.push([child, [...path, key]]);
      }
    }
  }
  return undefined;
}

/**
 * Refuses a body, query or path parameter holding text PostgreSQL cannot store, naming where it
 * is (otherwise the insert fails: a 500, after the input was validated).
 */
export function refuseUnstorableText(value: unknown, metadata: ArgumentMetadata): void {
  if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return;
  const at = unstorableTextAt(value);
  if (!at) return;
  const field = [metadata.data, ...at].filter((part) => part !== undefined).join('.');
  throw DomainException.invalidField(
    'validation_failed',
    field || metadata.type,
    'must not contain U+0000 (NUL) or an unpaired surrogate',
    `${field || metadata.type} holds a character that cannot be stored`,
  );
}

/**
 * Keys class-transformer skips without a word (they lead to an object's prototype) where every
 * other unknown key is refused (`forbidNonWhitelisted`): refused here the same way.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of every own key named `__proto__`, `constructor` or `prototype`, walked without recursion. */
export function reservedKeyPaths(value: unknown): string[][] {
  const found: string[][] = [];
  const pending: [unknown, string[]][] = [[value, []]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path] = next;
    if (path.length > 0 && RESERVED_KEYS.has(path[path.length - 1])) found.push(path);
    if (current === null || typeof current !== 'object') continue;
    // Pushed last to first, so they are popped (and found) in document order.
    for (const [key, child] of Object.entries(current).reverse()) {
      pending.push([child, [...path, key]]);
    }
  }
  return found;
}

/** Each reserved key named as class-validator names an unknown one. */
export function reservedKeyProblems(paths: string[][], parent?: string): FieldProblem[] {
  return paths.map((path) => ({
    field: [parent, ...path].filter((part) => part !== undefined).join('.'),
    message: `property ${path[path.length - 1]} should not exist`,
  }));
}

/**
 * Refuses a query holding a reserved key (node:querystring makes `?__proto__=1` an own key).
 * Bodies are looked at as soon as they are parsed, for every route (see installBodyParsing).
 */
export function refuseReservedKeys(value: unknown, metadata: ArgumentMetadata): void {
  if (metadata.type !== 'query') return;
  const paths = reservedKeyPaths(value);
  if (paths.length === 0) return;
  throw new DomainException('invalid', 'validation_failed', 'the request is not valid', {
    fields: reservedKeyProblems(paths, metadata.data),
  });
}

/**
 * C0 and C1 controls and DEL (Unicode's Cc), and the line and paragraph separators: a CR LF in
 * an email address or a name breaks the SMTP or SMS message it ends up in.
 */
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;
/** Free text may keep tabs and line breaks (CR too: CR LF is what many clients send). */
const MULTI_LINE_FORBIDDEN = /(?![\t\n\r])[\p{Cc}\u2028\u2029]/u;

/** Per DTO prototype, its properties marked @MultiLine(). */
const multiLineFields = new WeakMap<object, Set<string | symbol>>();

/**
 * A free-text field (a description, notes, a situation report) that may hold tabs and line
 * breaks; every other string of every body, query and path parameter is one line.
 */
export function MultiLine(): PropertyDecorator {
  return (target, property) => {
    const fields = multiLineFields.get(target) ?? new Set();
    fields.add(property);
    multiLineFields.set(target, fields);
  };
}

function isMultiLine(owner: object, property: string): boolean {
  for (let proto = Object.getPrototypeOf(owner) as object | null; proto;) {
    if (multiLineFields.get(proto)?.has(property)) return true;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return false;
}

/**
 * The path of the first string holding a control character (`[]` when the value itself is such
 * a string), and whether it is a multi-line field; undefined if none does. For validated DTO
 * instances (their classes say which fields are multi-line); walked without recursion.
 */
export function controlCharacterAt(
  value: unknown,
): { path: string[]; multiLine: boolean } | undefined {
  const pending: [unknown, string[], boolean][] = [[value, [], false]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path, multiLine] = next;
    if (typeof current === 'string') {
      if ((multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(current)) {
        return { path, multiLine };
      }
    } else if (Array.isArray(current)) {
      current.forEach((child, i) => pending.push([child, [...path, String(i)], multiLine]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        pending.push([child, [...path, key], isMultiLine(current, key)]);
      }
    }
  }
  return undefined;
}

/** Refuses a validated body, query or path parameter holding a control character, naming where. */
export function refuseControlCharacters(value: unknown, metadata: ArgumentMetadata): void {
  if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return;
  const at = controlCharacterAt(value);
  if (!at) return;
  const field = [metadata.data, ...at.path].filter((part) => part !== undefined).join('.');
  const problem = at.multiLine
    ? 'must not contain control characters other than tab and line breaks (U+0000-U+001F, U+007F-U+009F, U+2028, U+2029)'
    : 'must not contain control characters or line breaks (U+0000-U+001F, U+007F-U+009F, U+2028, U+2029)';
  throw DomainException.invalidField(
    'validation_failed',
    field || metadata.type,
    problem,
    `${field || metadata.type} holds a control character`,
  );
}

/**
 * The ValidationPipe, after a look for text that cannot be stored and for reserved keys, and
 * before one for control characters (on the validated DTO, whose classes mark multi-line text).
 */
class ServiceValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    refuseUnstorableText(value, metadata);
    refuseReservedKeys(value, metadata);
    const validated = (await super.transform(value, metadata)) as unknown;
    refuseControlCharacters(validated, metadata);
    return validated;
  }
}

/**
 * What class-validator is told for every input: also by code that validates items itself (the
 * rows of a bulk import), so a row is held to the rules a single body is.
 */
export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
} as const;

/**
 * Every HTTP body and query is validated against its DTO: unknown fields are refused (a typo
 * must not be silently dropped, nor `__proto__`), and the answer names each bad field. Text
 * PostgreSQL cannot store, and control characters outside @MultiLine() text, are refused in any
 * body, query or path parameter.
 */
export function validationPipe(): ValidationPipe {
  return new ServiceValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainException('invalid', 'validation_failed', 'the request is not valid', {
        fields: flatten(errors),
      }),
  });
}

export function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * May be left out, but not null: for a field that always has a value (an edit sets it or leaves
 * it as it is). `@IsOptional()` lets null through, to a NOT NULL column (a 500).
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** @IsIn()'s options naming the values it takes (its own message does not list them). */
export function oneOf(values: readonly string[]): ValidationOptions {
  return { message: `must be one of: ${values.join(', ')}` };
}

/**
 * A `?name=true|false` query parameter, read as a boolean (left out: false). Anything else is
 * refused naming the parameter: a mistyped `includeDrills=ture` must not quietly read as false.
 */
export function QueryFlag(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description }),
    Transform(({ value }: { value: unknown }) =>
      value === 'true' ? true : value === 'false' ? false : value,
    ),
    IsOptional(),
    IsBoolean({ message: 'must be one of: true, false' }),
  );
}
