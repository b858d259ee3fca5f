import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk subscriber management (issue 16):
 * - `reference`: the importer's own id of a person (an HR number), the first natural key an
 *   import matches on; unique where given;
 * - lookups by the other keys, email (case-insensitive) and phone, for a whole import at once;
 * - the subscriber list is keyset-paged by (name, id).
 */
export class SubscriberImportKeys1797100000000 implements MigrationInterface {
  name = 'SubscriberImportKeys1797100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE subscribers ADD COLUMN reference varchar(100)`);
    await db.query(
      `CREATE UNIQUE INDEX subscribers_reference ON subscribers (reference) WHERE reference IS NOT NULL`,
    );
    await db.query(`CREATE INDEX subscribers_email ON subscribers (lower(email))`);
    await db.query(`CREATE INDEX subscribers_phone ON subscribers (phone)`);
    await db.query(`CREATE INDEX subscribers_name_id ON subscribers (name, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX subscribers_name_id`);
    await db.query(`DROP INDEX subscribers_phone`);
    await db.query(`DROP INDEX subscribers_email`);
    await db.query(`DROP INDEX subscribers_reference`);
    await db.query(`ALTER TABLE subscribers DROP COLUMN reference`);
  }
}
