import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery receipts per part (issue 16 item 7): each part a provider took, with its id and
 * submit time, and the state its receipts report (SMPP's stat, the provider's error code and
 * time). Keyed by what a receipt names, (provider, provider_message_id): a receipt that comes
 * before the worker has recorded its batch (SMSCs answer fast) makes the row, and the record
 * fills in the notification, so neither order loses anything. `attempt` tells a resend's parts
 * from the earlier ones.
 */
export class NotificationParts1797200000000 implements MigrationInterface {
  name = 'NotificationParts1797200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_parts (
        provider varchar(100) NOT NULL,
        provider_message_id varchar(200) NOT NULL,
        notification_id uuid REFERENCES notifications (id) ON DELETE CASCADE,
        attempt int,
        part int,
        submitted_at timestamptz,
        status varchar(20) NOT NULL DEFAULT 'submitted',
        error_code varchar(50),
        status_at timestamptz,
        receipt_at timestamptz,
        PRIMARY KEY (provider, provider_message_id)
      )`);
    await db.query(
      `CREATE INDEX notification_parts_notification ON notification_parts (notification_id, attempt, part)`,
    );
    // /metrics counts the rows in hand or in doubt at each scrape (the due ones: notifications_due).
    await db.query(
      `CREATE INDEX notifications_unsettled ON notifications (channel) WHERE status IN ('sending', 'unknown')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notifications_unsettled`);
    await db.query(`DROP TABLE notification_parts`);
  }
}
