import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The columns the append-only trigger keeps as they are; `withEventId` adds event_id. */
function appendOnlyFunction(withEventId: boolean): string {
  const columns = [
    'id',
    'occurred_at',
    'actor_subject',
    'actor_organisation',
    'actor_roles',
    'correlation_id',
    'causation_id',
    'object_type',
    'object_id',
    'action',
    'changes',
    'tx',
    ...(withEventId ? ['event_id'] : []),
  ];
  const of = (row: string) => columns.map((c) => `${row}.${c}`).join(', ');
  return `
    CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.hash IS NOT NULL OR NEW.hash IS NULL
         OR (${of('OLD')}) IS DISTINCT FROM (${of('NEW')}) THEN
        RAISE EXCEPTION 'audit_entries is append-only: only sealing an unsealed row is allowed'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$`;
}

/**
 * The id of the event an entry records (null for a change that is no event, and for entries
 * recorded before this column), so `GET /admin/audit?event=<id>` finds the entry a cascade's
 * `causation_id` names. Covered by the append-only trigger and by the chain hash.
 */
export class AuditEventId1600000000201 implements MigrationInterface {
  name = 'AuditEventId1600000000201';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_entries ADD COLUMN event_id uuid`);
    await runner.query(
      `CREATE INDEX audit_entries_event ON audit_entries (event_id) WHERE event_id IS NOT NULL`,
    );
    await runner.query(appendOnlyFunction(true));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(appendOnlyFunction(false));
    await runner.query(`DROP INDEX audit_entries_event`);
    // The trigger refuses no ALTER: dropping a column is a schema change, not an edit of a row.
    await runner.query(`ALTER TABLE audit_entries DROP COLUMN event_id`);
  }
}
