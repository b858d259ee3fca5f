import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incident read model as @relief/read-models keeps it: ordered by the snapshot's revision
 * (0 for rows applied before snapshots carried one, so the envelope time still orders them) and
 * holding the status (null in older rows until their next event: not known to have ended).
 */
export class IncidentViewRevision1796000000000 implements MigrationInterface {
  name = 'IncidentViewRevision1796000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents
      ADD COLUMN revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
      ADD COLUMN status varchar(16)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents DROP COLUMN revision, DROP COLUMN status`);
  }
}
