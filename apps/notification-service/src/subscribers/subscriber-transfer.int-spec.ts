/**
 * Bulk subscriber management (issue 16) on real PostgreSQL: CSV and JSON imports checked row
 * by row, idempotent on re-import, the export that imports back unchanged, thousands of rows in
 * bulk, admins only; and the keyset-paged list.
 */
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ALL_TOPICS } from '@relief/contracts';
import {
  createTopics,
  mintTestToken,
  startTestService,
  TEST_IDENTITIES,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestService,
} from '@relief/testing';
import type { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { NotificationServiceConfig } from '../notification-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

const HEADER =
  'reference,name,organisation,email,phone,language,channels,userId,eventTypes,regions,hazards,minSeverity';
/** What an export writes: every column, receiveExercises among them. */
const EXPORT_HEADER =
  'reference,name,organisation,email,phone,language,channels,userId,receiveExercises,eventTypes,regions,hazards,minSeverity,incidentIds,itemCodes';

interface Report {
  format: string;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  refusedRows: { row: number; field: string; code: string }[];
}

describe('subscriber import and export (real PostgreSQL)', () => {
  let service: TestService<NotificationServiceConfig>;
  let app: NestExpressApplication;
  let sql: Client;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    const prefix = uniqueTopicPrefix();
    await createTopics(testKafkaBrokers(), prefix, ALL_TOPICS);
    service = await startTestService({
      name: 'notification-transfer',
      configClass: NotificationServiceConfig,
      module: (config) => AppModule.forRoot(config),
      topicPrefix: prefix,
    });
    ({ app, sql } = service);
    admin = await mintTestToken(TEST_IDENTITIES.admin);
    operator = await mintTestToken(TEST_IDENTITIES.operator);
  }, 180_000);

  afterAll(async () => {
    await service?.close();
  });

  const importAs = (token: string, type: string, body: string) =>
    request(app.getHttpServer())
      .post('/subscribers/import')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(body);

  async function importCsv(csv: string): Promise<Report> {
    const response = await importAs(admin, 'text/csv', csv);
    expect(response.status).toBe(200);
    return response.body as Report;
  }

  async function exported(format: 'csv' | 'json'): Promise<string> {
    const response = await request(app.getHttpServer())
      .get(`/subscribers/export?format=${format}`)
      .set('Authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    return response.body as string;
  }

  const count = async (table: string) =>
    Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  const sheet = [
    HEADER,
    'HR-1,Aigerim Seitkali,ministry,a.seitkali@emer.gov.kz,+77012345678,kk,email|sms,,,KZ-15,FL|EQ,Severe',
    'HR-1,Aigerim Seitkali,ministry,a.seitkali@emer.gov.kz,+77012345678,kk,email|sms,,*,,,',
    ',Dana Nurlanovna,UNICEF,dana@unicef.example.org,,en,email,,,KZ-10,,',
    ',Bolat,ministry,,+77017654321,ru,sms,,,,,',
    ',Bad Phone,ministry,bad.phone@emer.gov.kz,+7701,kk,email,,,,,',
    ',Bad Email,ministry,not-an-email,,kk,,,,,,',
    ',Bad Region,ministry,bad.region@emer.gov.kz,,kk,email,,,KZ-99,,',
  ].join('\n');

  it('stores the good rows of a CSV and reports the refused ones by row, field and code', async () => {
    const report = await importCsv(sheet);
    expect(report).toMatchObject({
      format: 'csv',
      created: 3,
      updated: 0,
      unchanged: 0,
      refused: 3,
    });
    expect(report.refusedRows.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 6, field: 'phone', code: 'phone_invalid' },
      { row: 7, field: 'email', code: 'email_invalid' },
      { row: 8, field: 'regions', code: 'region_unknown' },
    ]);
    const stored = await sql.query<{ name: string; reference: string | null; subs: string }>(
      `SELECT s.name, s.reference, count(x.id)::text AS subs FROM subscribers s
         LEFT JOIN subscriptions x ON x.subscriber_id = s.id GROUP BY s.id ORDER BY s.name`,
    );
    expect(stored.rows).toEqual([
      { name: 'Aigerim Seitkali', reference: 'HR-1', subs: '2' },
      { name: 'Bolat', reference: null, subs: '0' },
      { name: 'Dana Nurlanovna', reference: null, subs: '1' },
    ]);
    const aigerim = await sql.query(
      `SELECT x.regions, x.hazards, x.min_severity, x.event_types FROM subscriptions x
         JOIN subscribers s ON s.id = x.subscriber_id WHERE s.reference = 'HR-1'
         ORDER BY cardinality(x.regions) DESC`,
    );
    expect(aigerim.rows).toEqual([
      { regions: ['KZ-15'], hazards: ['FL', 'EQ'], min_severity: 'Severe', event_types: [] },
      { regions: [], hazards: [], min_severity: null, event_types: [] },
    ]);
  });

  it('is idempotent: the same sheet again changes nothing, a changed row updates its person', async () => {
    expect(await importCsv(sheet)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await count('subscribers')).toBe(3);
    const renamed = await importCsv(
      `${HEADER}\n,Dana N.,UNICEF,DANA@unicef.example.org,,en,email,,,KZ-10,,`,
    );
    expect(renamed).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await count('subscribers')).toBe(3);
  });

  it('exports CSV and JSON that import back all unchanged', async () => {
    const csv = await exported('csv');
    expect(csv.split('\n')[0]).toBe(EXPORT_HEADER);
    expect(await importCsv(csv)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      refused: 0,
    });
    const json = await exported('json');
    const response = await importAs(admin, 'application/json', json);
    expect(response.body).toMatchObject({
      format: 'json',
      created: 0,
      updated: 0,
      unchanged: 3,
      refused: 0,
    });
  });

  it('keeps the incidents and items a feedback subscription names through export and import', async () => {
    const incident = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const sheet =
      'reference,name,organisation,language,channels,eventTypes,incidentIds,itemCodes\n' +
      `FB-1,Feedback Desk,ministry,ru,,feedback.received,${incident},WASH-HYGIENE-KIT\n`;
    expect(await importCsv(sheet)).toMatchObject({ created: 1, refused: 0 });
    const stored = await sql.query(
      `SELECT x.incident_ids::text[] AS "incidentIds", x.item_codes AS "itemCodes"
         FROM subscriptions x JOIN subscribers s ON s.id = x.subscriber_id WHERE s.reference = 'FB-1'`,
    );
    expect(stored.rows).toEqual([{ incidentIds: [incident], itemCodes: ['WASH-HYGIENE-KIT'] }]);
    const csv = await exported('csv');
    expect(csv.split('\n').find((line) => line.startsWith('FB-1,'))).toMatch(
      new RegExp(`,feedback.received,,,,${incident},WASH-HYGIENE-KIT$`),
    );
    expect(await importCsv(csv)).toMatchObject({ updated: 0, refused: 0 });
    const json = await exported('json');
    const response = await importAs(admin, 'application/json', json);
    expect(response.body).toMatchObject({ created: 0, updated: 0, refused: 0 });
    // The later cases count the people of the first sheet.
    await sql.query(
      `DELETE FROM subscriptions WHERE subscriber_id IN (SELECT id FROM subscribers WHERE reference = 'FB-1')`,
    );
    await sql.query(`DELETE FROM subscribers WHERE reference = 'FB-1'`);
  });

  it('imports JSON, refusing bad entries by position and field path', async () => {
    const response = await importAs(
      admin,
      'application/json',
      JSON.stringify({
        subscribers: [
          {
            reference: 'HR-2',
            name: 'Marat',
            organisation: 'IFRC',
            email: 'marat@ifrc.example.org',
            language: 'en',
            channels: ['email'],
            subscriptions: [{ regions: ['KZ-15'], hazards: ['FL'] }],
          },
          {
            name: 'Nobody',
            organisation: 'ministry',
            email: 'nobody@emer.gov.kz',
            language: 'en',
            channels: ['email'],
            subscriptions: [{ regions: ['Atlantis'] }],
          },
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      format: 'json',
      created: 1,
      refused: 1,
      refusedRows: [{ row: 2, field: 'subscriptions.0.regions', code: 'region_unknown' }],
    });
    const bad = await importAs(admin, 'application/json', JSON.stringify({ people: [] }));
    expect(bad.status).toBe(400);
  });

  it('imports a few thousand rows in bulk, and again unchanged', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `BULK-${i},Person ${String(i).padStart(4, '0')},ministry,p${i}@emer.gov.kz,,kk,email,,,KZ-15|KZ-10,FL,`,
    );
    const csv = [HEADER, ...rows].join('\n');
    const started = Date.now();
    expect(await importCsv(csv)).toMatchObject({ created: 3000, refused: 0 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await importCsv(csv)).toMatchObject({ created: 0, updated: 0, unchanged: 3000 });
    expect(await count('subscribers')).toBe(3004);
  }, 120_000);

  it('pages the list by name with a cursor', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await request(app.getHttpServer())
        .get('/subscribers')
        .query({ limit: 200, ...(cursor ? { cursor } : {}) })
        .set('Authorization', `Bearer ${admin}`);
      expect(response.status).toBe(200);
      const page = response.body as { items: { name: string }[]; nextCursor: string | null };
      names.push(...page.items.map((s) => s.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(names).toHaveLength(3004);
    expect(pages).toBe(Math.ceil(3004 / 200));
    expect(new Set(names).size).toBe(3004);
    const bad = await request(app.getHttpServer())
      .get('/subscribers?cursor=garbage')
      .set('Authorization', `Bearer ${admin}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_cursor' });
  }, 60_000);

  it('imports and exports receiveExercises both ways, refusing a cell that is not yes or no', async () => {
    const drillsOf = async () =>
      (
        await sql.query<{ reference: string; receive_exercises: boolean }>(
          `SELECT reference, receive_exercises FROM subscribers
            WHERE reference LIKE 'DRILL-%' ORDER BY reference`,
        )
      ).rows.map((r) => [r.reference, r.receive_exercises]);
    const report = await importCsv(
      [
        'reference,name,organisation,email,language,channels,receiveExercises',
        'DRILL-1,Drill Desk,ministry,drill.desk@emer.gov.kz,ru,email,yes',
        'DRILL-2,Real Desk,ministry,real.desk@emer.gov.kz,ru,email,0',
        'DRILL-3,Bad Flag,ministry,bad.flag@emer.gov.kz,ru,email,maybe',
      ].join('\n'),
    );
    expect(report).toMatchObject({ created: 2, refused: 1 });
    expect(report.refusedRows.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 4, field: 'receiveExercises', code: 'receive_exercises_invalid' },
    ]);
    expect(await drillsOf()).toEqual([
      ['DRILL-1', true],
      ['DRILL-2', false],
    ]);
    // A sheet without the column keeps what is stored.
    expect(
      await importCsv(
        `${HEADER}\nDRILL-1,Drill Desk,ministry,drill.desk@emer.gov.kz,,ru,email,,,,,`,
      ),
    ).toMatchObject({ unchanged: 1, updated: 0 });
    expect(await drillsOf()).toEqual([
      ['DRILL-1', true],
      ['DRILL-2', false],
    ]);

    const csv = await exported('csv');
    const lines = csv.split('\n').filter((line) => line.startsWith('DRILL-'));
    expect(lines).toEqual([
      'DRILL-1,Drill Desk,ministry,drill.desk@emer.gov.kz,,ru,email,,true,,,,,,',
      'DRILL-2,Real Desk,ministry,real.desk@emer.gov.kz,,ru,email,,false,,,,,,',
    ]);
    const json = JSON.parse(await exported('json')) as {
      subscribers: { reference: string | null; receiveExercises: boolean }[];
    };
    expect(
      json.subscribers
        .filter((s) => s.reference?.startsWith('DRILL-'))
        .map((s) => [s.reference, s.receiveExercises]),
    ).toEqual([
      ['DRILL-1', true],
      ['DRILL-2', false],
    ]);

    // JSON changes it; the CSV export, imported back, changes it again.
    const flipped = await importAs(
      admin,
      'application/json',
      JSON.stringify({
        subscribers: [
          {
            reference: 'DRILL-1',
            name: 'Drill Desk',
            organisation: 'ministry',
            email: 'drill.desk@emer.gov.kz',
            language: 'ru',
            channels: ['email'],
            receiveExercises: false,
          },
          { ...json.subscribers[0], reference: 'DRILL-9', receiveExercises: 'yes' },
        ],
      }),
    );
    expect(flipped.body).toMatchObject({
      updated: 1,
      refused: 1,
      refusedRows: [{ row: 2, field: 'receiveExercises', code: 'receive_exercises_invalid' }],
    });
    expect(await drillsOf()).toEqual([
      ['DRILL-1', false],
      ['DRILL-2', false],
    ]);
    expect(await importCsv(csv)).toMatchObject({ updated: 1, refused: 0 });
    expect(await drillsOf()).toEqual([
      ['DRILL-1', true],
      ['DRILL-2', false],
    ]);
  }, 60_000);

  it('is for admins only', async () => {
    expect((await importAs(operator, 'text/csv', sheet)).status).toBe(403);
    const exportAsOperator = await request(app.getHttpServer())
      .get('/subscribers/export?format=json')
      .set('Authorization', `Bearer ${operator}`);
    expect(exportAsOperator.status).toBe(403);
    expect((await importAs(admin, 'application/xml', '<a/>')).status).toBe(415);
  });
});
