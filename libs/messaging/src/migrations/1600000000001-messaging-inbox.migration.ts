import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The inbox of the idempotent consumer: one row per (consumer group, event) applied. */
export class MessagingInbox1600000000001 implements MigrationInterface {
  name = 'MessagingInbox1600000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE processed_events (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE processed_events`);
  }
}
