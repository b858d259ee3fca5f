import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@relief/config';
import { REGION_CODES, Topics } from '@relief/contracts';
import { configureServiceApp } from '@relief/runtime';
import {
  capProblems,
  childText,
  createTestDatabase,
  createTopics,
  mintTestToken,
  parseXml,
  TEST_IDENTITIES,
  testAuthEnv,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@relief/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { IncidentServiceConfig } from '../incident-service.config';

Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false);

/** Like supertest's .expect(code), but a failure shows the problem details that came back. */
function status(code: number) {
  return (response: request.Response) => {
    if (response.status !== code) {
      throw new Error(`expected ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
    }
  };
}

interface ReceivedEvent {
  key: string;
  type: string;
  payload: Record<string, unknown>;
  envelope: Record<string, unknown>;
}

/**
 * The incident-service as it runs (ServiceCoreModule, migrations, outbox relay) on a fresh
 * database and its own Kafka topic prefix, driven over HTTP, with the events read back from Kafka.
 */
describe('incident-service over HTTP (PostgreSQL + Kafka)', () => {
  const prefix = uniqueTopicPrefix();
  const year = new Date().getUTCFullYear();
  let db: TestDatabase;
  let sql: Client;
  let app: NestExpressApplication;
  let consumer: Consumer;
  const events: ReceivedEvent[] = [];
  const token: Record<'operator' | 'operator2' | 'agency' | 'admin', string> = {
    operator: '',
    operator2: '',
    agency: '',
    admin: '',
  };

  beforeAll(async () => {
    db = await createTestDatabase('incident_service');
    const [topic] = await createTopics(testKafkaBrokers(), prefix, [Topics.Incidents]);
    const kafka = new Kafka({
      clientId: 'incident-int-spec',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `${prefix}reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value!.toString()) as Record<string, unknown>;
        events.push({
          key: message.key!.toString(),
          type: envelope.type as string,
          payload: envelope.payload as Record<string, unknown>,
          envelope,
        });
      },
    });

    const config = loadConfig(IncidentServiceConfig, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      CAP_SENDER: 'alerts@emergency.gov.kz',
      ...testAuthEnv(),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(config)],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
    configureServiceApp(app, {
      name: 'incident-service',
      title: 'Incident service',
      description: '',
    });
    await app.init();

    sql = new Client({ connectionString: db.url });
    await sql.connect();
    token.operator = await mintTestToken(TEST_IDENTITIES.operator);
    token.operator2 = await mintTestToken(TEST_IDENTITIES.operator2);
    token.agency = await mintTestToken(TEST_IDENTITIES.unicef);
    token.admin = await mintTestToken(TEST_IDENTITIES.admin);
  });

  afterAll(async () => {
    await app?.close();
    await consumer?.disconnect();
    await sql?.end();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const auth = (who: keyof typeof token) => ({ Authorization: `Bearer ${token[who]}` });

  const flood = {
    title: 'Spring flood on the Ilek river',
    description: 'Ice jam downstream of Aktobe; water rising in low districts.',
    hazard: 'FL',
    region: 'KZ-15',
    district: 'Kargaly district',
    location: { latitude: 50.2839, longitude: 57.166, radiusKm: 15 },
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    figures: { affected: 2300, evacuated: 2300, injured: 4 },
  };

  async function file(body: object = flood, who: keyof typeof token = 'operator') {
    const response = await http().post('/incidents').set(auth(who)).send(body).expect(status(201));
    return response.body as { id: string; reference: string; version: number };
  }

  async function eventsFor(id: string, count: number): Promise<ReceivedEvent[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = events.filter((e) => e.key === id);
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Rows of every table a write touches: a refused write must change none of them. */
  async function stored(): Promise<number[]> {
    const { rows } = await sql.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM incidents)::int AS incidents,
              (SELECT count(*) FROM incident_timeline)::int AS timeline,
              (SELECT count(*) FROM outbox_events)::int AS outbox,
              (SELECT coalesce(sum(last_sequence), 0) FROM incident_reference_counters)::int AS numbers`,
    );
    return Object.values(rows[0]);
  }

  describe('filing', () => {
    it('stores the incident, its first timeline entry and publishes incident.reported', async () => {
      const response = await http()
        .post('/incidents')
        .set(auth('operator'))
        .send(flood)
        .expect(status(201));
      const incident = response.body;
      expect(response.headers.location).toBe(`/incidents/${incident.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(incident).toMatchObject({
        reference: `FL-${year}-KZ-AKT-0001`,
        status: 'reported',
        version: 1,
        reportedBy: 'op-aliya',
        figures: { affected: 2300, evacuated: 2300, injured: 4, dead: 0, homesDamaged: 0 },
        location: { latitude: 50.2839, longitude: 57.166, radiusKm: 15 },
      });

      const { rows } = await sql.query(
        'SELECT reference, status, reported_by, updated_by, version, evacuated FROM incidents WHERE id = $1',
        [incident.id],
      );
      expect(rows).toEqual([
        {
          reference: `FL-${year}-KZ-AKT-0001`,
          status: 'reported',
          reported_by: 'op-aliya',
          updated_by: 'op-aliya',
          version: 1,
          evacuated: 2300,
        },
      ]);
      const timeline = await http().get(`/incidents/${incident.id}/timeline`).set(auth('agency'));
      expect(timeline.body).toEqual([
        expect.objectContaining({ incidentVersion: 1, kind: 'reported', recordedBy: 'op-aliya' }),
      ]);

      const [reported] = await eventsFor(incident.id, 1);
      expect(reported).toMatchObject({
        type: 'incident.reported',
        envelope: { version: 1, aggregateId: incident.id, producer: 'incident-service' },
        payload: {
          incidentId: incident.id,
          reference: `FL-${year}-KZ-AKT-0001`,
          region: 'KZ-15',
          hazard: 'FL',
          severity: 'Moderate',
          status: 'reported',
          title: flood.title,
          areaDescription: 'Kargaly district',
          reportedBy: 'op-aliya',
        },
      });
    });

    it('numbers references per hazard, year and region, without gaps or duplicates under concurrency', async () => {
      const mudflow = await file({ ...flood, hazard: 'MS', region: 'KZ-75' });
      expect(mudflow.reference).toBe(`MS-${year}-KZ-ALA-0001`);
      const backdated = await file({ ...flood, occurredAt: '2023-12-30T10:00:00.000Z' });
      expect(backdated.reference).toBe('FL-2023-KZ-AKT-0001');

      const filed = await Promise.all(Array.from({ length: 6 }, () => file()));
      const references = filed.map((i) => i.reference).sort();
      expect(references).toEqual([2, 3, 4, 5, 6, 7].map((n) => `FL-${year}-KZ-AKT-000${n}`));
    });

    it.each([
      ['an unknown region', { region: 'KZ-99' }, 'region', 400],
      ['a region of another country not added', { region: 'RU-MOW' }, 'region', 400],
      ['a region of no country', { region: 'XX-XXX' }, 'region', 400],
      ['a malformed region', { region: 'Aktobe' }, 'region', 400],
      ['an unknown hazard', { hazard: 'XX' }, 'hazard', 400],
      ['a CAP severity that does not exist', { severity: 'Catastrophic' }, 'severity', 400],
      ['a negative figure', { figures: { dead: -1 } }, 'figures.dead', 400],
      [
        'evacuated above affected',
        { figures: { affected: 10, evacuated: 11 } },
        'figures.evacuated',
        400,
      ],
      ['a fractional figure', { figures: { injured: 1.5 } }, 'figures.injured', 400],
      ['an unknown field', { casualties: 3 }, 'casualties', 400],
      ['an unknown figure', { figures: { missing: 3 } }, 'figures.missing', 400],
      ['a title too long', { title: 'x'.repeat(201) }, 'title', 400],
      ['a future occurrence', { occurredAt: '2999-01-01T00:00:00.000Z' }, 'occurredAt', 400],
      [
        'a latitude off the globe',
        { location: { latitude: 91, longitude: 0 } },
        'location.latitude',
        400,
      ],
    ])('refuses %s naming the field and stores nothing', async (_case, change, field, status) => {
      const before = await stored();
      const response = await http()
        .post('/incidents')
        .set(auth('operator'))
        .send({ ...flood, ...change })
        .expect(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await stored()).toEqual(before);
    });

    it('refuses an oversized body with 413', async () => {
      const response = await http()
        .post('/incidents')
        .set(auth('operator'))
        .send({ ...flood, description: 'x'.repeat(70_000) })
        .expect(status(413));
      expect(response.body.code).toBe('body_too_large');
    });

    it('gives a failed filing its reference number back', async () => {
      await http()
        .post('/incidents')
        .set(auth('operator'))
        .send({ ...flood, region: 'KZ-31', figures: { affected: 1, evacuated: 2 } })
        .expect(status(400));
      expect((await file({ ...flood, region: 'KZ-31' })).reference).toBe(`FL-${year}-KZ-ZHA-0001`);
    });
  });

  describe('changing an incident', () => {
    it('needs If-Match: 428 without, 412 when stale, 200 with the current version', async () => {
      const { id } = await file();
      await http()
        .patch(`/incidents/${id}`)
        .set(auth('operator'))
        .send({ title: 'x' })
        .expect(status(428));
      await http()
        .patch(`/incidents/${id}`)
        .set(auth('operator'))
        .set('If-Match', '*')
        .send({ title: 'x' })
        .expect(status(400));
      const updated = await http()
        .patch(`/incidents/${id}`)
        .set(auth('operator2'))
        .set('If-Match', '"1"')
        .send({ title: 'Major spring flood', severity: 'Severe', settlement: 'Badamsha' })
        .expect(status(200));
      expect(updated.headers.etag).toBe('"2"');
      expect(updated.body).toMatchObject({ version: 2, updatedBy: 'op-bolat', severity: 'Severe' });
      const stale = await http()
        .patch(`/incidents/${id}`)
        .set(auth('operator'))
        .set('If-Match', '"1"')
        .send({ title: 'Overwrite attempt' })
        .expect(status(412));
      expect(stale.body.code).toBe('stale_version');

      const got = await http().get(`/incidents/${id}`).set(auth('agency')).expect(status(200));
      expect(got.headers.etag).toBe('"2"');
      expect(got.body.title).toBe('Major spring flood');

      const published = await eventsFor(id, 3);
      expect(published.map((e) => e.type)).toEqual([
        'incident.reported',
        'incident.updated',
        'incident.severity-changed',
      ]);
      expect(published[1].payload).toMatchObject({
        changedFields: ['title', 'areaDescription'],
        areaDescription: 'Badamsha, Kargaly district',
      });
      expect(published[2].payload).toMatchObject({
        previousSeverity: 'Moderate',
        severity: 'Severe',
      });
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const { id } = await file();
      const edit = (who: 'operator' | 'operator2', title: string) =>
        http().patch(`/incidents/${id}`).set(auth(who)).set('If-Match', '"1"').send({ title });
      const results = await Promise.all([edit('operator', 'Edit A'), edit('operator2', 'Edit B')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!.body as { title: string };

      const { rows } = await sql.query('SELECT title, version FROM incidents WHERE id = $1', [id]);
      expect(rows).toEqual([{ title: winner.title, version: 2 }]);
      const { rows: entries } = await sql.query<{ incident_version: number }>(
        'SELECT incident_version FROM incident_timeline WHERE incident_id = $1 ORDER BY sequence',
        [id],
      );
      expect(entries.map((e) => e.incident_version)).toEqual([1, 2]);
      const published = await eventsFor(id, 2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(events.filter((e) => e.key === id).map((e) => e.type)).toEqual([
        'incident.reported',
        'incident.updated',
      ]);
      expect(published[1].payload.title).toBe(winner.title);
    });

    it('walks the status machine, refusing invalid transitions with 409', async () => {
      const { id } = await file();
      const move = (version: number, status: string, reason?: string) =>
        http()
          .post(`/incidents/${id}/status`)
          .set(auth('operator'))
          .set('If-Match', `"${version}"`)
          .send({ status, reason });

      const skip = await move(1, 'closed').expect(status(409));
      expect(skip.body.code).toBe('invalid_transition');
      await move(1, 'active').expect(status(200));
      await move(2, 'contained').expect(status(200));
      await move(3, 'cancelled', 'false report').expect(status(409));
      const closed = await move(3, 'closed', 'Water back in the river bed').expect(status(200));
      expect(closed.body).toMatchObject({ status: 'closed', version: 4 });
      await http()
        .patch(`/incidents/${id}`)
        .set(auth('operator'))
        .set('If-Match', '"4"')
        .send({ title: 'late edit' })
        .expect(status(409));

      const published = await eventsFor(id, 4);
      expect(published.map((e) => [e.type, e.payload.status, e.payload.previousStatus])).toEqual([
        ['incident.reported', 'reported', undefined],
        ['incident.status-changed', 'active', 'reported'],
        ['incident.status-changed', 'contained', 'active'],
        ['incident.closed', 'closed', 'contained'],
      ]);
      expect(published[3].payload.reason).toBe('Water back in the river bed');
    });

    it('needs a reason to cancel, then sends incident.closed', async () => {
      const { id } = await file();
      const cancel = (reason?: string) =>
        http()
          .post(`/incidents/${id}/status`)
          .set(auth('admin'))
          .set('If-Match', '"1"')
          .send({ status: 'cancelled', reason });
      const missing = await cancel().expect(status(400));
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      await cancel('Duplicate report').expect(status(200));
      const [, closed] = await eventsFor(id, 2);
      expect(closed).toMatchObject({
        type: 'incident.closed',
        payload: { status: 'cancelled', previousStatus: 'reported', reason: 'Duplicate report' },
      });
    });

    it('appends situation updates to the timeline and publishes the new figures', async () => {
      const { id } = await file();
      const added = await http()
        .post(`/incidents/${id}/situation-updates`)
        .set(auth('operator2'))
        .set('If-Match', '"1"')
        .send({ text: 'Second dam breach.', figures: { affected: 9000, evacuated: 4100, dead: 1 } })
        .expect(status(201));
      expect(added.headers.etag).toBe('"2"');
      expect(added.body).toMatchObject({
        incidentVersion: 2,
        kind: 'situation-update',
        text: 'Second dam breach.',
        recordedBy: 'op-bolat',
        figures: { affected: 9000, evacuated: 4100, injured: 4, dead: 1, homesDamaged: 0 },
      });

      const impossible = await http()
        .post(`/incidents/${id}/situation-updates`)
        .set(auth('operator'))
        .set('If-Match', '"2"')
        .send({ text: 'typo', figures: { affected: 100 } })
        .expect(status(400));
      expect(impossible.body.errors).toEqual([
        expect.objectContaining({ field: 'figures.evacuated' }),
      ]);
      const { rows } = await sql.query('SELECT version, affected FROM incidents WHERE id = $1', [
        id,
      ]);
      expect(rows).toEqual([{ version: 2, affected: 9000 }]);

      const timeline = await http()
        .get(`/incidents/${id}/timeline`)
        .set(auth('agency'))
        .expect(status(200));
      expect(timeline.body.map((e: { kind: string }) => e.kind)).toEqual([
        'reported',
        'situation-update',
      ]);
      const after = await http()
        .get(`/incidents/${id}/timeline`)
        .query({ after: timeline.body[0].sequence, limit: 1 })
        .set(auth('agency'))
        .expect(status(200));
      expect(after.body).toEqual([timeline.body[1]]);
      await expect(
        sql.query('UPDATE incident_timeline SET text = $1 WHERE incident_id = $2', [
          'rewritten',
          id,
        ]),
      ).rejects.toThrow(/append-only/);

      const [, situation] = await eventsFor(id, 2);
      expect(situation).toMatchObject({
        type: 'incident.situation-updated',
        payload: {
          summary: 'Second dam breach.',
          figures: { affected: 9000, evacuated: 4100, dead: 1 },
          previousFigures: { affected: 2300, evacuated: 2300, dead: 0 },
        },
      });
    });

    it('answers 404 for an unknown incident and 400 for a malformed id', async () => {
      await http()
        .get('/incidents/6e3d9b68-7d1f-4e68-9a2b-2c1d0f3a5b21')
        .set(auth('agency'))
        .expect(status(404));
      const malformed = await http().get('/incidents/42').set(auth('agency')).expect(status(400));
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });
  });

  describe('listing', () => {
    it('filters by region, hazard, status, severity and time, and pages with a cursor', async () => {
      const since = new Date().toISOString();
      const wildfires = [];
      for (let i = 0; i < 5; i++) {
        wildfires.push(await file({ ...flood, hazard: 'WF', region: 'KZ-10', severity: 'Minor' }));
      }
      await file({ ...flood, hazard: 'WF', region: 'KZ-62', severity: 'Extreme' });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await http()
          .get('/incidents')
          .query({ hazard: 'WF', region: 'KZ-10', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(auth('agency'))
          .expect(status(200));
        seen.push(...page.body.items.map((i: { id: string }) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(wildfires.map((i) => i.id).reverse());

      const filtered = await http()
        .get('/incidents')
        .query({
          hazard: 'WF',
          severity: 'Extreme,Severe',
          status: 'reported',
          reportedFrom: since,
        })
        .set(auth('agency'))
        .expect(status(200));
      expect(filtered.body.items.map((i: { region: string }) => i.region)).toEqual(['KZ-62']);
      const none = await http()
        .get('/incidents')
        .query({ hazard: 'WF', reportedTo: since })
        .set(auth('agency'))
        .expect(status(200));
      expect(none.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      [{ limit: 101 }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ status: 'open' }, 'status'],
      [{ reportedFrom: 'yesterday' }, 'reportedFrom'],
      [{ colour: 'red' }, 'colour'],
    ])('refuses %j naming %s', async (query, field) => {
      const response = await http()
        .get('/incidents')
        .query(query)
        .set(auth('agency'))
        .expect(status(400));
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('CAP 1.2 and the feed', () => {
    it('exports each version as a valid CAP message, public, matching its history', async () => {
      const { id, reference } = await file();
      const first = await http().get(`/incidents/${id}/cap`).expect(status(200));
      expect(first.headers['content-type']).toMatch(/^application\/cap\+xml/);
      expect(capProblems(first.text)).toEqual([]);
      const alert = parseXml(first.text);
      expect(childText(alert, 'msgType')).toBe('Alert');
      expect(childText(alert, 'identifier')).toBe(`${reference}-v1`);
      expect(childText(alert, 'sender')).toBe('alerts@emergency.gov.kz');
      const firstSent = childText(alert, 'sent');

      await http()
        .post(`/incidents/${id}/status`)
        .set(auth('operator'))
        .set('If-Match', '"1"')
        .send({ status: 'cancelled', reason: 'False report' })
        .expect(status(200));
      const cancel = await http().get(`/incidents/${id}/cap`).expect(status(200));
      expect(capProblems(cancel.text)).toEqual([]);
      const cancelled = parseXml(cancel.text);
      expect(childText(cancelled, 'msgType')).toBe('Cancel');
      expect(childText(cancelled, 'note')).toBe('False report');
      expect(childText(cancelled, 'references')).toBe(
        `alerts@emergency.gov.kz,${reference}-v1,${firstSent}`,
      );

      // The referenced message exists: fetched by its identifier, without a token, as issued.
      const earlier = await http().get(`/cap/alerts/${reference}-v1`).expect(status(200));
      expect(earlier.headers['content-type']).toMatch(/^application\/cap\+xml/);
      expect(earlier.text).toBe(first.text);
      const latest = await http().get(`/cap/alerts/${reference}-v2`).expect(status(200));
      expect(latest.text).toBe(cancel.text);
      await http().get(`/cap/alerts/${reference}-v3`).expect(status(404));
      await http().get('/cap/alerts/not an identifier').expect(status(404));
      // One info block per language.
      expect(
        alert.children.filter((c) => c.name === 'info').map((i) => childText(i, 'language')),
      ).toEqual(['kk-KZ', 'ru-KZ', 'en-US']);
    });

    it('serves an Atom feed of current alerts without a token', async () => {
      const { id } = await file({ ...flood, title: 'Feed check' });
      const feed = await http().get('/cap/alerts.atom').expect(status(200));
      expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
      const entries = parseXml(feed.text).children.filter((c) => c.name === 'entry');
      expect(entries.map((e) => childText(e, 'id'))).toContain(`urn:uuid:${id}`);
      // Links are absolute (PUBLIC_BASE_URL) and lead to the messages.
      const entry = entries.find((e) => childText(e, 'id') === `urn:uuid:${id}`)!;
      const href = entry.children.find((c) => c.name === 'link')!.attributes.href;
      expect(href).toMatch(/^https?:\/\/[^/]+\/cap\/alerts\/FL-\d{4}-KZ-AKT-\d{4}-v1$/);
      await http().get(new URL(href).pathname).expect(status(200));
    });
  });

  describe('regions', () => {
    it('ships Kazakhstan and lets an admin add a region incidents can then be filed in', async () => {
      const kz = await http().get('/regions').query({ country: 'KZ' }).set(auth('agency'));
      expect(kz.body.map((r: { code: string }) => r.code)).toEqual(REGION_CODES);
      expect(kz.body).toContainEqual(
        expect.objectContaining({ code: 'KZ-62', name: 'Ulytau Region', referenceCode: 'ULY' }),
      );

      const unknown = await http()
        .post('/incidents')
        .set(auth('operator'))
        .send({ ...flood, region: 'UZ-TO' })
        .expect(status(400));
      expect(unknown.body.code).toBe('unknown_region');
      const added = await http()
        .post('/regions')
        .set(auth('admin'))
        .send({ code: 'UZ-TO', name: 'Tashkent Region', referenceCode: 'TOS' })
        .expect(status(201));
      expect(added.body).toEqual({
        code: 'UZ-TO',
        country: 'UZ',
        name: 'Tashkent Region',
        category: 'region',
        referenceCode: 'TOS',
      });
      const { rows } = await sql.query('SELECT created_by FROM regions WHERE code = $1', ['UZ-TO']);
      expect(rows).toEqual([{ created_by: 'admin-saule' }]);
      expect((await file({ ...flood, region: 'UZ-TO' })).reference).toBe(`FL-${year}-UZ-TOS-0001`);

      const duplicate = await http()
        .post('/regions')
        .set(auth('admin'))
        .send({ code: 'UZ-TO', name: 'Again' })
        .expect(status(409));
      expect(duplicate.body.code).toBe('region_exists');
      const sameReference = await http()
        .post('/regions')
        .set(auth('admin'))
        .send({ code: 'UZ-TK', name: 'Tashkent', referenceCode: 'TOS' })
        .expect(status(409));
      expect(sameReference.body.errors).toEqual([
        expect.objectContaining({ field: 'referenceCode' }),
      ]);
    });

    it("refuses a Kazakh region beside the vocabulary's: the platform has one list of them", async () => {
      for (const code of ['KZ-99', 'KZ-AKT']) {
        const refused = await http()
          .post('/regions')
          .set(auth('admin'))
          .send({ code, name: 'Nowhere', referenceCode: 'NWH' })
          .expect(status(400));
        expect(refused.body.code).toBe('unknown_region');
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      }
      const { rows } = await sql.query(
        "SELECT code FROM regions WHERE code IN ('KZ-99', 'KZ-AKT')",
      );
      expect(rows).toEqual([]);
    });
  });

  describe('authorization', () => {
    let id: string;
    beforeAll(async () => {
      id = (await file()).id;
    });

    it.each([
      ['GET', '/incidents'],
      ['GET', '/incidents/ID'],
      ['GET', '/incidents/ID/timeline'],
      ['POST', '/incidents'],
      ['PATCH', '/incidents/ID'],
      ['POST', '/incidents/ID/status'],
      ['POST', '/incidents/ID/situation-updates'],
      ['GET', '/regions'],
      ['POST', '/regions'],
      ['GET', '/hazards'],
    ])('refuses %s %s without a token (401)', async (method, path) => {
      const url = path.replace('ID', id);
      const call =
        method === 'GET'
          ? http().get(url)
          : method === 'PATCH'
            ? http().patch(url)
            : http().post(url);
      await call.send({}).expect(status(401));
    });

    it('lets agency users read incidents, the timeline and reference data', async () => {
      for (const path of [
        '/incidents',
        `/incidents/${id}`,
        `/incidents/${id}/timeline`,
        '/regions',
        '/hazards',
      ]) {
        await http().get(path).set(auth('agency')).expect(status(200));
      }
    });

    it.each([
      ['POST', '/incidents', flood],
      ['PATCH', '/incidents/ID', { title: 'x' }],
      ['POST', '/incidents/ID/status', { status: 'active' }],
      ['POST', '/incidents/ID/situation-updates', { text: 'x' }],
      ['POST', '/regions', { code: 'KG-C', name: 'Chüy' }],
    ])('refuses agency users %s %s (403), storing nothing', async (method, path, body) => {
      const url = path.replace('ID', id);
      const call = method === 'PATCH' ? http().patch(url) : http().post(url);
      const response = await call
        .set(auth('agency'))
        .set('If-Match', '"1"')
        .send(body)
        .expect(status(403));
      expect(response.body.status).toBe(403);
      const { rows } = await sql.query('SELECT version FROM incidents WHERE id = $1', [id]);
      expect(rows).toEqual([{ version: 1 }]);
    });

    it('refuses operators adding regions (admin only)', async () => {
      await http()
        .post('/regions')
        .set(auth('operator'))
        .send({ code: 'KG-C', name: 'Chüy' })
        .expect(status(403));
    });

    it('lets operators and admins change incidents, recording who did', async () => {
      await http()
        .patch(`/incidents/${id}`)
        .set(auth('admin'))
        .set('If-Match', '"1"')
        .send({ urgency: 'Expected' })
        .expect(status(200));
      await http()
        .post(`/incidents/${id}/status`)
        .set(auth('operator2'))
        .set('If-Match', '"2"')
        .send({ status: 'active' })
        .expect(status(200));
      const { rows } = await sql.query<{ recorded_by: string }>(
        'SELECT recorded_by FROM incident_timeline WHERE incident_id = $1 ORDER BY sequence',
        [id],
      );
      expect(rows.map((r) => r.recorded_by)).toEqual(['op-aliya', 'admin-saule', 'op-bolat']);
    });

    it('reports readiness of the database and the outbox relay without a token', async () => {
      const ready = await http().get('/ready').expect(status(200));
      expect(ready.body.info).toMatchObject({
        database: { status: 'up' },
        'kafka-outbox': { status: 'up', consecutiveFailures: 0 },
      });
    });

    it('serves CAP and the feed without a token (public alerting)', async () => {
      await http().get(`/incidents/${id}/cap`).expect(status(200));
      await http().get('/cap/alerts.atom').expect(status(200));
    });
  });

  /**
   * Drills (issue 18): an incident filed as an exercise or a test stays one whatever the API is
   * asked, says so in every event and its CAP alert, and stays out of the public feed.
   */
  describe('exercises and tests', () => {
    const drill = {
      ...flood,
      title: 'Extreme earthquake in Almaty',
      hazard: 'EQ',
      region: 'KZ-75',
      severity: 'Extreme',
      mode: 'exercise',
    };

    const capOf = async (id: string) =>
      parseXml((await http().get(`/incidents/${id}/cap`).expect(status(200))).text);

    it('files an exercise and a test; actual is the default', async () => {
      const exercise = await file(drill);
      expect(exercise).toMatchObject({ mode: 'exercise' });
      expect(await file({ ...drill, mode: 'test' })).toMatchObject({ mode: 'test' });
      expect(await file(flood)).toMatchObject({ mode: 'actual' });
      await http()
        .post('/incidents')
        .set(auth('operator'))
        .send({ ...drill, mode: 'real' })
        .expect(status(400));
    });

    it('refuses to make an exercise real (PATCH 422 incident_mode_immutable), whatever else the call says', async () => {
      const exercise = await file(drill);
      for (const body of [
        { mode: 'actual' },
        { mode: 'actual', title: 'Real now' },
        { mode: 'exercise' },
      ]) {
        const response = await http()
          .patch(`/incidents/${exercise.id}`)
          .set(auth('admin'))
          .set('If-Match', '"1"')
          .send(body)
          .expect(status(422));
        expect(response.body).toMatchObject({ code: 'incident_mode_immutable' });
      }
      // No other write takes a mode: the whitelist refuses it as an unknown field.
      await http()
        .post(`/incidents/${exercise.id}/status`)
        .set(auth('operator'))
        .set('If-Match', '"1"')
        .send({ status: 'active', mode: 'actual' })
        .expect(status(400));
      await http()
        .post(`/incidents/${exercise.id}/situation-updates`)
        .set(auth('operator'))
        .set('If-Match', '"1"')
        .send({ text: 'drill', mode: 'actual' })
        .expect(status(400));
      const after = await http()
        .get(`/incidents/${exercise.id}`)
        .set(auth('operator'))
        .expect(status(200));
      expect(after.body).toMatchObject({ mode: 'exercise', version: 1, title: drill.title });
      // Nor can anything write the column: the database refuses it too.
      await expect(
        sql.query(`UPDATE incidents SET mode = 'actual' WHERE id = $1`, [exercise.id]),
      ).rejects.toThrow(/fixed at filing/);
    });

    it('stays an exercise through its life, in every event and CAP alert', async () => {
      const exercise = await file(drill);
      await http()
        .patch(`/incidents/${exercise.id}`)
        .set(auth('operator'))
        .set('If-Match', '"1"')
        .send({ severity: 'Severe', title: 'Earthquake drill, Almaty' })
        .expect(status(200));
      await http()
        .post(`/incidents/${exercise.id}/status`)
        .set(auth('operator'))
        .set('If-Match', '"2"')
        .send({ status: 'active' })
        .expect(status(200));
      const received = await eventsFor(exercise.id, 4);
      expect(received.map((e) => e.type)).toEqual([
        'incident.reported',
        'incident.updated',
        'incident.severity-changed',
        'incident.status-changed',
      ]);
      for (const event of received) expect(event.payload.mode).toBe('exercise');
      const alert = await capOf(exercise.id);
      expect(childText(alert, 'status')).toBe('Exercise');
      const test = await file({ ...drill, mode: 'test' });
      expect(childText(await capOf(test.id), 'status')).toBe('Test');
      expect(childText(await capOf((await file(flood)).id), 'status')).toBe('Actual');
    });

    it('keeps drills out of the public feed; operators have theirs', async () => {
      const exercise = await file(drill);
      const test = await file({ ...drill, mode: 'test' });
      const real = await file(flood);
      const publicFeed = (await http().get('/cap/alerts.atom').expect(status(200))).text;
      expect(publicFeed).toContain(real.id);
      expect(publicFeed).not.toContain(exercise.id);
      expect(publicFeed).not.toContain(test.id);
      await http().get('/cap/exercises.atom').expect(status(401));
      await http().get('/cap/exercises.atom').set(auth('agency')).expect(status(403));
      const drills = (
        await http().get('/cap/exercises.atom').set(auth('operator')).expect(status(200))
      ).text;
      expect(drills).toContain(exercise.id);
      expect(drills).toContain(test.id);
      expect(drills).not.toContain(real.id);
      const listed = await http()
        .get('/incidents?mode=exercise,test')
        .set(auth('operator'))
        .expect(status(200));
      const modes = new Set((listed.body.items as { mode: string }[]).map((i) => i.mode));
      expect([...modes].sort()).toEqual(['exercise', 'test']);
    });
  });

  describe('audit trail', () => {
    it("records an operator's change with who, which request and what, for admins only", async () => {
      const filed = await http()
        .post('/incidents')
        .set(auth('operator'))
        .set('X-Correlation-Id', 'corr-audit-1')
        .send(flood)
        .expect(status(201));
      const id = (filed.body as { id: string }).id;
      await http()
        .patch(`/incidents/${id}`)
        .set(auth('operator2'))
        .set('If-Match', '"1"')
        .send({ urgency: 'Expected' })
        .expect(status(200));

      const history = await http()
        .get('/admin/audit')
        .query({ object: id, limit: 1 })
        .set(auth('admin'))
        .expect(status(200));
      const { items, nextCursor } = history.body as {
        items: Record<string, unknown>[];
        nextCursor: string | null;
      };
      expect(items).toEqual([
        expect.objectContaining({
          objectType: 'incident',
          objectId: id,
          action: 'incident.updated',
          actor: { subject: 'op-bolat', organisationId: null, roles: ['operator'] },
          causationId: null,
        }),
      ]);
      const older = await http()
        .get('/admin/audit')
        .query({ object: id, type: 'incident', cursor: nextCursor })
        .set(auth('admin'))
        .expect(status(200));
      expect(older.body).toEqual({
        items: [
          expect.objectContaining({
            action: 'incident.reported',
            correlationId: 'corr-audit-1',
            actor: { subject: 'op-aliya', organisationId: null, roles: ['operator'] },
            changes: expect.objectContaining({ incidentId: id, title: flood.title }),
          }),
        ],
        nextCursor: null,
      });

      const verify = await http().get('/admin/audit/verify').set(auth('admin')).expect(200);
      expect(verify.body).toMatchObject({ ok: true, unsealed: 0, firstProblem: null });
      expect((verify.body as { sealed: number }).sealed).toBeGreaterThanOrEqual(2);

      await http().get('/admin/audit').query({ object: id }).expect(status(401));
      await http().get('/admin/audit').query({ object: id }).set(auth('operator')).expect(403);
      await http().get('/admin/audit').query({ object: id }).set(auth('agency')).expect(403);
      await http().get('/admin/audit/verify').set(auth('operator')).expect(403);
      const badCursor = await http()
        .get('/admin/audit')
        .query({ object: id, cursor: 'not-a-cursor' })
        .set(auth('admin'))
        .expect(status(400));
      expect(JSON.stringify(badCursor.body)).toContain('cursor');
      const noObject = await http().get('/admin/audit').set(auth('admin')).expect(status(400));
      expect(JSON.stringify(noObject.body)).toContain('object');
    });
  });
});
