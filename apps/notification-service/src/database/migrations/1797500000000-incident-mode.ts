import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drills (exercise and test incidents) reach only subscribers who opted in: `receive_exercises`
 * (false for everyone until they choose), and the incident read model keeps each incident's mode
 * so a request or offer event without one is still known to be a drill's.
 */
export class IncidentMode1797500000000 implements MigrationInterface {
  name = 'IncidentMode1797500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE subscribers ADD COLUMN receive_exercises boolean NOT NULL DEFAULT false`,
    );
    await db.query(`ALTER TABLE incidents
      ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'actual'
        CHECK (mode IN ('actual', 'exercise', 'test'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents DROP COLUMN mode`);
    await db.query(`ALTER TABLE subscribers DROP COLUMN receive_exercises`);
  }
}
