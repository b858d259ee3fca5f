/**
 * The console gateway end to end, without a browser: the local OIDC provider, the four services
 * and the gateway as processes (libs/testing's Platform, free ports, real Kafka and PostgreSQL).
 * Tokens come from a real authorization-code + PKCE sign-in done with plain HTTP; the services
 * verify them through the provider's JWKS. Events arrive over Server-Sent Events, filtered per
 * caller, and a reconnect with Last-Event-ID resumes after the last event seen. The gateway's
 * /metrics and incident-service's admin API are on internal ports (INTERNAL_PORT), as on Kubernetes.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SignJWT } from 'jose';

import { AUTH_PATHS, signToken } from '@relief/local-infra';
import {
  eventually,
  freePorts,
  Platform,
  signInWithPkce,
  sleep,
  startRecordingSinks,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type RecordingSinks,
} from '@relief/testing';

interface StreamEvent {
  id: number;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** An open SSE stream read with fetch, as the SPA does; collects the events it is sent. */
class EventStream {
  readonly events: StreamEvent[] = [];
  readonly comments: string[] = [];
  private constructor(
    private readonly abort: AbortController,
    readonly status: number,
    readonly contentType: string | null,
  ) {}

  static async open(url: string, headers: Record<string, string>): Promise<EventStream> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    const stream = new EventStream(abort, response.status, response.headers.get('content-type'));
    if (response.status === 200 && response.body) void stream.read(response.body);
    else abort.abort();
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of body) {
        text += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            if (line.startsWith('data: '))
              this.events.push(JSON.parse(line.slice(6)) as StreamEvent);
          }
        }
      }
    } catch {
      // aborted
    }
  }

  find(type: string, aggregateId: string): StreamEvent | undefined {
    return this.events.find((e) => e.type === type && e.aggregateId === aggregateId);
  }

  close(): void {
    this.abort.abort();
  }
}

