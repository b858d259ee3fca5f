import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The audit trail of every service (libs/audit). Append-only in the database: the trigger refuses
 * DELETE and TRUNCATE, and every UPDATE except the sealer's one-time setting of
 * chain_seq/prev_hash/hash on an unsealed row whose content stays as it is.
 * `tx` is the writing transaction's id (xid8, epoch-extended, so it never wraps) kept as a
 * bigint, which TypeORM knows.
 */
export class AuditEntries1600000000200 implements MigrationInterface {
  name = 'AuditEntries1600000000200';

  async up(runner: QueryRunner): Promise<void> {
    // The writing transaction's id; pg_current_xact_id() assigns one if it has none yet.
    await runner.query(`
      CREATE FUNCTION audit_current_tx() RETURNS bigint LANGUAGE sql VOLATILE
      AS $$ SELECT pg_current_xact_id()::text::bigint $$`);
    await runner.query(`
      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_subject text NOT NULL,
        actor_organisation text,
        actor_roles text[] NOT NULL DEFAULT '{}',
        correlation_id text NOT NULL,
        causation_id text,
        object_type text NOT NULL,
        object_id text NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}',
        tx bigint NOT NULL DEFAULT audit_current_tx(),
        chain_seq bigint UNIQUE,
        prev_hash text,
        hash text,
        CONSTRAINT audit_entries_sealed_whole
          CHECK ((chain_seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL))
      )`);
    // An object's history, newest first.
    await runner.query(`CREATE INDEX audit_entries_object ON audit_entries (object_id, id)`);
    // The sealer's work list: unsealed rows in chain order.
    await runner.query(
      `CREATE INDEX audit_entries_unsealed ON audit_entries (tx, id) WHERE hash IS NULL`,
    );
    await runner.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.hash IS NOT NULL OR NEW.hash IS NULL
           OR (OLD.id, OLD.occurred_at, OLD.actor_subject, OLD.actor_organisation, OLD.actor_roles,
               OLD.correlation_id, OLD.causation_id, OLD.object_type, OLD.object_id, OLD.action,
               OLD.changes, OLD.tx)
              IS DISTINCT FROM
              (NEW.id, NEW.occurred_at, NEW.actor_subject, NEW.actor_organisation, NEW.actor_roles,
               NEW.correlation_id, NEW.causation_id, NEW.object_type, NEW.object_id, NEW.action,
               NEW.changes, NEW.tx) THEN
          RAISE EXCEPTION 'audit_entries is append-only: only sealing an unsealed row is allowed'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await runner.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE audit_entries`);
    await runner.query(`DROP FUNCTION audit_entries_append_only()`);
    await runner.query(`DROP FUNCTION audit_current_tx()`);
  }
}
