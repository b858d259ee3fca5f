import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CAP messages issued, one per incident version (append-only), so an identifier named in a
 * later message's <references> can be fetched. Versions written before this table existed were
 * never kept (their current message is still at GET /incidents/:id/cap).
 */
export class CapAlertVersions1795600200000 implements MigrationInterface {
  name = 'CapAlertVersions1795600200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE cap_alert_versions (
        identifier varchar(60) PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents (id),
        incident_version integer NOT NULL CHECK (incident_version >= 1),
        sent_at timestamptz NOT NULL,
        state jsonb NOT NULL,
        CONSTRAINT cap_alert_versions_version_unique UNIQUE (incident_id, incident_version)
      )`);
    await runner.query(`
      CREATE FUNCTION cap_alert_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'cap_alert_versions is append-only (% refused)', TG_OP;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER cap_alert_versions_append_only
        BEFORE UPDATE OR DELETE ON cap_alert_versions
        FOR EACH ROW EXECUTE FUNCTION cap_alert_versions_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE cap_alert_versions');
    await runner.query('DROP FUNCTION cap_alert_versions_append_only()');
  }
}
