/**
 * The spring-flood scenario (flood-scenario.ts, the one `npm run demo` plays) end to end: the four
 * services as separate processes on real Kafka and PostgreSQL, the notification-service sending to
 * a real SMTP server and a real SMPP server that record what they receive. Asserts every final
 * state through the APIs and every email and SMS each stakeholder received, and that every one
 * of them reads clean in its language (the template checks' message-checks, over what the SMTP
 * and SMPP peers received). Every POST is sent three times under one Idempotency-Key, and all of
 * that still finds one effect of each.
 */
import { join } from 'node:path';
import {
  eventually,
  mintTestToken,
  Platform,
  sleep,
  startRecordingSinks,
  testAuthEnv,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type CaughtMail,
  type CaughtSms,
  type RecordingSinks,
} from '@relief/testing';
import { Kafka, logLevel } from 'kafkajs';
/* eslint-disable no-restricted-imports -- the notification templates' own checks, not a library */
import { messageProblems } from '../../apps/notification-service/src/templates/message-checks';
/* eslint-enable no-restricted-imports */
import { runFloodScenario, type ScenarioResult } from './flood-scenario';
import { ACTORS, SUBSCRIBER_KEYS } from './flood-scenario.cast';
import { type ExpectedNotification, type LedgerRow } from './flood-scenario.notifications';
import { type RegisteredSubscriber } from './flood-scenario.run';
import { Http } from './scenario-http';

const CYRILLIC = /[\u0400-\u04FF]/;
/** Letters Kazakh has and Russian has not. */
const KAZAKH_ONLY = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;

/**
 * The payload fields whose words a message may show as the data has them, Latin script in a
 * Kazakh or Russian message included: references, proper names (partners), what people typed
 * (titles, descriptions, situation reports, reasons, notes, conditions, addresses). Codes
 * (statuses, units, hazards) are not among them: a message must word those in its language.
 */
const DATA_WORDS = new Set([
  'reference',
  'incidentReference',
  'title',
  'description',
  'areaDescription',
  'district',
  'settlement',
  'address',
  'summary',
  'statusReason',
  'reason',
  'note',
  'notes',
  'conditions',
  'itemName',
  'partnerCode',
  'partnerName',
]);

/** The strings of those fields, anywhere in an event's payload. */
function dataWordsOf(payload: unknown, into: Set<string>, key = ''): Set<string> {
  if (typeof payload === 'string') {
    if (DATA_WORDS.has(key) && payload.trim().length > 1) into.add(payload.trim());
  } else if (Array.isArray(payload)) {
    for (const v of payload) dataWordsOf(v, into, key);
  } else if (payload && typeof payload === 'object') {
    for (const [k, v] of Object.entries(payload)) dataWordsOf(v, into, k);
  }
  return into;
}

