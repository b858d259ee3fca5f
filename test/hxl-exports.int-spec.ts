/**
 * Issue 18 part 4, HXL exports, over HTTP on real Kafka and PostgreSQL: what resource-request-
 * service (requests.hxl.csv, 3w.hxl.csv) and partner-offer-service (offers.hxl.csv) write, parsed
 * back with csv-parse, against what was raised, offered, accepted and delivered; drills left out;
 * who may see which rows.
 */
import { hxlTagProblem } from '@relief/runtime';
import { eventually } from '@relief/testing';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import request from 'supertest';
import { AssistanceHarness, day, status, type Who } from './assistance.harness';
import { strangerTokens } from './bad-input/tokens';

interface Csv {
  headers: string[];
  tags: string[];
  rows: Record<string, string>[];
}

function csvOf(res: Response): Csv {
  const [headers, tags, ...data] = parse(res.text);
  return {
    headers,
    tags,
    rows: data.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))),
  };
}

const sum = (rows: Record<string, string>[], column: string) =>
  rows.reduce((total, r) => total + Number(r[column] || 0), 0);

describe('HXL exports (both services, real Kafka + PostgreSQL)', () => {
  let h: AssistanceHarness;
  let incidentId: string;
  let reference: string;
  const ids = { kits: '', pumps: '', drill: '' };

  const raise = (incident: string, body: object) =>
    eventually(
      () =>
        h.call('requests', 'operator').post('/requests', {
          incidentId: incident,
          priority: 'high',
          neededBy: day(7),
          location: { region: 'KZ-15' },
          ...body,
        }),
      (res) => res.status !== 422,
      'the request service to learn of the incident',
    );
  const offer = (who: Who, requestId: string, quantity: number) =>
    eventually(
      () => h.call('offers', who).post('/offers', { requestId, quantity }),
      (res) => res.status !== 422,
      'the offer service to learn of the request',
    );
  const accept = (offerId: string, quantity: number) =>
    h
      .call('offers', 'operator')
      .post(`/offers/${offerId}/accept`, { quantity })
      .expect(status(200));
  const get = (service: 'requests' | 'offers', path: string, who: Who = 'operator') =>
    h.call(service, who).get(path);

  beforeAll(async () => {
    h = await AssistanceHarness.start('hxl');
    const flood = await h.incident('active', undefined, { region: 'KZ-15' });
    const drill = await h.incident('active', undefined, { region: 'KZ-15', mode: 'exercise' });
    incidentId = flood.incidentId;
    reference = flood.reference;

    const kits = await raise(incidentId, {
      item: { code: 'WASH-HYGIENE-KIT' },
      quantity: 400,
      scope: 'international',
    });
    const pumps = await raise(incidentId, { item: { code: 'EQUIP-WATER-PUMP' }, quantity: 30 });
    const drilled = await raise(drill.incidentId, {
      item: { code: 'WASH-HYGIENE-KIT' },
      quantity: 50,
    });
    for (const res of [kits, pumps, drilled]) expect(res.status).toBe(201);
    ids.kits = kits.body.id;
    ids.pumps = pumps.body.id;
    ids.drill = drilled.body.id;

    const unicef = await offer('unicef', ids.kits, 300);
    const rcsKits = await offer('rcs', ids.kits, 150);
    const rcsPumps = await offer('rcs', ids.pumps, 10);
    const rcsDrill = await offer('rcs', ids.drill, 5);
    for (const res of [unicef, rcsKits, rcsPumps, rcsDrill]) expect(res.status).toBe(201);
    await accept(unicef.body.id, 250);
    await accept(rcsKits.body.id, 150);
    await accept(rcsPumps.body.id, 10);
    // The pumps travel: dispatched once confirmed, 8 of the 10 arrive.
    const confirmed = await eventually(
      () => get('offers', `/offers/${rcsPumps.body.id}`),
      (res) => res.body.pledgeConfirmed === true,
      'the pumps pledge to be confirmed',
    );
    await h
      .call('offers', 'rcs')
      .post(`/offers/${rcsPumps.body.id}/dispatch`, {}, confirmed.body.version)
      .expect(status(200));
    await h
      .call('offers', 'operator')
      .post(`/offers/${rcsPumps.body.id}/confirm-delivery`, { quantity: 8 })
      .expect(status(200));
    await eventually(
      () => get('requests', `/requests/${ids.pumps}`),
      (res) => res.body.coverage?.delivered === 8,
      'the delivery to be counted',
    );
    await eventually(
      () => get('requests', `/requests/${ids.kits}`),
      (res) => res.body.coverage?.pledged === 400,
      'the kits pledges to be counted',
    );
  }, 240_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  describe('resource-request-service', () => {
    it('requests.hxl.csv: headers, valid HXL tags, one row per real request with its coverage', async () => {
      const res = await get('requests', '/exports/requests.hxl.csv').expect(status(200));
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="requests.hxl.csv"');
      const csv = csvOf(res);
      expect(csv.headers[0]).toBe('Request ID');
      for (const tag of csv.tags) expect(hxlTagProblem(tag)).toBeUndefined();
      expect(csv.tags).not.toContain('#event +mode');
      // The drill's request is not in it.
      expect(csv.rows.map((r) => r['Request ID']).sort()).toEqual([ids.kits, ids.pumps].sort());
      const kits = csv.rows.find((r) => r['Request ID'] === ids.kits);
      expect(kits).toMatchObject({
        Incident: reference,
        'Country code': 'KZ',
        Region: 'Aktobe Region',
        'Region code': 'KZ-15',
        'Item code': 'WASH-HYGIENE-KIT',
        Unit: 'kit',
        Requested: '400',
        Pledged: '400',
        Delivered: '0',
        Remaining: '0',
        Status: 'pledged',
        'International assistance': 'yes',
      });
      const pumps = csv.rows.find((r) => r['Request ID'] === ids.pumps);
      expect(pumps).toMatchObject({
        Requested: '30',
        Pledged: '8',
        Delivered: '8',
        'International assistance': 'no',
      });
    });

    it('requests.hxl.csv with drills: the exercise is in it, with its mode; regions in Kazakh', async () => {
      const res = await get(
        'requests',
        '/exports/requests.hxl.csv?includeDrills=true&lang=kk',
      ).expect(status(200));
      expect(res.headers['content-disposition']).toContain('requests-with-drills.hxl.csv');
      const csv = csvOf(res);
      expect(csv.tags).toContain('#event +mode');
      const drill = csv.rows.find((r) => r['Request ID'] === ids.drill);
      expect(drill).toMatchObject({ Mode: 'exercise', Region: 'Ақтөбе облысы', Requested: '50' });
    });

    it('3w.hxl.csv: the ministry requested, each partner pledged and delivered, no sum doubled', async () => {
      const csv = csvOf(
        await get('requests', `/exports/3w.hxl.csv?incidentId=${incidentId}`).expect(status(200)),
      );
      for (const tag of csv.tags) expect(hxlTagProblem(tag)).toBeUndefined();
      expect(csv.tags.slice(0, 2)).toEqual(['#org +name', '#org +code']);
      const table = csv.rows.map((r) => [
        r['Organisation code'],
        r['Item code'],
        r.Requested,
        r.Pledged,
        r.Delivered,
      ]);
      expect(table).toEqual(
        expect.arrayContaining([
          ['MES-KZ', 'WASH-HYGIENE-KIT', '400', '', ''],
          ['RCS-KZ', 'WASH-HYGIENE-KIT', '', '150', '0'],
          ['UNICEF', 'WASH-HYGIENE-KIT', '', '250', '0'],
          ['MES-KZ', 'EQUIP-WATER-PUMP', '30', '', ''],
          ['RCS-KZ', 'EQUIP-WATER-PUMP', '', '8', '8'],
        ]),
      );
      expect(table).toHaveLength(5);
      // Every column adds up to the requests' own figures: 430 requested, 408 pledged, 8 delivered.
      expect([
        sum(csv.rows, 'Requested'),
        sum(csv.rows, 'Pledged'),
        sum(csv.rows, 'Delivered'),
      ]).toEqual([430, 408, 8]);
      expect(csv.rows.find((r) => r['Organisation code'] === 'UNICEF')?.Organisation).toBe(
        "United Nations Children's Fund",
      );
      expect(new Set(csv.rows.map((r) => r['Report date'])).size).toBe(1);
    });

    it("3w.hxl.csv for an agency: the ministry's rows and its own, never another partner's", async () => {
      const csv = csvOf(await get('requests', '/exports/3w.hxl.csv', 'unicef').expect(status(200)));
      expect([...new Set(csv.rows.map((r) => r['Organisation code']))].sort()).toEqual([
        'MES-KZ',
        'UNICEF',
      ]);
    });

    it.each([
      ['lang=de', 'lang'],
      ['includeDrills=yes', 'includeDrills'],
      ['incidentId=FL-2026', 'incidentId'],
      ['region=Aktobe', 'region'],
      ['format=xml', 'format'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      for (const path of ['/exports/requests.hxl.csv', '/exports/3w.hxl.csv']) {
        const res = await get('requests', `${path}?${query}`).expect(status(400));
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
    });
  });

  describe('partner-offer-service', () => {
    it('offers.hxl.csv: one row per real offer with its organisation, item, quantities and region', async () => {
      const res = await get('offers', '/exports/offers.hxl.csv').expect(status(200));
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="offers.hxl.csv"');
      const csv = csvOf(res);
      for (const tag of csv.tags) expect(hxlTagProblem(tag)).toBeUndefined();
      const table = csv.rows.map((r) => [
        r['Organisation code'],
        r['Request ID'],
        r.Offered,
        r.Accepted,
        r.Delivered,
        r.Status,
      ]);
      expect(table).toEqual(
        expect.arrayContaining([
          ['UNICEF', ids.kits, '300', '250', '', 'accepted'],
          ['RCS-KZ', ids.kits, '150', '150', '', 'accepted'],
          ['RCS-KZ', ids.pumps, '10', '10', '8', 'delivered'],
        ]),
      );
      expect(table).toHaveLength(3); // the drill's offer is left out
      expect(csv.rows[0]).toMatchObject({
        Incident: reference,
        'Region code': 'KZ-15',
        Region: 'Aktobe Region',
      });
      expect(csv.rows.find((r) => r['Organisation code'] === 'UNICEF')?.Organisation).toBe(
        "United Nations Children's Fund",
      );

      const drills = csvOf(
        await get('offers', '/exports/offers.hxl.csv?includeDrills=true&lang=ru').expect(
          status(200),
        ),
      );
      expect(drills.rows).toHaveLength(4);
      expect(drills.rows.find((r) => r['Request ID'] === ids.drill)).toMatchObject({
        Mode: 'exercise',
        Region: 'Актюбинская область',
      });
    });

    it("offers.hxl.csv for an agency: its own partner's offers only", async () => {
      const unicef = csvOf(
        await get('offers', '/exports/offers.hxl.csv', 'unicef').expect(status(200)),
      );
      expect(unicef.rows.map((r) => r['Organisation code'])).toEqual(['UNICEF']);
      const rcs = csvOf(await get('offers', '/exports/offers.hxl.csv', 'rcs').expect(status(200)));
      expect(rcs.rows.map((r) => r['Organisation code'])).toEqual(['RCS-KZ', 'RCS-KZ']);
    });

    it('refuses a bad filter with 400 naming it', async () => {
      const res = await get('offers', '/exports/offers.hxl.csv?lang=fr').expect(status(400));
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'lang' })]);
    });
  });

  it.each([
    ['requests', '/exports/requests.hxl.csv'],
    ['requests', '/exports/3w.hxl.csv'],
    ['offers', '/exports/offers.hxl.csv'],
  ] as const)('%s %s: no token 401, a token of an unknown role 403', async (service, path) => {
    const server = h[service].app.getHttpServer();
    await request(server).get(path).expect(status(401));
    // Validly signed, with roles the platform does not know (viewer, superuser).
    const volunteer = (await strangerTokens()).unknownRole;
    const refused = await request(server)
      .get(path)
      .set('Authorization', `Bearer ${volunteer}`)
      .expect(status(403));
    expect(refused.body.code).toBe('no_known_role');
  });
});
