import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prepositioned stock (issue 19): stockpiles with their movements, append-only. The CHECKs are
 * the last guard of "never negative": the service's conditional UPDATEs already refuse a movement
 * that would break them. An offer may name the stockpile it is made from.
 */
export class Stockpiles1799100000000 implements MigrationInterface {
  name = 'Stockpiles1799100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stockpiles (
        id            uuid          PRIMARY KEY,
        version       integer       NOT NULL CHECK (version >= 1),
        owner_code    varchar(32)   NOT NULL,
        owner_name    varchar(200)  NOT NULL,
        region        varchar(10)   NOT NULL,
        warehouse     varchar(200)  NOT NULL,
        item_code     varchar(64)   NOT NULL,
        item_version  integer       CHECK (item_version >= 1),
        unit          varchar(32)   NOT NULL,
        on_hand       integer       NOT NULL CHECK (on_hand >= 0),
        reserved      integer       NOT NULL CHECK (reserved >= 0),
        expires_on    date,
        created_by    varchar(200)  NOT NULL,
        created_at    timestamptz   NOT NULL,
        updated_at    timestamptz   NOT NULL,
        CONSTRAINT stockpiles_reserved_within_on_hand CHECK (reserved <= on_hand)
      )`);
    await db.query(`CREATE INDEX stockpiles_item ON stockpiles (item_code)`);
    await db.query(`CREATE INDEX stockpiles_owner ON stockpiles (owner_code, id)`);
    await db.query(`
      CREATE TABLE stock_movements (
        id            bigserial     PRIMARY KEY,
        stockpile_id  uuid          NOT NULL REFERENCES stockpiles (id),
        kind          varchar(16)   NOT NULL
          CHECK (kind IN ('received', 'reserved', 'released', 'dispatched', 'written-off')),
        quantity      integer       NOT NULL CHECK (quantity > 0),
        offer_id      uuid,
        reason        varchar(1000),
        actor         varchar(200)  NOT NULL,
        at            timestamptz   NOT NULL
      )`);
    await db.query(`CREATE INDEX stock_movements_stockpile ON stock_movements (stockpile_id, id)`);
    await db.query(`CREATE INDEX stock_movements_offer ON stock_movements (offer_id)`);
    // Append-only: the ledger of every movement is never rewritten.
    await db.query(`
      CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_movements is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
        FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only()`);
    await db.query(`ALTER TABLE offers ADD COLUMN stockpile_id uuid REFERENCES stockpiles (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE offers DROP COLUMN stockpile_id`);
    await db.query(`DROP TABLE stock_movements`);
    await db.query(`DROP FUNCTION stock_movements_append_only`);
    await db.query(`DROP TABLE stockpiles`);
  }
}
