import { DomainException } from '@relief/runtime';

/** Failures of the partner registry, each with a stable `code`. */
export class PartnerException extends DomainException {}
