import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Postgres channel the outbox trigger notifies; the relay LISTENs on it. */
export const OUTBOX_NOTIFY_CHANNEL = 'outbox_events_inserted';

/**
 * The transactional outbox. Its timestamp is older than any service migration so it runs first.
 * The statement-level trigger sends one NOTIFY per inserting statement; Postgres delivers it only
 * when the transaction commits (and folds identical ones), which is exactly when the relay should
 * look.
 */
export class MessagingOutbox1600000000000 implements MigrationInterface {
  name = 'MessagingOutbox1600000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        topic text NOT NULL,
        key text NOT NULL,
        type text NOT NULL,
        version integer NOT NULL,
        envelope jsonb NOT NULL,
        headers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await runner.query(`CREATE UNIQUE INDEX outbox_events_seq_key ON outbox_events (seq)`);
    await runner.query(
      `CREATE INDEX outbox_events_pending_idx ON outbox_events (seq) WHERE published_at IS NULL`,
    );
    await runner.query(
      `CREATE INDEX outbox_events_published_at_idx ON outbox_events (published_at)
         WHERE published_at IS NOT NULL`,
    );
    await runner.query(`
      CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${OUTBOX_NOTIFY_CHANNEL}', '');
        RETURN NULL;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox_events`);
    await runner.query(`DROP FUNCTION outbox_events_notify()`);
  }
}
