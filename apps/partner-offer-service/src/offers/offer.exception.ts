import { DomainException } from '@relief/runtime';

/** Failures of offers (and of the request read model rules they depend on), with stable codes. */
export class OfferException extends DomainException {}
