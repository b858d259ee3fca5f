import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner registry (seeded), incident and request read models, offers. */
export class OffersSchema1714000000000 implements MigrationInterface {
  name = 'OffersSchema1714000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partners (
        code          varchar(32)  PRIMARY KEY,
        name          varchar(200) NOT NULL,
        kind          varchar(32)  NOT NULL CHECK (kind IN ('government', 'un-agency', 'red-cross-red-crescent',
                        'ngo', 'financial-institution', 'donor', 'private-sector', 'other')),
        origin        varchar(16)  NOT NULL CHECK (origin IN ('domestic', 'international')),
        contact_email varchar(254),
        contact_phone varchar(32),
        version       integer      NOT NULL,
        created_at    timestamptz  NOT NULL,
        updated_at    timestamptz  NOT NULL
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
      CREATE TABLE requests (
        id                 uuid         PRIMARY KEY,
        revision           integer      NOT NULL,
        incident_id        uuid         NOT NULL,
        incident_reference varchar(40)  NOT NULL,
        region             varchar(10)  NOT NULL,
        item_code          varchar(64),
        item_name          varchar(200) NOT NULL,
        unit               varchar(32)  NOT NULL,
        quantity           integer      NOT NULL,
        priority           varchar(10)  NOT NULL,
        needed_by          timestamptz  NOT NULL,
        scope              varchar(16)  NOT NULL,
        status             varchar(24)  NOT NULL,
        pledged            integer      NOT NULL,
        delivered          integer      NOT NULL,
        remaining          integer      NOT NULL,
        updated_at         timestamptz  NOT NULL
      )`);
    await db.query(`CREATE INDEX requests_incident ON requests (incident_id)`);
    await db.query(`
      CREATE TABLE offers (
        id                     uuid          PRIMARY KEY,
        version                integer       NOT NULL,
        partner_code           varchar(32)   NOT NULL REFERENCES partners (code),
        partner_name           varchar(200)  NOT NULL,
        partner_kind           varchar(32)   NOT NULL,
        partner_origin         varchar(16)   NOT NULL,
        request_id             uuid          REFERENCES requests (id),
        incident_id            uuid          NOT NULL,
        incident_reference     varchar(40)   NOT NULL,
        item_code              varchar(64),
        item_name              varchar(200)  NOT NULL,
        unit                   varchar(32)   NOT NULL,
        quantity               integer       NOT NULL CHECK (quantity > 0),
        expected_delivery_date date,
        conditions             varchar(2000),
        note                   varchar(2000),
        status                 varchar(16)   NOT NULL CHECK (status IN ('published', 'accepted', 'declined',
                                 'withdrawn', 'dispatched', 'delivered')),
        accepted_quantity      integer       CHECK (accepted_quantity > 0 AND accepted_quantity <= quantity),
        pledge_confirmed       boolean       NOT NULL DEFAULT false,
        expected_arrival       timestamptz,
        reported_quantity      integer,
        delivery_note          varchar(2000),
        delivered_quantity     integer       CHECK (delivered_quantity > 0 AND delivered_quantity <= accepted_quantity),
        reason                 varchar(1000),
        acceptance_reverted    boolean       NOT NULL DEFAULT false,
        published_by           varchar(200)  NOT NULL,
        published_at           timestamptz   NOT NULL,
        decided_by             varchar(200),
        updated_at             timestamptz   NOT NULL
      )`);
    await db.query(`CREATE INDEX offers_request_status ON offers (request_id, status)`);
    await db.query(`CREATE INDEX offers_partner ON offers (partner_code)`);
    await db.query(`CREATE INDEX offers_incident ON offers (incident_id)`);

    // Partners present at the UN disaster preparedness meeting in Kazakhstan (April 2024) and
    // others the ministry works with. Contacts are left for an admin to fill in.
    await db.query(`
      INSERT INTO partners (code, name, kind, origin, version, created_at, updated_at) VALUES
        ('UNICEF', 'United Nations Children''s Fund',                                   'un-agency',              'international', 1, now(), now()),
        ('OCHA',   'UN Office for the Coordination of Humanitarian Affairs',           'un-agency',              'international', 1, now(), now()),
        ('UNDP',   'United Nations Development Programme',                             'un-agency',              'international', 1, now(), now()),
        ('FAO',    'Food and Agriculture Organization of the United Nations',          'un-agency',              'international', 1, now(), now()),
        ('UNDRR',  'UN Office for Disaster Risk Reduction',                            'un-agency',              'international', 1, now(), now()),
        ('IFRC',   'International Federation of Red Cross and Red Crescent Societies', 'red-cross-red-crescent', 'international', 1, now(), now()),
        ('RCS-KZ', 'Red Crescent Society of Kazakhstan',                               'red-cross-red-crescent', 'domestic',      1, now(), now()),
        ('EU',     'European Union (Civil Protection and Humanitarian Aid, DG ECHO)',  'donor',                  'international', 1, now(), now()),
        ('USAID',  'United States Agency for International Development',              'donor',                  'international', 1, now(), now()),
        ('WB',     'World Bank',                                                       'financial-institution',  'international', 1, now(), now()),
        ('ADB',    'Asian Development Bank',                                           'financial-institution',  'international', 1, now(), now()),
        ('CESDRR', 'Center for Emergency Situations and Disaster Risk Reduction',      'other',                  'international', 1, now(), now())
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE offers`);
    await db.query(`DROP TABLE requests`);
    await db.query(`DROP TABLE incidents`);
    await db.query(`DROP TABLE partners`);
  }
}