function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('console gateway: OIDC sign-in, proxy and live events', () => {
  let sinks: RecordingSinks;
  let platform: Platform;
  let gateway: string;
  let operator: string;
  let unicef: string;
  let admin: string;
  /** The internal ports (INTERNAL_PORT) of the gateway and of incident-service. */
  let internal: { gateway: number; incidents: number };
  const streams: EventStream[] = [];
  // A stand-in for the SPA's build (the real one is apps/console/web's, built by Vite).
  const web = mkdtempSync(join(tmpdir(), 'console-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Relief console</title>');
  writeFileSync(join(web, 'assets', 'index-abc123.js'), 'console.log(1)');

  const call = async (token: string, method: string, path: string, body?: object) => {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
    };
  };
  const stream = async (token: string, extra: Record<string, string> = {}) => {
    const opened = await EventStream.open(`${gateway}/api/events`, {
      authorization: `Bearer ${token}`,
      ...extra,
    });
    streams.push(opened);
    return opened;
  };

  beforeAll(async () => {
    sinks = await startRecordingSinks();
    const runId = uniqueTopicPrefix().replace(/\W/g, '');
    const [gatewayInternal, incidentsInternal] = await freePorts(2);
    internal = { gateway: gatewayInternal, incidents: incidentsInternal };
    platform = await Platform.start({
      adminUrl: testDatabaseAdminUrl(),
      brokers: testKafkaBrokers().join(','),
      runId,
      env: { ...sinks.env },
      // As on Kubernetes: incident-service's admin API on its internal port only, which the
      // gateway is told of; the gateway's own /metrics on an internal port of its own.
      serviceEnv: { 'incident-service': { INTERNAL_PORT: String(incidentsInternal) } },
      oidc: true,
      console: true,
      consoleEnv: {
        CONSOLE_WEB_DIR: web,
        INTERNAL_PORT: String(gatewayInternal),
        INCIDENT_SERVICE_ADMIN_URL: `http://127.0.0.1:${incidentsInternal}`,
      },
      logDir: join(__dirname, '..', '..', '.local', 'test-logs', runId),
    });
    gateway = platform.consoleUrl();
    const signIn = async (username: string) =>
      (
        await signInWithPkce({
          issuer: platform.oidcIssuer(),
          redirectUri: `${gateway}/auth/callback`,
          username,
        })
      ).accessToken;
    [operator, unicef, admin] = await Promise.all([
      signIn('aliya'),
      signIn('dana'),
      signIn('saule'),
    ]);
  }, 240_000);

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await platform?.stop();
    await platform?.dropDatabases();
    await sinks?.stop();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the SPA: index.html for client routes (not cached), hashed assets cached for good', async () => {
    for (const path of ['/', '/incidents/abc', '/map?region=KZ-15']) {
      const page = await fetch(`${gateway}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('Relief console');
    }
    const asset = await fetch(`${gateway}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${gateway}/assets/missing.js`)).status).toBe(404);
  });

  it('tells the SPA where to sign in', async () => {
    const response = await fetch(`${gateway}/api/config`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      issuer: platform.oidcIssuer(),
      clientId: 'relief-console',
      redirectPath: '/auth/callback',
      services: ['incident', 'request', 'offer', 'notification'],
    });
  });

  it('refuses the event stream without a valid token', async () => {
    expect((await EventStream.open(`${gateway}/api/events`, {})).status).toBe(401);
    const forged = await EventStream.open(`${gateway}/api/events`, {
      authorization: 'Bearer not.a.token',
    });
    expect(forged.status).toBe(401);
    // Signed by the right key, but with no role the platform knows.
    const now = Math.floor(Date.now() / 1000);
    const roleless = await new SignJWT({ roles: ['guest'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('guest')
      .setIssuer(platform.oidcIssuer())
      .setAudience('relief-platform')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(createPrivateKey(readFileSync(AUTH_PATHS.privateKey, 'utf8')));
    const refused = await EventStream.open(`${gateway}/api/events`, {
      authorization: `Bearer ${roleless}`,
    });
    expect(refused.status).toBe(403);
  });

  it('proxies the services with the OIDC token, streams events filtered per caller, and resumes', async () => {
    const operatorStream = await stream(operator);
    const unicefStream = await EventStream.open(
      `${gateway}/api/events?access_token=${encodeURIComponent(unicef)}`,
      {},
    );
    streams.push(unicefStream);
    expect(operatorStream.status).toBe(200);
    expect(operatorStream.contentType).toMatch(/^text\/event-stream/);
    expect(unicefStream.status).toBe(200);

    // An incident filed through the gateway: the token was verified by incident-service (JWKS).
    const filed = await call(operator, 'POST', '/api/incident/incidents', {
      title: 'Spring flood on the Ilek river (console gateway test)',
      hazard: 'FL',
      region: 'KZ-15',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      figures: { affected: 5400, evacuated: 2300 },
    });
    expect(filed.status).toBe(201);
    const incidentId = String(filed.body.id);
    const location = filed.headers.get('location');
    expect(location).toBe(`/api/incident/incidents/${incidentId}`);
    const etag = filed.headers.get('etag');
    expect(etag).toBeTruthy();
    const read = await call(operator, 'GET', location ?? '');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(etag);
    expect((await call(unicef, 'GET', `/api/incident/incidents/${incidentId}`)).status).toBe(200);
    // No token: the service, not the gateway, refuses.
    expect((await fetch(`${gateway}/api/incident/incidents/${incidentId}`)).status).toBe(401);

    // Both see the incident.
    const reported = await eventually(
      () => Promise.resolve(operatorStream.find('incident.reported', incidentId)),
      (e) => e !== undefined,
      'the operator to be told of the incident',
    );
    await eventually(
      () => Promise.resolve(unicefStream.find('incident.reported', incidentId)),
      (e) => e !== undefined,
      'UNICEF to be told of the incident',
    );
    expect(reported?.payload).toMatchObject({ incidentId, region: 'KZ-15' });

    // A domestic request: the operator sees it, UNICEF (an international partner) does not.
    const raised = await eventually(
      () =>
        call(operator, 'POST', '/api/request/requests', {
          incidentId,
          item: { code: 'WASH-HYGIENE-KIT' },
          quantity: 400,
          priority: 'high',
          neededBy: day(7),
          location: { region: 'KZ-15', address: 'Aktobe, school No. 3' },
        }),
      (answer) => answer.status === 201,
      'resource-request-service to accept a request against the new incident',
    );
    const requestId = String(raised.body.id);
    expect(raised.headers.get('location')).toBe(`/api/request/requests/${requestId}`);
    const requestRaised = await eventually(
      () => Promise.resolve(operatorStream.find('request.raised', requestId)),
      (e) => e !== undefined,
      'the operator to be told of the request',
    );
    await sleep(2_000);
    expect(unicefStream.find('request.raised', requestId)).toBeUndefined();
    expect(unicefStream.events.every((e) => e.type.startsWith('incident.'))).toBe(true);

    // Reconnecting with Last-Event-ID: only what came after that event.
    const resumed = await stream(operator, { 'last-event-id': String(reported?.id) });
    await eventually(
      () => Promise.resolve(resumed.find('request.raised', requestId)),
      (e) => e !== undefined,
      'the resumed stream to replay the request',
    );
    expect(resumed.find('incident.reported', incidentId)).toBeUndefined();
    expect(resumed.events[0].id).toBeGreaterThan(reported?.id ?? 0);
    expect(resumed.find('request.raised', requestId)?.id).toBe(requestRaised?.id);
    expect(resumed.comments).toContain('connected');
  });

  it('accepts `npm run token` tokens too (same key and issuer)', async () => {
    const minted = await signToken(
      { role: 'operator', sub: 'op-minted', issuer: platform.oidcIssuer(), ttl: '10m' },
      readFileSync(AUTH_PATHS.privateKey, 'utf8'),
    );
    expect((await call(minted, 'GET', '/api/incident/incidents?limit=1')).status).toBe(200);
  });

  it("keeps the operational endpoints internal: its own /metrics, and a service's admin API through its admin URL", async () => {
    expect((await fetch(`${gateway}/metrics`)).status).toBe(404);
    const metrics = await fetch(`http://127.0.0.1:${internal.gateway}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_cpu_seconds_total');
    // incident-service refuses its admin API on the public port; the gateway goes to the internal one.
    const deadLetters = '/admin/dead-letters?topic=incident.events';
    const direct = await fetch(`${platform.url('incident-service')}${deadLetters}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(direct.status).toBe(404);
    const proxied = await call(admin, 'GET', `/api/incident${deadLetters}`);
    expect([proxied.status, proxied.body]).toEqual([200, []]);
    // Still the service's own check of the role behind it.
    expect((await call(operator, 'GET', `/api/incident${deadLetters}`)).status).toBe(403);
  });

  it('answers 502 problem details when a service is down', async () => {
    await platform.services['notification-service'].stop();
    const answer = await call(operator, 'GET', '/api/notification/subscribers');
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 502, code: 'upstream_unavailable' });
  });
});
