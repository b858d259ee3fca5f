import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainException, type FieldProblem } from './domain.exception';

/**
 * Every HTTP body and query is validated against its DTO: unknown fields are refused (a typo
 * must not be silently dropped), and the answer names each bad field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
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
