import { DomainException } from '@relief/runtime';

/** Every failure of the incident domain, with a stable `code` a client can act on. */
export class IncidentException extends DomainException {}
