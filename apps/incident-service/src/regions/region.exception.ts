import { DomainException } from '@relief/runtime';

/** Failures of the regions reference data. */
export class RegionException extends DomainException {}
