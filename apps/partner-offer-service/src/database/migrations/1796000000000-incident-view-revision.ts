import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incident read model as @relief/read-models keeps it: ordered by the snapshot's revision
 * (0 for rows applied before snapshots carried one, so the envelope time still orders them) and
 * holding the severity ('Unknown' until a row's next event).
 */
export class IncidentViewRevision1796000000000 implements MigrationInterface {
  name = 'IncidentViewRevision1796000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents
      ADD COLUMN revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
      ADD COLUMN severity varchar(16) NOT NULL DEFAULT 'Unknown'`);
    await db.query(`ALTER TABLE incidents ALTER COLUMN severity DROP DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents DROP COLUMN revision, DROP COLUMN severity`);
  }
}