/** Every event of the run on `topics`, read from the beginning until `done` holds for them. */
async function readEvents(
  runId: string,
  topics: string[],
  done: (events: readonly Envelope[]) => boolean,
  what: string,
): Promise<Envelope[]> {
  const kafka = new Kafka({
    clientId: `${runId}-reader`,
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const reader = kafka.consumer({ groupId: `${runId}-reader-${topics.join('-')}` });
  const seen: Envelope[] = [];
  await reader.connect();
  try {
    await reader.subscribe({ topics: topics.map((t) => `${runId}.${t}`), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        seen.push(JSON.parse(message.value!.toString()) as Envelope);
      },
    });
    await eventually(async () => seen, done, what, { timeoutMs: 60_000 });
  } finally {
    await reader.disconnect();
  }
  return seen;
}

interface Envelope {
  type: string;
  occurredAt: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Pairs each expected message with a distinct received one; what is left over on either side. */
function pair<A>(
  expected: readonly ExpectedNotification[],
  actual: readonly A[],
  fits: (e: ExpectedNotification, a: A) => boolean,
): { missing: ExpectedNotification[]; extra: A[] } {
  const left = [...actual];
  const missing: ExpectedNotification[] = [];
  // The most specific expectations first, so a vaguer one cannot take their message.
  const ordered = [...expected].sort((a, b) => b.mentions.length - a.mentions.length);
  for (const e of ordered) {
    const index = left.findIndex((a) => fits(e, a));
    if (index < 0) missing.push(e);
    else left.splice(index, 1);
  }
  return { missing, extra: left };
}

function messageIdOf(mail: CaughtMail): string | undefined {
  return /^Message-ID:\s*<([^@>]+)@/im.exec(mail.raw)?.[1];
}

describe('the spring-flood scenario, end to end', () => {
  let sinks: RecordingSinks;
  let platform: Platform;
  let result: ScenarioResult;
  let http: Http;
  let runId: string;
  const narrative: string[] = [];
  const ledger = new Map<string, LedgerRow[]>();

  const url = {
    incidents: () => platform.url('incident-service'),
    requests: () => platform.url('resource-request-service'),
    offers: () => platform.url('partner-offer-service'),
    notifications: () => platform.url('notification-service'),
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API documents, checked below
  const get = async (base: string, path: string): Promise<any> =>
    (await http.expect(200, ACTORS.admin, 'GET', `${base}${path}`)).body;
  const subscriber = (key: ExpectedNotification['subscriber']): RegisteredSubscriber =>
    result.subscribers[key];

  beforeAll(async () => {
    sinks = await startRecordingSinks();
    runId = uniqueTopicPrefix().replace(/\W/g, '');
    platform = await Platform.start({
      adminUrl: testDatabaseAdminUrl(),
      brokers: testKafkaBrokers().join(','),
      runId,
      env: { ...testAuthEnv(), ...sinks.env },
      serviceEnv: {
        'notification-service': {
          DELIVERY_POLL_MS: '200',
          EMAIL_RATE_PER_SECOND: '50',
          SMS_RATE_PER_SECOND: '20',
        },
      },
      logDir: join(__dirname, '..', '..', '.local', 'test-logs', runId),
    });
    http = new Http((who) => mintTestToken(who));
    try {
      result = await runFloodScenario({
        urls: {
          incidents: url.incidents(),
          requests: url.requests(),
          offers: url.offers(),
          notifications: url.notifications(),
        },
        mintToken: (who) => mintTestToken(who),
        runTag: runId.slice(-8),
        timeoutMs: 90_000,
        // A field client on a poor link: every POST three times under one Idempotency-Key.
        // The checks below (each record, email and SMS once) find one effect of each.
        sendsPerPost: 3,
        reporter: {
          step: (n, title) => narrative.push(`${n}. ${title}`),
          say: (line) => narrative.push(`   ${line}`),
        },
      });
    } catch (error) {
      console.error(`The scenario stopped. What happened until then:\n${narrative.join('\n')}`);
      throw error;
    }
    const emails = result.expected.filter((e) => e.channel === 'email').length;
    const sms = result.expected.filter((e) => e.channel === 'sms').length;
    await sinks.waitFor(
      (received) => received.mails.length >= emails && received.sms.length >= sms,
      `${emails} emails and ${sms} SMS`,
      120_000,
    );
    // Anything sent twice, or to someone it does not concern, would arrive by now.
    await sleep(4_000);
    for (const key of SUBSCRIBER_KEYS) {
      ledger.set(
        key,
        await get(
          url.notifications(),
          `/notifications?subscriberId=${subscriber(key).id}&limit=500`,
        ),
      );
    }
  }, 900_000);

  afterAll(async () => {
    await platform?.stop();
    await platform?.dropDatabases();
    await sinks?.stop();
  });

  it('sent every POST three times under one Idempotency-Key, the repeats answered from the store', () => {
    // Each repeat was checked as it came (same status and body, Idempotent-Replayed): two per POST.
    expect(result.replayedPosts).toBeGreaterThanOrEqual(2 * 10);
    expect(result.replayedPosts % 2).toBe(0);
  });

  it('plays every step', () => {
    const steps = narrative.filter((line) => /^\d+\. /.test(line));
    expect(steps).toHaveLength(15);
    expect(steps[steps.length - 1]).toMatch(/Every stakeholder has been told/);
  });

  it('files floods in three regions; Aktobe ends closed, the others stay active', async () => {
    const aktobe = await get(url.incidents(), `/incidents/${result.incidents.aktobe.id}`);
    expect(aktobe).toMatchObject({
      region: 'KZ-15',
      hazard: 'FL',
      severity: 'Extreme',
      status: 'closed',
      statusReason: expect.stringMatching(/recovery handed over/),
      figures: { affected: 8200, evacuated: 1200, homesDamaged: 1350 },
    });
    expect(aktobe.reference).toMatch(/^FL-\d{4}-KZ-AKT-\d{4}$/);
    const timeline = await get(
      url.incidents(),
      `/incidents/${result.incidents.aktobe.id}/timeline`,
    );
    expect(timeline.map((e: { kind: string; status: string }) => `${e.kind}:${e.status}`)).toEqual([
      'reported:reported',
      'status-changed:active',
      'situation-update:active',
      'updated:active',
      'situation-update:active',
      'status-changed:contained',
      'status-changed:closed',
    ]);
    const west = await get(url.incidents(), `/incidents/${result.incidents.west.id}`);
    expect(west).toMatchObject({ region: 'KZ-27', status: 'active', severity: 'Moderate' });
    expect(west.figures).toMatchObject({ affected: 2600, evacuated: 950, homesDamaged: 210 });
    const north = await get(url.incidents(), `/incidents/${result.incidents.north.id}`);
    expect(north).toMatchObject({ region: 'KZ-59', status: 'active', severity: 'Severe' });
  });

  it('requests end with true coverage: kits fulfilled, pumps closed with the incident, sandbags open', async () => {
    const kits = await get(url.requests(), `/requests/${result.requests.kits.id}`);
    expect(kits).toMatchObject({
      incidentReference: result.incidents.aktobe.reference,
      item: { code: 'WASH-HYGIENE-KIT', unit: 'kit' },
      scope: 'international',
      status: 'fulfilled',
      coverage: { requested: 400, pledged: 400, delivered: 400, remaining: 0 },
      endReason: null,
    });
    const pumps = await get(url.requests(), `/requests/${result.requests.pumps.id}`);
    expect(pumps).toMatchObject({
      scope: 'domestic',
      status: 'closed',
      coverage: { requested: 30, pledged: 10, delivered: 10, remaining: 20 },
    });
    expect(pumps.endReason).toContain(`incident ${result.incidents.aktobe.reference} closed`);
    const sandbags = await get(url.requests(), `/requests/${result.requests.sandbags.id}`);
    expect(sandbags).toMatchObject({
      incidentReference: result.incidents.north.reference,
      scope: 'domestic',
      status: 'open',
      coverage: { requested: 5000, pledged: 0, delivered: 0, remaining: 5000 },
    });
    // The incident's coverage report, as the ministry reads it.
    const report = await get(url.requests(), `/incidents/${result.incidents.aktobe.id}/coverage`);
    expect(
      report.requests
        .map((l: { requestId: string; status: string }) => [l.requestId, l.status])
        .sort(),
    ).toEqual(
      [
        [result.requests.kits.id, 'fulfilled'],
        [result.requests.pumps.id, 'closed'],
      ].sort(),
    );
    // The partner-offer-service's read model agrees.
    const view = await get(url.offers(), `/requests/${result.requests.pumps.id}`);
    expect(view).toMatchObject({ status: 'closed', pledged: 10, delivered: 10 });
  });

  it('every offer ends where it should (accepted in part, declined, withdrawn, delivered)', async () => {
    const offer = (key: keyof ScenarioResult['offers']) =>
      get(url.offers(), `/offers/${result.offers[key].id}`);
    expect(await offer('rcsKits')).toMatchObject({
      partner: { code: 'RCS-KZ', origin: 'domestic' },
      status: 'delivered',
      quantity: 150,
      acceptedQuantity: 150,
      reportedQuantity: 150,
      deliveredQuantity: 150,
    });
    expect(await offer('unicefKits')).toMatchObject({
      partner: { code: 'UNICEF', origin: 'international' },
      status: 'delivered',
      quantity: 300,
      acceptedQuantity: 250,
      deliveredQuantity: 250,
    });
    expect(await offer('euKits')).toMatchObject({
      partner: { code: 'EU' },
      status: 'declined',
      acceptedQuantity: null,
      reason: expect.stringMatching(/covered by UNICEF and the Red Crescent/),
      acceptanceReverted: false,
    });
    expect(await offer('rcsPumps')).toMatchObject({
      status: 'delivered',
      acceptedQuantity: 10,
      deliveredQuantity: 10,
    });
    // Accepted, then taken back before dispatch: the pledge released (pumps pledged 10, not 16).
    expect(await offer('rcsSparePumps')).toMatchObject({
      partner: { code: 'RCS-KZ' },
      status: 'withdrawn',
      quantity: 6,
      acceptedQuantity: 6,
      deliveredQuantity: null,
      reason: expect.stringMatching(/needed for the floods in Kostanay/),
    });
    // Published when the incident closed: declined with its request.
    expect(await offer('rcsMorePumps')).toMatchObject({
      status: 'declined',
      quantity: 8,
      reason: 'the request was closed',
    });
    // The refused attempts created nothing.
    const all = await get(url.offers(), `/offers?incidentId=${result.incidents.aktobe.id}`);
    expect(all.total).toBe(6);
    expect(all.items.map((o: { partner: { code: string } }) => o.partner.code).sort()).toEqual([
      'EU',
      'RCS-KZ',
      'RCS-KZ',
      'RCS-KZ',
      'RCS-KZ',
      'UNICEF',
    ]);
  });

  it('refused international partners while the scope was domestic; the scope history says when it changed', async () => {
    expect(result.refusals).toEqual([
      expect.objectContaining({
        who: 'UNICEF',
        request: 'kits',
        status: 403,
        code: 'request_domestic_only',
      }),
      expect.objectContaining({
        who: 'EU',
        request: 'kits',
        status: 403,
        code: 'request_domestic_only',
      }),
      expect.objectContaining({
        who: 'USAID',
        request: 'pumps',
        status: 403,
        code: 'request_domestic_only',
      }),
    ]);
    // The scope history is the request's events: read them from request.events.
    const seen = await readEvents(
      runId,
      ['request.events'],
      (events) =>
        events.some((e) => e.type === 'request.closed') &&
        events.some((e) => e.aggregateId === result.requests.pumps.id),
      'the request events of the run',
    );
    const scopeHistory = (requestId: string) =>
      seen
        .filter((e) => e.aggregateId === requestId)
        .filter((e) => e.type === 'request.raised' || e.type === 'request.scope-changed')
        .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
        .map((e) => ({
          type: e.type,
          from: e.payload.previousScope ?? null,
          scope: e.payload.scope,
          reason: e.payload.reason ?? null,
          at: e.occurredAt,
        }));
    const kits = scopeHistory(result.requests.kits.id);
    expect(kits).toEqual([
      expect.objectContaining({ type: 'request.raised', scope: 'domestic' }),
      expect.objectContaining({
        type: 'request.scope-changed',
        from: 'domestic',
        scope: 'international',
        reason: expect.stringMatching(/asked its international partners/),
      }),
    ]);
    // Every refusal happened before the kits request was widened.
    for (const refusal of result.refusals) {
      expect(Date.parse(refusal.at)).toBeLessThan(Date.parse(kits[1].at));
    }
    expect(scopeHistory(result.requests.pumps.id)).toEqual([
      expect.objectContaining({ type: 'request.raised', scope: 'domestic' }),
    ]);
  });

  it('the ledger shows every notification sent, exactly the expected ones, in the subscriber language', () => {
    for (const key of SUBSCRIBER_KEYS) {
      const rows = ledger.get(key)!;
      const expected = result.expected.filter((e) => e.subscriber === key);
      const { missing, extra } = pair(
        expected,
        rows,
        (e, row) =>
          row.eventType === e.eventType &&
          row.channel === e.channel &&
          e.mentions.every((m) => `${row.subject ?? ''} ${row.text}`.includes(m)),
      );
      expect({ key, missing, extra }).toEqual({ key, missing: [], extra: [] });
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'sent', language: subscriber(key).language });
        expect(row.recipient).toBe(
          row.channel === 'email' ? subscriber(key).email : subscriber(key).phone,
        );
      }
    }
  });

  it('the SMTP server received each email once, to the right person, about the right thing, in their language', () => {
    const ours = new Set(SUBSCRIBER_KEYS.map((k) => subscriber(k).email));
    // Nothing went to anyone else.
    expect(sinks.mails.flatMap((m) => m.to).filter((to) => !ours.has(to))).toEqual([]);
    for (const key of SUBSCRIBER_KEYS) {
      const who = subscriber(key);
      const mails = sinks.mails.filter((m) => m.to.includes(who.email));
      const expected = result.expected.filter((e) => e.subscriber === key && e.channel === 'email');
      const { missing, extra } = pair(expected, mails, (e, mail) =>
        e.mentions.every((m) => mail.subject.includes(m)),
      );
      expect({ key, missing, extra: extra.map((m) => m.subject) }).toEqual({
        key,
        missing: [],
        extra: [],
      });
      // Once: every mail is one ledger row (its Message-ID), and no row arrived twice.
      const rows = ledger.get(key)!.filter((r) => r.channel === 'email');
      const ids = mails.map(messageIdOf);
      expect(new Set(ids).size).toBe(mails.length);
      expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort());
      for (const mail of mails) {
        expect(mail.to).toEqual([who.email]);
        const row = rows.find((r) => r.id === messageIdOf(mail))!;
        expect(mail.subject).toBe(row.subject);
        // What arrived is what the ledger says was sent (the unsubscribe link's token filled in).
        const body = row.text.slice(0, row.text.lastIndexOf('\n\n'));
        expect(mail.text.slice(0, body.length)).toBe(body);
        if (who.language === 'en') {
          expect(`${mail.subject} ${mail.text}`).not.toMatch(CYRILLIC);
        } else {
          expect(mail.subject).toMatch(CYRILLIC);
          if (who.language === 'kk') expect(mail.text).toMatch(KAZAKH_ONLY);
          else expect(`${mail.subject} ${mail.text}`).not.toMatch(KAZAKH_ONLY);
        }
      }
    }
  });

  it('the SMPP server received each SMS once, to the right phone, about the right thing, in their language', () => {
    const phones = new Set(SUBSCRIBER_KEYS.map((k) => subscriber(k).phone).filter(Boolean));
    expect(sinks.sms.map((s) => s.to).filter((to) => !phones.has(to))).toEqual([]);
    for (const key of SUBSCRIBER_KEYS) {
      const who = subscriber(key);
      const sms = sinks.sms.filter((s) => s.to === who.phone);
      const expected = result.expected.filter((e) => e.subscriber === key && e.channel === 'sms');
      const { missing, extra } = pair(expected, sms, (e, message: CaughtSms) =>
        e.mentions.every((m) => message.text.includes(m)),
      );
      expect({ key, missing, extra: extra.map((s) => s.text) }).toEqual({
        key,
        missing: [],
        extra: [],
      });
      // Once: the texts received are exactly the ledger's SMS rows, none twice.
      const rows = ledger.get(key)!.filter((r) => r.channel === 'sms');
      expect(sms.map((s) => s.text).sort()).toEqual(rows.map((r) => r.text).sort());
      expect(new Set(sms.map((s) => s.text)).size).toBe(sms.length);
      for (const message of sms) {
        if (who.language === 'en') expect(message.text).not.toMatch(CYRILLIC);
        if (who.language === 'kk') expect(message.text).toMatch(KAZAKH_ONLY);
        if (who.language === 'ru') {
          expect(message.text).toMatch(CYRILLIC);
          expect(message.text).not.toMatch(KAZAKH_ONLY);
        }
      }
    }
    // Those who chose email only got no SMS.
    for (const key of SUBSCRIBER_KEYS.filter((k) => !subscriber(k).channels.includes('sms'))) {
      expect(subscriber(key).phone).toBeNull();
    }
  });

  it('every email and SMS received reads clean in its language (the template checks, over what arrived)', async () => {
    // The data's own words, as the events carried them: a message may show those as they are.
    const events = await readEvents(
      runId,
      ['incident.events', 'request.events', 'offer.events'],
      (seen) =>
        seen.some((e) => e.type === 'request.closed') &&
        seen.some((e) => e.type === 'offer.withdrawn') &&
        seen.some((e) => e.type === 'incident.closed'),
      'the events of the run',
    );
    const allowed = [
      ...events.reduce((into, e) => dataWordsOf(e.payload, into), new Set<string>()),
    ];
    const problems: string[] = [];
    let read = 0;
    for (const key of SUBSCRIBER_KEYS) {
      const who = subscriber(key);
      const check = (what: string, text: string) => {
        read += 1;
        for (const p of messageProblems(text, who.language, allowed)) {
          problems.push(`${key} [${who.language}] ${what}: ${p} in ${JSON.stringify(text)}`);
        }
      };
      for (const mail of sinks.mails.filter((m) => m.to.includes(who.email))) {
        check('email subject', mail.subject);
        check('email text', mail.text);
      }
      for (const sms of sinks.sms.filter((m) => m.to === who.phone)) check('SMS', sms.text);
    }
    expect(problems).toEqual([]);
    const emails = result.expected.filter((e) => e.channel === 'email').length;
    const sms = result.expected.filter((e) => e.channel === 'sms').length;
    expect(read).toBe(2 * emails + sms);
  });

  it('floods nobody subscribed to reach nobody', () => {
    const west = result.incidents.west.reference;
    expect(sinks.mails.filter((m) => m.subject.includes(west))).toEqual([]);
    expect(sinks.sms.filter((s) => s.text.includes(west))).toEqual([]);
  });
});
