import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner's name beside its code on each pledge, from the offer events (which carry both),
 * for the 3W export's `#org +name`. Pledges recorded before have none: the export names them
 * by their code until their offer's next event.
 */
export class PledgePartnerName1798200000000 implements MigrationInterface {
  name = 'PledgePartnerName1798200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE request_pledges ADD COLUMN partner_name varchar(200)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE request_pledges DROP COLUMN partner_name`);
  }
}
