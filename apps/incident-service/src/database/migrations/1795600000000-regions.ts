import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kazakhstan's first-level subdivisions as ISO 3166-2:KZ lists them since the 2022 reform
 * (17 regions, 3 cities of republican significance; numeric codes). The reference code is the
 * region's part of incident references: the former ISO alpha code where one existed (AKT for
 * Aktobe), otherwise a platform abbreviation (ABA, ZHE, ULY for the 2022 regions, TUR for
 * Turkistan, formerly South Kazakhstan). Frozen with this migration: change the list only in a
 * new migration.
 */
export const KAZAKHSTAN_REGIONS_2022: readonly {
  code: string;
  name: string;
  category: 'region' | 'city';
  referenceCode: string;
}[] = [
  { code: 'KZ-10', name: 'Abai Region', category: 'region', referenceCode: 'ABA' },
  { code: 'KZ-11', name: 'Akmola Region', category: 'region', referenceCode: 'AKM' },
  { code: 'KZ-15', name: 'Aktobe Region', category: 'region', referenceCode: 'AKT' },
  { code: 'KZ-19', name: 'Almaty Region', category: 'region', referenceCode: 'ALM' },
  { code: 'KZ-23', name: 'Atyrau Region', category: 'region', referenceCode: 'ATY' },
  { code: 'KZ-27', name: 'West Kazakhstan Region', category: 'region', referenceCode: 'ZAP' },
  { code: 'KZ-31', name: 'Jambyl Region', category: 'region', referenceCode: 'ZHA' },
  { code: 'KZ-33', name: 'Jetisu Region', category: 'region', referenceCode: 'ZHE' },
  { code: 'KZ-35', name: 'Karaganda Region', category: 'region', referenceCode: 'KAR' },
  { code: 'KZ-39', name: 'Kostanay Region', category: 'region', referenceCode: 'KUS' },
  { code: 'KZ-43', name: 'Kyzylorda Region', category: 'region', referenceCode: 'KZY' },
  { code: 'KZ-47', name: 'Mangystau Region', category: 'region', referenceCode: 'MAN' },
  { code: 'KZ-55', name: 'Pavlodar Region', category: 'region', referenceCode: 'PAV' },
  { code: 'KZ-59', name: 'North Kazakhstan Region', category: 'region', referenceCode: 'SEV' },
  { code: 'KZ-61', name: 'Turkistan Region', category: 'region', referenceCode: 'TUR' },
  { code: 'KZ-62', name: 'Ulytau Region', category: 'region', referenceCode: 'ULY' },
  { code: 'KZ-63', name: 'East Kazakhstan Region', category: 'region', referenceCode: 'VOS' },
  { code: 'KZ-71', name: 'Astana', category: 'city', referenceCode: 'AST' },
  { code: 'KZ-75', name: 'Almaty', category: 'city', referenceCode: 'ALA' },
  { code: 'KZ-79', name: 'Shymkent', category: 'city', referenceCode: 'SHY' },
];

/** Regions (ISO 3166-2 subdivisions) incidents are filed in; admins add other countries' later. */
export class Regions1795600000000 implements MigrationInterface {
  name = 'Regions1795600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE regions (
        code varchar(6) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
        country char(2) NOT NULL CHECK (country = substr(code, 1, 2)),
        name varchar(150) NOT NULL CHECK (length(trim(name)) > 0),
        category varchar(50) NOT NULL,
        reference_code varchar(3) NOT NULL CHECK (reference_code ~ '^[A-Z0-9]{1,3}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by varchar(200) NOT NULL,
        -- Two regions of one country with the same reference code would share reference numbers.
        CONSTRAINT regions_reference_code_unique UNIQUE (country, reference_code)
      )`);
    for (const region of KAZAKHSTAN_REGIONS_2022) {
      await runner.query(
        `INSERT INTO regions (code, country, name, category, reference_code, created_by)
         VALUES ($1, 'KZ', $2, $3, $4, 'migration')`,
        [region.code, region.name, region.category, region.referenceCode],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE regions');
  }
}
