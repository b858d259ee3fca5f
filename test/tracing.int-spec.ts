/**
 * One step of the flood (an incident filed through the console gateway, a resource request
 * raised for it, the SMS and emails of both handed over to the real SMPP sink and SMTP server)
 * on the four services and the gateway as separate processes, exporting their spans over
 * OTLP/HTTP to a receiver in this test. The caller opens the step's trace (its own client span,
 * sent as `traceparent` on both calls, as the console's browser or any traced client would):
 * every span the processes make for the step must be in that trace, all five among them, and
 * every span's parent must be the caller's span or another span received, so the chain from
 * the request through the gateway, the outbox relay's send to Kafka and the consumers to the
 * send is unbroken; the request's database queries are in it too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  eventually,
  mintTestToken,
  Platform,
  SERVICE_NAMES,
  startRecordingSinks,
  testAuthEnv,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type RecordingSinks,
} from '@relief/testing';
import { ACTORS } from './scenario/flood-scenario.cast';
import { day, Http } from './scenario/scenario-http';

/** A span as the receiver keeps it (OTLP/JSON, ids as hex). */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

/** OTLP/JSON ids are hex; an exporter that sends base64 (the protobuf JSON mapping) is read too. */
function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)
    ? id.toLowerCase()
    : Buffer.from(id, 'base64').toString('hex');
}

function attributesOf(list: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));
}

/** A minimal OTLP/HTTP collector: POST /v1/traces with a JSON body, every span kept. */
async function startOtlpReceiver(): Promise<{
  url: string;
  spans: ReceivedSpan[];
  server: Server;
}> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              service,
              traceId: hexId(span.traceId),
              spanId: hexId(span.spanId),
              parentSpanId: hexId(span.parentSpanId),
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
            });
          }
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

