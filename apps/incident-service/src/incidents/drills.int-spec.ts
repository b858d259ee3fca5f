import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@relief/config';
import { Topics } from '@relief/contracts';
import { configureServiceApp } from '@relief/runtime';
import {
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
 * Drills (issue 18): an incident filed as an exercise or a test stays one whatever the API is
 * asked, says so in every event and its CAP alert, and stays out of the public feed. The service
 * as it runs, on a fresh database and its own topic prefix, events read back from Kafka.
 */
describe('incident-service: exercises and tests (PostgreSQL + Kafka)', () => {
  const prefix = uniqueTopicPrefix();
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
    db = await createTestDatabase('incident_drills');
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
