import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback from affected people (issue 19): what they sent (once per gateway message: unique
 * provider and gateway id), the numbers that sent STOP (the SMS channel skips them everywhere),
 * which partner delivered which item for which incident (what a partner may read), the web
 * form's per-address counters (shared by every replica), and the incidents' reference.
 */
export class Feedback1798000000000 implements MigrationInterface {
  name = 'Feedback1798000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feedback (
        id                 uuid          PRIMARY KEY,
        channel            varchar(3)    NOT NULL CHECK (channel IN ('sms', 'web')),
        provider           varchar(100),
        gateway_message_id varchar(200),
        phone              varchar(20),
        command            varchar(5)    CHECK (command IN ('stop', 'start')),
        received_at        timestamptz   NOT NULL,
        language           varchar(2)    NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
        text               varchar(1000) NOT NULL,
        region_code        varchar(10),
        incident_id        uuid,
        incident_reference varchar(40),
        incident_mode      varchar(10),
        item_code          varchar(64),
        category           varchar(20)
                             CHECK (category IN ('missing-item', 'quality', 'quantity', 'other')),
        handled            boolean       NOT NULL DEFAULT false,
        categorised_by     varchar(50),
        version            int           NOT NULL DEFAULT 1,
        updated_at         timestamptz   NOT NULL,
        CONSTRAINT feedback_once UNIQUE (provider, gateway_message_id)
      )`);
    await db.query(`CREATE INDEX feedback_received ON feedback (received_at DESC, id DESC)`);
    await db.query(`CREATE INDEX feedback_incident_item ON feedback (incident_id, item_code)`);
    await db.query(
      `CREATE INDEX feedback_phones ON feedback (received_at) WHERE phone IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE sms_suppressions (
        phone      varchar(20) PRIMARY KEY,
        since      timestamptz NOT NULL,
        feedback_id uuid
      )`);
    await db.query(`
      CREATE TABLE feedback_deliveries (
        partner_code varchar(50) NOT NULL,
        incident_id  uuid        NOT NULL,
        item_code    varchar(64) NOT NULL,
        PRIMARY KEY (partner_code, incident_id, item_code)
      )`);
    await db.query(`
      CREATE TABLE feedback_rate_limits (
        client       varchar(100) PRIMARY KEY,
        window_start timestamptz  NOT NULL,
        count        int          NOT NULL
      )`);
    await db.query(`ALTER TABLE incidents ADD COLUMN reference varchar(40)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents DROP COLUMN reference`);
    await db.query(
      `DROP TABLE feedback_rate_limits, feedback_deliveries, sms_suppressions, feedback`,
    );
  }
}
