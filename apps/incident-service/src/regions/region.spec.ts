import { REGIONS } from '@relief/contracts';
import { DomainException } from '@relief/runtime';
import { KAZAKHSTAN_REGIONS_2022 } from '../database/migrations/1795600000000-regions';
import { newRegion, REFERENCE_CODE_PATTERN, REGION_CODE_PATTERN } from './region';

describe('regions', () => {
  describe('Kazakhstan reference data (ISO 3166-2:KZ since 2022)', () => {
    it('has the 17 regions and 3 cities of republican significance', () => {
      expect(KAZAKHSTAN_REGIONS_2022.filter((r) => r.category === 'region')).toHaveLength(17);
      expect(
        KAZAKHSTAN_REGIONS_2022.filter((r) => r.category === 'city').map((r) => [r.code, r.name]),
      ).toEqual([
        ['KZ-71', 'Astana'],
        ['KZ-75', 'Almaty'],
        ['KZ-79', 'Shymkent'],
      ]);
    });

    it('is the platform region vocabulary of @relief/contracts, region for region', () => {
      expect(KAZAKHSTAN_REGIONS_2022.map((r) => [r.code, r.name, r.category])).toEqual(
        REGIONS.map((r) => [r.code, r.names.en, r.category]),
      );
    });

    it('includes the regions created in 2022', () => {
      const codes = KAZAKHSTAN_REGIONS_2022.map((r) => r.code);
      expect(codes).toEqual(expect.arrayContaining(['KZ-10', 'KZ-33', 'KZ-62']));
    });

    it('uses valid, unique codes and reference codes', () => {
      const codes = KAZAKHSTAN_REGIONS_2022.map((r) => r.code);
      const references = KAZAKHSTAN_REGIONS_2022.map((r) => r.referenceCode);
      expect(new Set(codes).size).toBe(20);
      expect(new Set(references).size).toBe(20);
      for (const region of KAZAKHSTAN_REGIONS_2022) {
        expect(region.code).toMatch(REGION_CODE_PATTERN);
        expect(region.code).toMatch(/^KZ-\d{2}$/);
        expect(region.referenceCode).toMatch(REFERENCE_CODE_PATTERN);
      }
      expect(KAZAKHSTAN_REGIONS_2022.find((r) => r.code === 'KZ-15')?.referenceCode).toBe('AKT');
    });
  });

  describe('newRegion', () => {
    it('derives the country and, by default, the reference code from the ISO code', () => {
      expect(newRegion({ code: 'UZ-TO', name: ' Tashkent Region ' })).toEqual({
        code: 'UZ-TO',
        country: 'UZ',
        name: 'Tashkent Region',
        category: 'region',
        referenceCode: 'TO',
      });
      expect(newRegion({ code: 'KG-C', name: 'Chüy', referenceCode: 'CHU' }).referenceCode).toBe(
        'CHU',
      );
    });

    it.each([
      [{ code: 'kz-15', name: 'x' }, 'code'],
      [{ code: 'KZ15', name: 'x' }, 'code'],
      [{ code: 'KZ-1234', name: 'x' }, 'code'],
      [{ code: 'UZ-TO', name: 'x', referenceCode: 'TOSH' }, 'referenceCode'],
      // Kazakhstan's regions are the vocabulary's: no KZ code can be added beside them.
      [{ code: 'KZ-99', name: 'x' }, 'code'],
      [{ code: 'KZ-AKT', name: 'x', referenceCode: 'AKX' }, 'code'],
    ])('refuses %j naming %s', (input, field) => {
      try {
        newRegion(input);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainException);
        expect((error as DomainException).details.fields?.[0].field).toBe(field);
      }
    });
  });
});
