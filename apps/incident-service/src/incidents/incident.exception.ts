import { DomainException, type DomainErrorKind, type FieldProblem } from '@relief/runtime';

/** Every failure of the incident domain, with a stable `code` a client can act on. */
export class IncidentException extends DomainException {
  constructor(kind: DomainErrorKind, code: string, message: string, fields?: FieldProblem[]) {
    super(kind, code, message, fields ? { fields } : {});
  }

  /** 400 naming one field. */
  static invalidField(code: string, field: string, message: string): IncidentException {
    return new IncidentException('invalid', code, message, [{ field, message }]);
  }
}
