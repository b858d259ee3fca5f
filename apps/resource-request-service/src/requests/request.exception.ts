import { DomainException } from '@relief/runtime';

/** Every failure of the resource-request domain, with a stable `code` (see docs/event-catalogue.md). */
export class RequestException extends DomainException {}
