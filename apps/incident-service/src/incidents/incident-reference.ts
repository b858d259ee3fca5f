import type { Hazard } from '@relief/contracts';

/**
 * Human-readable incident references, GLIDE style: `FL-2024-KZ-AKT-0007` is the 7th flood of 2024
 * filed for Aktobe region (reference code AKT) in Kazakhstan. One sequence per prefix
 * (hazard + year + country + region), allocated by IncidentReferenceAllocator in the filing transaction.
 */
export interface ReferenceKey {
  hazard: Hazard;
  /** Year the hazard struck (UTC). */
  year: number;
  /** ISO 3166-1 alpha-2, e.g. KZ. */
  country: string;
  /** The region's reference code, e.g. AKT for KZ-15 (see the regions table). */
  regionCode: string;
}

const KEY = /^([A-Z]{2})-(\d{4})-([A-Z]{2})-([A-Z0-9]{1,3})$/;
const REFERENCE = /^([A-Z]{2})-(\d{4})-([A-Z]{2})-([A-Z0-9]{1,3})-(\d{4,})$/;

/** The part shared by every incident of one sequence, e.g. `FL-2024-KZ-AKT`. */
export function referencePrefix(key: ReferenceKey): string {
  const prefix = `${key.hazard}-${String(key.year)}-${key.country}-${key.regionCode}`;
  if (!KEY.test(prefix)) throw new Error(`cannot build an incident reference from ${prefix}`);
  return prefix;
}

/** Sequence numbers have at least four digits and grow past 9999 rather than wrap. */
export function formatIncidentReference(key: ReferenceKey, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new Error(`incident sequence must be a positive integer, got ${sequence}`);
  }
  return `${referencePrefix(key)}-${String(sequence).padStart(4, '0')}`;
}

export function parseIncidentReference(
  reference: string,
): (ReferenceKey & { sequence: number }) | undefined {
  const match = REFERENCE.exec(reference);
  if (!match) return undefined;
  return {
    hazard: match[1] as Hazard,
    year: Number(match[2]),
    country: match[3],
    regionCode: match[4],
    sequence: Number(match[5]),
  };
}
