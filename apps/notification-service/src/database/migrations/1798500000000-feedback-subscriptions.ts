import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback can be subscribed to (issue 19): a subscription may name the incidents and the
 * catalogue items it is about (empty: any, like the other filters; GIN-indexed for the matching
 * statement), and feedback messages are written for two more audiences, `operator` (the
 * ministry: the sender's words and the category) and `partner` (the category only). What each
 * planned event was about (`notified_events`: incident and region) and the SMS sent to a number
 * (an index on `notifications`) let a text back from that number be read as a reply to it.
 */
export class FeedbackSubscriptions1798500000000 implements MigrationInterface {
  name = 'FeedbackSubscriptions1798500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE subscriptions
        ADD COLUMN incident_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN item_codes   text[] NOT NULL DEFAULT '{}'`);
    await db.query(
      `CREATE INDEX subscriptions_incident_ids ON subscriptions USING gin (incident_ids)`,
    );
    await db.query(`CREATE INDEX subscriptions_item_codes ON subscriptions USING gin (item_codes)`);
    await db.query(`
      CREATE TABLE notified_events (
        event_id    uuid        PRIMARY KEY,
        incident_id uuid,
        region      varchar(10),
        planned_at  timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX notifications_sms_recipient ON notifications (recipient, created_at DESC)
        WHERE channel = 'sms'`,
    );
    for (const table of ['notification_messages', 'notifications']) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_audience_check`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_audience_check
           CHECK (audience IN ('owner', 'others', 'operator', 'partner'))`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['notification_messages', 'notifications']) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_audience_check`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_audience_check
           CHECK (audience IN ('owner', 'others'))`,
      );
    }
    await db.query(`DROP INDEX notifications_sms_recipient`);
    await db.query(`DROP TABLE notified_events`);
    await db.query(`ALTER TABLE subscriptions DROP COLUMN incident_ids, DROP COLUMN item_codes`);
  }
}
