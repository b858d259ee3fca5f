import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drills (exercise and test incidents): the incident read model keeps each incident's mode, and
 * every request keeps its incident's, taken when raised. Rows from before are real (`actual`).
 */
export class IncidentMode1797500000000 implements MigrationInterface {
  name = 'IncidentMode1797500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents
      ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'actual'
        CHECK (mode IN ('actual', 'exercise', 'test'))`);
    await db.query(`ALTER TABLE resource_requests
      ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'actual'
        CHECK (mode IN ('actual', 'exercise', 'test'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE resource_requests DROP COLUMN mode`);
    await db.query(`ALTER TABLE incidents DROP COLUMN mode`);
  }
}
