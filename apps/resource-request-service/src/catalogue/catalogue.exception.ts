import { DomainException } from '@relief/runtime';

/** Every failure of the catalogue (kit compositions), with a stable `code`. */
export class CatalogueException extends DomainException {}