describe('tracing: one trace from the incident filed to the SMS and email handed over', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let sinks: RecordingSinks;
  let platform: Platform;
  let logDir: string;
  let runId: string;
  const http = new Http((who) => mintTestToken(who));

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sinks = await startRecordingSinks();
    runId = uniqueTopicPrefix().replace(/\W/g, '');
    logDir = join(__dirname, '..', '.local', 'test-logs', runId);
    platform = await Platform.start({
      adminUrl: testDatabaseAdminUrl(),
      brokers: testKafkaBrokers().join(','),
      runId,
      console: true,
      env: {
        ...testAuthEnv(),
        ...sinks.env,
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        // Export within a fraction of a second rather than the SDK's 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      logDir,
    });
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
    await platform?.dropDatabases();
    await sinks?.stop();
    receiver?.server.close();
  });

  it('links spans of the gateway and all four services, each to a parent in the trace', async () => {
    const phone = `+7701${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
    const email = `a.nurlanovna+${randomUUID().slice(0, 8)}@emer.gov.kz`;
    const subscriber = await http.expect(
      201,
      ACTORS.admin,
      'POST',
      `${platform.url('notification-service')}/subscribers`,
      {
        name: 'Aliya Nurlanovna',
        organisation: 'ministry',
        email,
        phone,
        language: 'kk',
        channels: ['sms', 'email'],
        userId: `trace-${randomUUID()}`,
      },
    );
    await http.expect(
      201,
      ACTORS.admin,
      'POST',
      `${platform.url('notification-service')}/subscribers/${subscriber.body.id}/subscriptions`,
      { eventTypes: ['incident.reported', 'request.raised'], regions: ['KZ-15'] },
    );

    // The caller's span: the root of the step's trace.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const traced = { traceparent: `00-${traceId}-${callerSpanId}-01` };

    // Filed through the gateway, as the console's operators do; the request goes straight.
    const incident = await http.expect(
      201,
      ACTORS.operator,
      'POST',
      `${platform.consoleUrl()}/api/incident/incidents`,
      {
        title: 'Spring flood on the Ilek river',
        hazard: 'FL',
        region: 'KZ-15',
        settlement: 'Badamsha',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
        figures: { affected: 5400, evacuated: 2300 },
      },
      traced,
    );
    await eventually(
      () =>
        http.call(
          ACTORS.logistics,
          'GET',
          `${platform.url('resource-request-service')}/incidents/${incident.body.id}/coverage`,
        ),
      (answer) => answer.status === 200,
      'the resource-request-service to know the incident',
      { timeoutMs: 60_000 },
    );
    await http.expect(
      201,
      ACTORS.logistics,
      'POST',
      `${platform.url('resource-request-service')}/requests`,
      {
        incidentId: incident.body.id,
        item: { code: 'WASH-HYGIENE-KIT' },
        quantity: 400,
        priority: 'high',
        neededBy: day(7),
        location: { region: 'KZ-15', address: 'Aktobe, evacuation centre at school No. 3' },
      },
      traced,
    );
    await sinks.waitFor(
      ({ sms, mails }) =>
        sms.filter((s) => s.to === phone).length >= 2 &&
        mails.filter((m) => m.to.includes(email)).length >= 2,
      `the SMS and the emails of the incident and of the request to ${phone} and ${email}`,
    );

    const sends = (channel: 'sms' | 'email'): ReceivedSpan[] =>
      receiver.spans.filter((s) => s.traceId === traceId && s.name === `send ${channel}`);
    await eventually(
      async () => [sends('sms'), sends('email')],
      ([sms, emails]) => sms.length >= 2 && emails.length >= 2,
      'the spans of both SMS and both email sends',
      { timeoutMs: 30_000 },
    );
    // Each service exports on its own schedule, and a parent ends after its children: wait until
    // every service has spoken and every parent arrived (the assertions then say what is missing).
    const trace = (): ReceivedSpan[] => receiver.spans.filter((s) => s.traceId === traceId);
    const missingParents = (): string[] => {
      const ids = new Set(trace().map((s) => s.spanId));
      return trace()
        .filter((s) => s.parentSpanId !== callerSpanId && !ids.has(s.parentSpanId))
        .map((s) => `${s.service} "${s.name}" (parent ${s.parentSpanId || 'none'})`);
    };
    const consumersOfTheIncident = (): number =>
      trace().filter((s) => s.name === 'process incident.reported').length;
    await eventually(
      async () => ({ missing: missingParents(), consumers: consumersOfTheIncident() }),
      ({ missing, consumers }) => missing.length === 0 && consumers >= 3,
      'every parent and the three consumers of the incident',
      { timeoutMs: 30_000 },
    ).catch(() => undefined);

    expect(missingParents()).toEqual([]);
    expect(new Set(trace().map((s) => s.service))).toEqual(new Set([...SERVICE_NAMES, 'console']));

    /** From a span up to the caller's: "service: name" of each. */
    const byId = new Map(trace().map((s) => [s.spanId, s]));
    const chain = (span: ReceivedSpan): string[] => {
      const names: string[] = [];
      for (let at: ReceivedSpan | undefined = span; at; at = byId.get(at.parentSpanId)) {
        names.push(`${at.service}: ${at.name}`);
        if (at.parentSpanId === callerSpanId) names.push('caller');
      }
      return names;
    };
    const sendOf = (channel: 'sms' | 'email', eventType: string) => {
      const send = sends(channel).find((s) => s.attributes['relief.event.type'] === eventType);
      if (!send) throw new Error(`no ${channel} send span for ${eventType}`);
      return send;
    };
    // The incident's way in: the gateway's server span, its call to the service, the request.
    const filed = [
      'incident-service: POST /incidents',
      'console: POST',
      'console: POST /api/incident/*',
      'caller',
    ];
    const incidentsTopic = `${runId}.incident.events`;
    for (const channel of ['sms', 'email'] as const) {
      expect(chain(sendOf(channel, 'incident.reported'))).toEqual([
        `notification-service: send ${channel}`,
        'notification-service: process incident.reported',
        `incident-service: send ${incidentsTopic}`,
        ...filed,
      ]);
      expect(chain(sendOf(channel, 'request.raised'))).toEqual([
        `notification-service: send ${channel}`,
        'notification-service: process request.raised',
        `resource-request-service: send ${runId}.request.events`,
        'resource-request-service: POST /requests',
        'caller',
      ]);
      expect(sendOf(channel, 'request.raised').attributes['relief.notification.outcome']).toBe(
        'sent',
      );
    }
    // The other consumers of the incident are children of the same send to Kafka.
    for (const service of ['resource-request-service', 'partner-offer-service']) {
      const consumed = trace().find(
        (s) => s.service === service && s.name === 'process incident.reported',
      );
      expect(consumed && chain(consumed).slice(1)).toEqual([
        `incident-service: send ${incidentsTopic}`,
        ...filed,
      ]);
    }
    const spanNamed = (name: string): ReceivedSpan | undefined =>
      trace().find((s) => `${s.service}: ${s.name}` === name);
    const kinds = new Map(trace().map((s) => [`${s.service}: ${s.name}`, s.kind]));
    expect(kinds.get('console: POST /api/incident/*')).toBe(2); // SERVER
    expect(kinds.get('console: POST')).toBe(3); // CLIENT
    expect(kinds.get('incident-service: POST /incidents')).toBe(2); // SERVER
    expect(kinds.get(`incident-service: send ${incidentsTopic}`)).toBe(4); // PRODUCER
    expect(kinds.get('notification-service: process request.raised')).toBe(5); // CONSUMER
    expect(kinds.get('notification-service: send sms')).toBe(3); // CLIENT
    expect(kinds.get('notification-service: send email')).toBe(3); // CLIENT
    expect(spanNamed(`incident-service: send ${incidentsTopic}`)?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': incidentsTopic,
      'messaging.message.id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'relief.event.type': 'incident.reported',
    });
    const upstreamCall = spanNamed('console: POST')?.attributes ?? {};
    expect(upstreamCall).toMatchObject({
      'http.request.method': 'POST',
      'url.full': `${platform.url('incident-service')}/incidents`,
    });
    expect(String(upstreamCall['http.response.status_code'])).toBe('201');
    // With the OTLP exporter the queries made inside a span get spans (instrumentation-pg): the
    // request's outbox insert is a CLIENT child of its server span.
    const outboxInsert = trace().find(
      (s) =>
        s.service === 'incident-service' &&
        /^\s*INSERT INTO outbox_events/.test(`${s.attributes['db.query.text'] as string}`),
    );
    expect(outboxInsert && chain(outboxInsert).slice(1)).toEqual(filed);
    expect(outboxInsert?.kind).toBe(3);
    expect(outboxInsert?.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.namespace': expect.stringContaining(runId),
    });
    // The log lines of the request carry its trace id.
    expect(readFileSync(join(logDir, 'incident-service.log'), 'utf8')).toContain(
      `"trace_id":"${traceId}"`,
    );
  }, 240_000);
});
