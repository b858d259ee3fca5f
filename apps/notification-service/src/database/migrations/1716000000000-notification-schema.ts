import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscribers and their subscriptions, the incident read model (region, hazard, severity for
 * request and offer events), and the delivery ledger: one row per (event, subscriber, channel).
 */
export class NotificationSchema1716000000000 implements MigrationInterface {
  name = 'NotificationSchema1716000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subscribers (
        id           uuid         PRIMARY KEY,
        name         varchar(200) NOT NULL,
        organisation varchar(32)  NOT NULL,
        email        varchar(320),
        phone        varchar(16),
        language     varchar(2)   NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
        channels     text[]       NOT NULL DEFAULT '{}',
        user_id      varchar(200) UNIQUE,
        created_at   timestamptz  NOT NULL,
        updated_at   timestamptz  NOT NULL
      )`);
    await db.query(`CREATE INDEX subscribers_organisation ON subscribers (upper(organisation))`);
    await db.query(`
      CREATE TABLE subscriptions (
        id            uuid        PRIMARY KEY,
        subscriber_id uuid        NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        event_types   text[]      NOT NULL DEFAULT '{}',
        regions       text[]      NOT NULL DEFAULT '{}',
        hazards       text[]      NOT NULL DEFAULT '{}',
        min_severity  varchar(16),
        created_at    timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX subscriptions_subscriber ON subscriptions (subscriber_id)`);
    await db.query(`
      CREATE TABLE incidents (
        id            uuid        PRIMARY KEY,
        region        varchar(10) NOT NULL,
        hazard        varchar(2)  NOT NULL,
        severity      varchar(16) NOT NULL,
        last_event_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notifications (
        id                  uuid          PRIMARY KEY,
        event_id            uuid          NOT NULL,
        event_type          varchar(100)  NOT NULL,
        -- No foreign key: the ledger outlives a deleted subscriber.
        subscriber_id       uuid          NOT NULL,
        channel             varchar(8)    NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient           varchar(320)  NOT NULL,
        language            varchar(2)    NOT NULL,
        subject             varchar(1000),
        body_text           text          NOT NULL,
        body_html           text,
        status              varchar(10)   NOT NULL
                              CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
        attempts            integer       NOT NULL DEFAULT 0,
        next_attempt_at     timestamptz   NOT NULL,
        lease_until         timestamptz,
        provider_message_id varchar(200),
        delivery_receipt    varchar(200),
        last_error          varchar(1000),
        created_at          timestamptz   NOT NULL,
        updated_at          timestamptz   NOT NULL,
        -- At most once per event, recipient and channel, however often the event arrives.
        CONSTRAINT notifications_once UNIQUE (event_id, subscriber_id, channel)
      )`);
    await db.query(
      `CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending'`,
    );
    await db.query(
      `CREATE INDEX notifications_sending ON notifications (lease_until) WHERE status = 'sending'`,
    );
    await db.query(`CREATE INDEX notifications_provider_id ON notifications (provider_message_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE incidents`);
    await db.query(`DROP TABLE subscriptions`);
    await db.query(`DROP TABLE subscribers`);
  }
}
