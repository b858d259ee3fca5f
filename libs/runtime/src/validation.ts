import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
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
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
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
  const message = 'must not contain U+0000 (NUL) or an unpaired surrogate';
  throw new DomainException(
    'invalid',
    'validation_failed',
    `${field || metadata.type} holds a character that cannot be stored`,
    { fields: [{ field: field || metadata.type, message }] },
  );
}

/** The ValidationPipe, after a look for text that cannot be stored. */
class ServiceValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    refuseUnstorableText(value, metadata);
    return (await super.transform(value, metadata)) as unknown;
  }
}

/**
 * Every HTTP body and query is validated against its DTO: unknown fields are refused (a typo
 * must not be silently dropped), and the answer names each bad field. Text PostgreSQL cannot
 * store is refused in any body, query or path parameter.
 */
export function validationPipe(): ValidationPipe {
  return new ServiceValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
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
