import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  greatCircleKm,
  IsKnownRegion,
  isKnownRegion,
  knownRegion,
  regionDistanceKm,
  REGION_COUNTRIES,
  REGIONS,
} from './regions';
import { REGION_PATTERN } from './vocabulary';

class OneRegion {
  @IsKnownRegion()
  region: unknown;
}

class ManyRegions {
  @IsKnownRegion({ each: true })
  regions: unknown[];
}

describe('region vocabulary (ISO 3166-2:KZ since 2022)', () => {
  it('has the 17 regions and 3 cities of republican significance, each named in kk, ru and en', () => {
    expect(REGIONS.filter((r) => r.category === 'region')).toHaveLength(17);
    expect(REGIONS.filter((r) => r.category === 'city').map((r) => r.code)).toEqual([
      'KZ-71',
      'KZ-75',
      'KZ-79',
    ]);
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(20);
    for (const r of REGIONS) {
      expect(r.code).toMatch(REGION_PATTERN);
      expect(r.code).toMatch(/^KZ-\d{2}$/);
      for (const name of Object.values(r.names)) expect(name.trim()).not.toBe('');
    }
    expect(knownRegion('KZ-15')?.names).toEqual({
      kk: 'Ақтөбе облысы',
      ru: 'Актюбинская область',
      en: 'Aktobe Region',
    });
    expect(REGION_COUNTRIES).toEqual(['KZ']);
  });

  it.each(['KZ-15', 'KZ-10', 'KZ-33', 'KZ-62', 'KZ-79'])('knows %s', (code) => {
    expect(isKnownRegion(code)).toBe(true);
  });

  // Well-formed ISO 3166-2 codes that are not regions of the vocabulary, and other junk.
  it.each(['KZ-99', 'RU-MOW', 'XX-XXX', 'KZ-AKT', 'kz-15', ' KZ-15', 'KZ-15 ', '', 15, null, {}])(
    'does not know %j',
    (code) => {
      expect(isKnownRegion(code)).toBe(false);
    },
  );

  describe('@IsKnownRegion()', () => {
    it('accepts a known code and refuses unknown ones, naming the property', () => {
      expect(validateSync(plainToInstance(OneRegion, { region: 'KZ-15' }))).toEqual([]);
      for (const region of ['KZ-99', 'RU-MOW', 'XX-XXX', 42]) {
        const errors = validateSync(plainToInstance(OneRegion, { region }));
        expect(errors).toHaveLength(1);
        expect(errors[0].property).toBe('region');
        expect(Object.values(errors[0].constraints ?? {})[0]).toMatch(
          /^region must be a known ISO 3166-2 region code such as KZ-15/,
        );
      }
    });

    it('checks each code of an array', () => {
      expect(validateSync(plainToInstance(ManyRegions, { regions: ['KZ-15', 'KZ-27'] }))).toEqual(
        [],
      );
      const errors = validateSync(plainToInstance(ManyRegions, { regions: ['KZ-15', 'RU-MOW'] }));
      expect(errors.map((e) => e.property)).toEqual(['regions']);
      expect(Object.values(errors[0].constraints ?? {})[0]).toMatch(/^each value in regions/);
    });
  });

  describe('administrative centres and distances', () => {
    it('places every centre inside Kazakhstan (40.5–55.5 N, 46.5–87.5 E)', () => {
      for (const r of REGIONS) {
        expect(r.centre.lat).toBeGreaterThan(40.5);
        expect(r.centre.lat).toBeLessThan(55.5);
        expect(r.centre.lon).toBeGreaterThan(46.5);
        expect(r.centre.lon).toBeLessThan(87.5);
      }
    });

    it('measures great-circle distances (known city pairs, within 1%)', () => {
      // Astana–Almaty is about 970 km over the globe; London–Paris about 344 km.
      const astana = knownRegion('KZ-71')!.centre;
      const almaty = knownRegion('KZ-75')!.centre;
      expect(greatCircleKm(astana, almaty)).toBeGreaterThan(960);
      expect(greatCircleKm(astana, almaty)).toBeLessThan(980);
      const paris = greatCircleKm({ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 });
      expect(paris).toBeGreaterThan(340);
      expect(paris).toBeLessThan(347);
      expect(greatCircleKm(astana, astana)).toBe(0);
    });

    it('gives region-to-region distances in whole km, symmetric, undefined for an unknown code', () => {
      expect(regionDistanceKm('KZ-15', 'KZ-15')).toBe(0);
      const almatyRegionToAktobe = regionDistanceKm('KZ-19', 'KZ-15')!;
      expect(Number.isInteger(almatyRegionToAktobe)).toBe(true);
      expect(almatyRegionToAktobe).toBe(regionDistanceKm('KZ-15', 'KZ-19'));
      // Aktobe's neighbour West Kazakhstan is nearer to it than Almaty region is.
      expect(regionDistanceKm('KZ-27', 'KZ-15')!).toBeLessThan(almatyRegionToAktobe);
      expect(almatyRegionToAktobe).toBeGreaterThan(1500);
      expect(regionDistanceKm('KZ-15', 'KZ-99')).toBeUndefined();
    });
  });
});
