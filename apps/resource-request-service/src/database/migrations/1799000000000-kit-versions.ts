import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kit compositions (issue 19): every version of a catalogue item's contents, append-only, and
 * the version each request refers to. The hygiene kit gets its first composition (v1, without
 * nappies: the Aktobe feedback adds them in v2).
 */
export class KitVersions1799000000000 implements MigrationInterface {
  name = 'KitVersions1799000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalogue_kit_versions (
        item_code    varchar(64)   NOT NULL REFERENCES catalogue_items (code),
        version      integer       NOT NULL CHECK (version >= 1),
        contents     jsonb         NOT NULL CHECK (jsonb_typeof(contents) = 'array' AND jsonb_array_length(contents) > 0),
        note         varchar(1000),
        citation     jsonb,
        published_at timestamptz   NOT NULL,
        published_by varchar(200)  NOT NULL,
        PRIMARY KEY (item_code, version)
      )`);
    // Append-only: a version is never edited; a new one is published.
    await db.query(`
      CREATE FUNCTION catalogue_kit_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'catalogue_kit_versions is append-only (% refused)', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER catalogue_kit_versions_append_only BEFORE UPDATE OR DELETE ON catalogue_kit_versions
      FOR EACH ROW EXECUTE FUNCTION catalogue_kit_versions_append_only()`);
    await db.query(`
      ALTER TABLE resource_requests ADD COLUMN item_version integer,
        ADD CONSTRAINT resource_requests_item_version
        FOREIGN KEY (item_code, item_version) REFERENCES catalogue_kit_versions (item_code, version)`);
    await db.query(
      `INSERT INTO catalogue_kit_versions (item_code, version, contents, note, citation, published_at, published_by)
       VALUES ('WASH-HYGIENE-KIT', 1, $1::jsonb, $2, NULL, '2024-01-15T00:00:00Z', 'system:catalogue')`,
      [
        JSON.stringify([
          { itemCode: null, name: 'Soap, 100 g bar', quantity: 4, unit: 'piece' },
          { itemCode: null, name: 'Toothpaste, 75 ml', quantity: 2, unit: 'piece' },
          { itemCode: null, name: 'Toothbrush', quantity: 4, unit: 'piece' },
          { itemCode: null, name: 'Towel', quantity: 2, unit: 'piece' },
          { itemCode: null, name: 'Sanitary pads, pack of 10', quantity: 2, unit: 'pack' },
          { itemCode: null, name: 'Laundry detergent, 500 g', quantity: 1, unit: 'piece' },
        ]),
        'Family hygiene kit for 4 to 5 people, one month',
      ],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE resource_requests DROP CONSTRAINT resource_requests_item_version`);
    await db.query(`ALTER TABLE resource_requests DROP COLUMN item_version`);
    await db.query(`DROP TABLE catalogue_kit_versions`);
    await db.query(`DROP FUNCTION catalogue_kit_versions_append_only`);
  }
}
