import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The Idempotency-Key store of every service (libs/runtime idempotency). */
export class IdempotencyKeys1600000000100 implements MigrationInterface {
  name = 'IdempotencyKeys1600000000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE idempotency_keys (
        caller text NOT NULL,
        method text NOT NULL,
        route text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed')),
        status int,
        headers jsonb NOT NULL DEFAULT '{}',
        body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (caller, method, route, key)
      )`);
    // The prune deletes by age.
    await runner.query(`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE idempotency_keys`);
  }
}
