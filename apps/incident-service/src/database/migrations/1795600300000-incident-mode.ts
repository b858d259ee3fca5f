import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident's mode: `actual`, or a drill (`exercise`, `test`; CAP <status>). Every incident
 * filed before it is real. The check repeats the domain's vocabulary; the mode never changes
 * after filing (the domain refuses it, and no write path updates the column).
 */
export class IncidentMode1795600300000 implements MigrationInterface {
  name = 'IncidentMode1795600300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE incidents
        ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'actual'
          CHECK (mode IN ('actual', 'exercise', 'test'))
    `);
    // A drill never turns real, whatever writes the row.
    await runner.query(`
      CREATE FUNCTION incidents_mode_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.mode IS DISTINCT FROM OLD.mode THEN
          RAISE EXCEPTION 'the mode of incident % is fixed at filing', OLD.id;
        END IF;
        RETURN NEW;
      END $$
    `);
    await runner.query(`
      CREATE TRIGGER incidents_mode_fixed BEFORE UPDATE OF mode ON incidents
        FOR EACH ROW EXECUTE FUNCTION incidents_mode_fixed()
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER incidents_mode_fixed ON incidents`);
    await runner.query(`DROP FUNCTION incidents_mode_fixed()`);
    await runner.query(`ALTER TABLE incidents DROP COLUMN mode`);
  }
}
