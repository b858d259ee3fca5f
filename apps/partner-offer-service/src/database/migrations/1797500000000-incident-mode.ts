import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drills (exercise and test incidents): the incident and request read models keep their
 * incident's mode, and every offer its incident's, taken when published. Rows from before are
 * real (`actual`).
 */
export class IncidentMode1797500000000 implements MigrationInterface {
  name = 'IncidentMode1797500000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'requests', 'offers']) {
      await db.query(`ALTER TABLE ${table}
        ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'actual'
          CHECK (mode IN ('actual', 'exercise', 'test'))`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['offers', 'requests', 'incidents']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN mode`);
    }
  }
}
