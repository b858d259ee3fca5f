import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue (reference data), the incident read model, resource requests and their pledge
 * ledger (one row per accepted offer, as the request side counts it).
 */
export class RequestsSchema1714000000000 implements MigrationInterface {
  name = 'RequestsSchema1714000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalogue_items (
        code        varchar(64)  PRIMARY KEY,
        name        varchar(200) NOT NULL,
        unit        varchar(32)  NOT NULL,
        category    varchar(64)  NOT NULL,
        description varchar(1000)
      )`);
    await db.query(`
      CREATE TABLE incidents (
        id            uuid         PRIMARY KEY,
        reference     varchar(40)  NOT NULL,
        title         varchar(200) NOT NULL,
        region        varchar(10)  NOT NULL,
        status        varchar(16)  NOT NULL,
        last_event_at timestamptz  NOT NULL
      )`);
    await db.query(`
      CREATE TABLE resource_requests (
        id                 uuid          PRIMARY KEY,
        incident_id        uuid          NOT NULL REFERENCES incidents (id),
        incident_reference varchar(40)   NOT NULL,
        item_code          varchar(64)   REFERENCES catalogue_items (code),
        item_name          varchar(200)  NOT NULL,
        unit               varchar(32)   NOT NULL,
        quantity           integer       NOT NULL CHECK (quantity > 0),
        priority           varchar(10)   NOT NULL CHECK (priority IN ('critical', 'high', 'normal')),
        needed_by          date          NOT NULL,
        region             varchar(10)   NOT NULL,
        address            varchar(500),
        latitude           double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude          double precision CHECK (longitude BETWEEN -180 AND 180),
        notes              varchar(4000),
        scope              varchar(16)   NOT NULL CHECK (scope IN ('domestic', 'international')),
        status             varchar(24)   NOT NULL CHECK (status IN ('open', 'partially-pledged', 'pledged',
                             'partially-delivered', 'fulfilled', 'cancelled', 'closed')),
        pledged            integer       NOT NULL DEFAULT 0,
        delivered          integer       NOT NULL DEFAULT 0,
        end_reason         varchar(1000),
        version            integer       NOT NULL,
        raised_by          varchar(200)  NOT NULL,
        raised_at          timestamptz   NOT NULL,
        updated_at         timestamptz   NOT NULL,
        -- The last line of defence of "never beyond the need": coverage arithmetic keeps these.
        CONSTRAINT coverage_within_need CHECK (0 <= delivered AND delivered <= pledged AND pledged <= quantity)
      )`);
    await db.query(`CREATE INDEX resource_requests_incident ON resource_requests (incident_id)`);
    await db.query(`CREATE INDEX resource_requests_status ON resource_requests (status)`);
    await db.query(`CREATE INDEX resource_requests_region ON resource_requests (region)`);
    await db.query(`
      CREATE TABLE request_pledges (
        offer_id           uuid          PRIMARY KEY,
        request_id         uuid          NOT NULL REFERENCES resource_requests (id),
        partner_code       varchar(32)   NOT NULL,
        state              varchar(16)   NOT NULL CHECK (state IN ('pledged', 'dispatched', 'delivered', 'released', 'rejected')),
        quantity           integer       NOT NULL CHECK (quantity > 0),
        delivered_quantity integer       NOT NULL DEFAULT 0 CHECK (delivered_quantity >= 0),
        reason             varchar(1000),
        updated_at         timestamptz   NOT NULL
      )`);
    await db.query(`CREATE INDEX request_pledges_request ON request_pledges (request_id)`);

    // Reference data: what the ministry asks for most in floods. Units are those of catalogue.ts.
    await db.query(
      `INSERT INTO catalogue_items (code, name, unit, category, description) VALUES
        ('WASH-HYGIENE-KIT',   'Sanitary and hygiene kit',        'kit',    'wash',     'Family hygiene kit: soap, toothpaste, towels, sanitary pads, detergent'),
        ('WASH-DRINKING-WATER','Drinking water',                  'litre',  'wash',     'Bottled or trucked potable water'),
        ('WASH-JERRYCAN',      'Jerrycan, 20 l',                  'piece',  'wash',     NULL),
        ('SHELTER-TENT-FAMILY','Family tent',                     'piece',  'shelter',  'Family tent for 5 people, winterised'),
        ('NFI-BLANKET',        'Blanket',                         'piece',  'shelter',  'Thermal blanket'),
        ('NFI-MATTRESS',       'Mattress',                        'piece',  'shelter',  NULL),
        ('NFI-KITCHEN-SET',    'Kitchen set',                     'set',    'shelter',  'Cooking and eating utensils for a family'),
        ('FOOD-RATION',        'Food ration',                     'ration', 'food',     'Daily ration for one person'),
        ('FOOD-FLOUR',         'Wheat flour',                     'tonne',  'food',     NULL),
        ('AGRI-ANIMAL-FEED',   'Animal feed',                     'tonne',  'food',     'Fodder for livestock of affected households'),
        ('HEALTH-MEDICAL-KIT', 'Medical kit',                     'kit',    'health',   'First aid and essential medicines'),
        ('EQUIP-WATER-PUMP',   'Water pump',                      'piece',  'equipment','Motor pump for dewatering'),
        ('EQUIP-GENERATOR',    'Power generator',                 'piece',  'equipment',NULL),
        ('FLOOD-SANDBAG',      'Sandbags',                        'piece',  'flood',    'Filled or empty sandbags for dykes'),
        ('RESCUE-MOTOR-BOAT',  'Motor boat',                      'piece',  'rescue',   'Boat with outboard motor for evacuation'),
        ('RESCUE-TEAM',        'Rescue team',                     'team',   'rescue',   'Search and rescue team with its equipment')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE request_pledges`);
    await db.query(`DROP TABLE resource_requests`);
    await db.query(`DROP TABLE incidents`);
    await db.query(`DROP TABLE catalogue_items`);
  }
}
