import { DomainException, type DomainErrorKind } from '@relief/runtime';

/** Failures of the regions reference data. */
export class RegionException extends DomainException {
  constructor(kind: DomainErrorKind, code: string, message: string, field?: string) {
    super(kind, code, message, field ? { fields: [{ field, message }] } : {});
  }
}
