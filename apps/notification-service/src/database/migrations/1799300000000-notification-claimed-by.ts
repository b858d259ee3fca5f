import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which instance's delivery worker claimed a notification last (`<host>/<pid>`, the spans'
 * service.instance.id): of a sent row, the replica that sent it. A worker records only the rows
 * still claimed by itself, so a late record of a lease another replica took over is dropped.
 * Null for rows never claimed since.
 */
export class NotificationClaimedBy1799300000000 implements MigrationInterface {
  name = 'NotificationClaimedBy1799300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN claimed_by varchar(200)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN claimed_by`);
  }
}
