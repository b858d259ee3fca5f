import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kit composition versions on offers (issue 19): the version an offer's items are of
 * (`item_version`), and the one its request names (`request_item_version`, so the ministry sees
 * a difference when it decides); the request read model keeps the request's version. Offers from
 * before have none recorded (null).
 *
 * The ministry's own offers (from its stock) name the ministry, which is no registered partner,
 * so an offer's partner no longer references `partners`: a partner's offers are kept by the
 * service instead (an offer is published under a share lock on its partner's row, and a partner
 * with offers is never removed; PartnersService).
 */
export class OfferItemVersion1799200000000 implements MigrationInterface {
  name = 'OfferItemVersion1799200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE offers
        ADD COLUMN item_version integer CHECK (item_version >= 1),
        ADD COLUMN request_item_version integer CHECK (request_item_version >= 1)`);
    await db.query(
      `ALTER TABLE requests ADD COLUMN item_version integer CHECK (item_version >= 1)`,
    );
    await db.query(`ALTER TABLE offers DROP CONSTRAINT offers_partner_code_fkey`);
  }

  /** Fails while the ministry has offers of its own (they name no registered partner). */
  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE offers ADD CONSTRAINT offers_partner_code_fkey
         FOREIGN KEY (partner_code) REFERENCES partners (code)`,
    );
    await db.query(`ALTER TABLE requests DROP COLUMN item_version`);
    await db.query(`ALTER TABLE offers DROP COLUMN request_item_version, DROP COLUMN item_version`);
  }
}
