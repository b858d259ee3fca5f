/** What went wrong, in terms a caller can act on; the HTTP status follows from it (see ProblemDetailsFilter). */
export type DomainErrorKind =
  | 'invalid' // the request makes no sense for this resource → 400
  | 'forbidden' // the caller may not do this to this resource → 403
  | 'not-found' // → 404
  | 'conflict' // the resource's state forbids it (e.g. a transition) → 409
  | 'stale' // based on an old version (If-Match / version) → 412
  | 'precondition-required' // a write that must name the version it saw did not (If-Match) → 428
  | 'unprocessable' // well-formed but refers to something we cannot use (yet) → 422
  | 'too-many' // the caller sent too many in a while; retry after `retryAfterSeconds` → 429
  | 'unavailable'; // a dependency is down; retry later → 503

export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorDetails {
  fields?: FieldProblem[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/** A DomainException class (the base or a service's subclass), as its static helpers build it. */
export type DomainExceptionClass<T extends DomainException> = new (
  kind: DomainErrorKind,
  code: string,
  message: string,
  details?: DomainErrorDetails,
) => T;

/**
 * The one exception type a service's domain throws. Each service subclasses it once
 * (IncidentException, OfferException ...) and gives every failure a stable `code`.
 */
export class DomainException extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * The one way to blame one field: `problem` says what the field must be (`errors[].message`),
   * `message` the whole failure (the problem itself when left out). 400 unless `kind` says
   * otherwise; built as the class it is called on (`OfferException.invalidField(...)`).
   */
  static invalidField<T extends DomainException>(
    this: DomainExceptionClass<T>,
    code: string,
    field: string,
    problem: string,
    message: string = problem,
    options: { kind?: DomainErrorKind; details?: Omit<DomainErrorDetails, 'fields'> } = {},
  ): T {
    const { kind = 'invalid', details = {} } = options;
    return new this(kind, code, message, { ...details, fields: [{ field, message: problem }] });
  }
}

export function httpStatusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'stale':
      return 412;
    case 'precondition-required':
      return 428;
    case 'unprocessable':
      return 422;
    case 'too-many':
      return 429;
    case 'unavailable':
      return 503;
  }
}
