import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the span that planned a notification (the consumer's), so that the
 * send, which the delivery worker does later and elsewhere, continues the same trace. Null for
 * rows planned before tracing.
 */
export class NotificationTraceContext1799100000000 implements MigrationInterface {
  name = 'NotificationTraceContext1799100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN traceparent varchar(55)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN traceparent`);
  }
}
