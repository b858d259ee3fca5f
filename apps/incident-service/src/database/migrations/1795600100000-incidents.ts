import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Copied, not imported: a migration must keep meaning what it meant when it first ran.
const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'];
const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'];
const STATUSES = ['reported', 'active', 'contained', 'closed', 'cancelled'];

/**
 * Incidents, their append-only timeline (one row per version), and the counters behind
 * reference numbers. The checks repeat the domain's rules so no other writer can break them.
 */
export class Incidents1795600100000 implements MigrationInterface {
  name = 'Incidents1795600100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY,
        reference varchar(40) NOT NULL CONSTRAINT incidents_reference_unique UNIQUE,
        title varchar(200) NOT NULL,
        description varchar(4000),
        hazard char(2) NOT NULL,
        region varchar(6) NOT NULL REFERENCES regions (code),
        district varchar(150),
        settlement varchar(150),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        radius_km double precision CHECK (radius_km >= 0),
        severity varchar(10) NOT NULL CHECK (severity IN (${list(SEVERITIES)})),
        urgency varchar(10) NOT NULL CHECK (urgency IN (${list(URGENCIES)})),
        certainty varchar(10) NOT NULL CHECK (certainty IN (${list(CERTAINTIES)})),
        status varchar(10) NOT NULL CHECK (status IN (${list(STATUSES)})),
        status_reason varchar(1000),
        affected integer NOT NULL CHECK (affected >= 0),
        evacuated integer NOT NULL CHECK (evacuated >= 0),
        injured integer NOT NULL CHECK (injured >= 0),
        dead integer NOT NULL CHECK (dead >= 0),
        homes_damaged integer NOT NULL CHECK (homes_damaged >= 0),
        occurred_at timestamptz NOT NULL,
        reported_at timestamptz NOT NULL,
        reported_by varchar(200) NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by varchar(200) NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        CONSTRAINT incidents_location_complete CHECK (
          (latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL) = (radius_km IS NULL)
        ),
        CONSTRAINT incidents_figures_consistent CHECK (evacuated <= affected AND injured <= affected)
      )`);
    // The list is paged newest first over (reported_at, id); filters narrow it.
    await runner.query('CREATE INDEX incidents_page ON incidents (reported_at DESC, id DESC)');
    await runner.query(
      'CREATE INDEX incidents_by_region ON incidents (region, reported_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX incidents_by_status ON incidents (status, reported_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX incidents_by_hazard ON incidents (hazard, reported_at DESC, id DESC)',
    );

    await runner.query(`
      CREATE TABLE incident_timeline (
        sequence bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents (id),
        incident_version integer NOT NULL,
        kind varchar(20) NOT NULL
          CHECK (kind IN ('reported', 'updated', 'status-changed', 'situation-update')),
        text varchar(4000) NOT NULL,
        status varchar(10) NOT NULL,
        severity varchar(10) NOT NULL,
        affected integer NOT NULL,
        evacuated integer NOT NULL,
        injured integer NOT NULL,
        dead integer NOT NULL,
        homes_damaged integer NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by varchar(200) NOT NULL,
        -- One entry per version: the CAP export finds the previous message's time here.
        CONSTRAINT incident_timeline_version_unique UNIQUE (incident_id, incident_version)
      )`);
    await runner.query(`
      CREATE FUNCTION incident_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident_timeline is append-only (% refused)', TG_OP;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER incident_timeline_append_only
        BEFORE UPDATE OR DELETE ON incident_timeline
        FOR EACH ROW EXECUTE FUNCTION incident_timeline_append_only()`);

    // One counter per reference prefix (hazard-year-country-region), e.g. FL-2024-KZ-AKT.
    await runner.query(`
      CREATE TABLE incident_reference_counters (
        prefix varchar(20) PRIMARY KEY,
        last_sequence integer NOT NULL CHECK (last_sequence >= 1)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE incident_reference_counters');
    await runner.query('DROP TABLE incident_timeline');
    await runner.query('DROP FUNCTION incident_timeline_append_only()');
    await runner.query('DROP TABLE incidents');
  }
}
