import { isKnownRegion, REGION_COUNTRIES } from '@relief/contracts';
import { RegionException } from './region.exception';

/** ISO 3166-2 subdivision code: country alpha-2, dash, 1 to 3 letters or digits (KZ-15, UZ-TO). */
export const REGION_CODE_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
/** The region's part of incident references (AKT in FL-2024-KZ-AKT-0007). */
export const REFERENCE_CODE_PATTERN = /^[A-Z0-9]{1,3}$/;

export interface Region {
  /** ISO 3166-2, e.g. KZ-15. */
  code: string;
  /** ISO 3166-1 alpha-2, e.g. KZ. */
  country: string;
  name: string;
  /** ISO 3166-2 subdivision category as the country names it: region, city, province ... */
  category: string;
  referenceCode: string;
}

export interface NewRegion {
  code: string;
  name: string;
  category?: string;
  referenceCode?: string;
}

/**
 * A region an admin adds (of a country the platform vocabulary does not cover); without a
 * reference code, the subdivision part of the ISO code is used.
 */
export function newRegion(input: NewRegion): Region {
  if (!REGION_CODE_PATTERN.test(input.code)) {
    throw RegionException.invalidField(
      'invalid_region_code',
      'code',
      'must be an ISO 3166-2 code such as KZ-15 or UZ-TO (upper case)',
    );
  }
  const [country, subdivision] = input.code.split('-');
  // The vocabulary lists every subdivision of its countries (seeded by the regions migration):
  // an admin adds regions of other countries only, so one code never means two places.
  if (REGION_COUNTRIES.includes(country) && !isKnownRegion(input.code)) {
    throw RegionException.invalidField(
      'unknown_region',
      'code',
      `${input.code} is not a region of ${country} (ISO 3166-2:${country}); only other countries' regions can be added`,
    );
  }
  const referenceCode = input.referenceCode ?? subdivision;
  if (!REFERENCE_CODE_PATTERN.test(referenceCode)) {
    throw RegionException.invalidField(
      'invalid_reference_code',
      'referenceCode',
      'must be 1 to 3 upper-case letters or digits',
    );
  }
  return {
    code: input.code,
    country,
    name: input.name.trim(),
    category: input.category?.trim() || 'region',
    referenceCode,
  };
}
