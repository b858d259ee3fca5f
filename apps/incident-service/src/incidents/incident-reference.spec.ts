import { HAZARDS, INCIDENT_REFERENCE_PATTERN } from '@relief/contracts';
import fc from 'fast-check';
import {
  formatIncidentReference,
  parseIncidentReference,
  referencePrefix,
  type ReferenceKey,
} from './incident-reference';

const aktobe: ReferenceKey = { hazard: 'FL', year: 2024, country: 'KZ', regionCode: 'AKT' };

describe('incident references', () => {
  it('formats hazard, year, country, region and a four-digit sequence', () => {
    expect(formatIncidentReference(aktobe, 7)).toBe('FL-2024-KZ-AKT-0007');
    expect(referencePrefix(aktobe)).toBe('FL-2024-KZ-AKT');
  });

  it('grows past 9999 instead of wrapping', () => {
    expect(formatIncidentReference(aktobe, 12345)).toBe('FL-2024-KZ-AKT-12345');
  });

  it('refuses a sequence that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => formatIncidentReference(aktobe, bad)).toThrow(/positive integer/);
    }
  });

  it('refuses parts that would not make a valid reference', () => {
    expect(() => referencePrefix({ ...aktobe, regionCode: 'AKTO' })).toThrow();
    expect(() => referencePrefix({ ...aktobe, country: 'kz' })).toThrow();
    expect(() => referencePrefix({ ...aktobe, year: 24 })).toThrow();
  });

  it('does not parse what is not a reference', () => {
    expect(parseIncidentReference('FL-2024-KZ-AKT-7')).toBeUndefined();
    expect(parseIncidentReference('fl-2024-kz-akt-0007')).toBeUndefined();
    expect(parseIncidentReference('FL-2024-KZ-AKT-0007 ')).toBeUndefined();
  });

  it('round-trips any key and sequence, always matching the contract pattern', () => {
    const code = fc.stringMatching(/^[A-Z0-9]{1,3}$/);
    fc.assert(
      fc.property(
        fc.constantFrom(...HAZARDS),
        fc.integer({ min: 1000, max: 9999 }),
        fc.stringMatching(/^[A-Z]{2}$/),
        code,
        fc.integer({ min: 1, max: 10_000_000 }),
        (hazard, year, country, regionCode, sequence) => {
          const key = { hazard, year, country, regionCode };
          const reference = formatIncidentReference(key, sequence);
          expect(reference).toMatch(INCIDENT_REFERENCE_PATTERN);
          expect(parseIncidentReference(reference)).toEqual({ ...key, sequence });
        },
      ),
    );
  });
});
