import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fan-out to tens of thousands (issue 16):
 * - an event's message is rendered once per language, channel and audience (`owner`: the partner
 *   whose offer it is; `others`) into `notification_messages`; ledger rows planned since then
 *   carry no body of their own (old rows keep theirs);
 * - `provider` names who carried a message (failover between SMS gateways);
 * - subscriptions are matched in SQL: GIN indexes on the filter arrays;
 * - `delivery_rate_budgets`: one token bucket per channel shared by every replica.
 */
export class FanOut1797000000000 implements MigrationInterface {
  name = 'FanOut1797000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_messages (
        event_id   uuid          NOT NULL,
        language   varchar(2)    NOT NULL,
        channel    varchar(8)    NOT NULL CHECK (channel IN ('email', 'sms')),
        audience   varchar(8)    NOT NULL CHECK (audience IN ('owner', 'others')),
        subject    varchar(1000),
        body_text  text          NOT NULL,
        body_html  text,
        created_at timestamptz   NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, language, channel, audience)
      )`);
    await db.query(`ALTER TABLE notifications
      ALTER COLUMN body_text DROP NOT NULL,
      ADD COLUMN provider varchar(40),
      ADD COLUMN audience varchar(8) NOT NULL DEFAULT 'others' CHECK (audience IN ('owner', 'others'))`);
    // The worker claims per channel, oldest due first.
    await db.query(`DROP INDEX notifications_due`);
    await db.query(
      `CREATE INDEX notifications_due ON notifications (channel, next_attempt_at) WHERE status = 'pending'`,
    );
    await db.query(
      `CREATE INDEX subscriptions_event_types ON subscriptions USING gin (event_types)`,
    );
    await db.query(`CREATE INDEX subscriptions_regions ON subscriptions USING gin (regions)`);
    await db.query(`CREATE INDEX subscriptions_hazards ON subscriptions USING gin (hazards)`);
    await db.query(`
      CREATE TABLE delivery_rate_budgets (
        channel     varchar(8)       PRIMARY KEY,
        tokens      double precision NOT NULL,
        refilled_at timestamptz      NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delivery_rate_budgets`);
    await db.query(`DROP INDEX subscriptions_hazards`);
    await db.query(`DROP INDEX subscriptions_regions`);
    await db.query(`DROP INDEX subscriptions_event_types`);
    await db.query(`DROP INDEX notifications_due`);
    await db.query(
      `CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending'`,
    );
    await db.query(`ALTER TABLE notifications DROP COLUMN provider, DROP COLUMN audience`);
    await db.query(`DROP TABLE notification_messages`);
  }
}
