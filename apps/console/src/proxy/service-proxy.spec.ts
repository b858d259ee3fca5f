import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { loadConfig } from '@relief/config';
import { contextFromHeaders, startSpan, startTracing } from '@relief/observability';
import { ConsoleConfig } from '../console.config';
import { proxyRoutes } from './proxy-routes';
import { serviceProxy } from './service-proxy';

/** An upstream that answers which port the request reached and the path it asked for. */
function upstream(name: string): Server {
  return createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ reached: name, path: req.url }));
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('service proxy: /admin/* to the service internal port', () => {
  const publicPort = upstream('public');
  const internalPort = upstream('internal');
  let gateway: Server;
  let gatewayUrl: string;

  beforeAll(async () => {
    const config = loadConfig(ConsoleConfig, {
      AUTH_JWKS_URL: 'http://127.0.0.1:3010/jwks',
      REQUEST_SERVICE_URL: await listen(publicPort),
      REQUEST_SERVICE_ADMIN_URL: `${await listen(internalPort)}/`,
    });
    const route = proxyRoutes(config).find((r) => r.service === 'request')!;
    const proxy = serviceProxy(route);
    gateway = createServer((req, res) => {
      void proxy(req, res, () => {
        res.writeHead(404);
        res.end();
      });
    });
    gatewayUrl = await listen(gateway);
  });

  afterAll(async () => {
    for (const server of [gateway, publicPort, internalPort]) {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const get = async (path: string) => {
    const response = await fetch(`${gatewayUrl}${path}`);
    return response.json() as Promise<{ reached: string; path: string }>;
  };

  it('sends the admin API to the admin URL, in any case, with its query', async () => {
    expect(await get('/api/request/admin/audit?object=r1&type=request')).toEqual({
      reached: 'internal',
      path: '/admin/audit?object=r1&type=request',
    });
    expect(await get('/api/request/Admin/dead-letters')).toEqual({
      reached: 'internal',
      path: '/Admin/dead-letters',
    });
    expect(await get('/api/request/admin?x=1')).toEqual({
      reached: 'internal',
      path: '/admin?x=1',
    });
  });

  it('sends the rest to the service URL', async () => {
    expect(await get('/api/request/requests?limit=5')).toEqual({
      reached: 'public',
      path: '/requests?limit=5',
    });
    expect(await get('/api/request/administrators')).toEqual({
      reached: 'public',
      path: '/administrators',
    });
    expect(await get('/api/request/requests/admin')).toEqual({
      reached: 'public',
      path: '/requests/admin',
    });
  });
});

describe('service proxy: the upstream call in a span of its own', () => {
  const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
  const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
  /** Answers the trace context the request reached it with. */
  const service = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ traceparent: req.headers.traceparent }));
  });
  let gateway: Server;
  let gatewayUrl: string;
  const serverSpanIds: string[] = [];

  beforeAll(async () => {
    startTracing({ service: 'console', exporter: 'none', endpoint: 'http://127.0.0.1:4318' });
    const config = loadConfig(ConsoleConfig, {
      AUTH_JWKS_URL: 'http://127.0.0.1:3010/jwks',
      INCIDENT_SERVICE_URL: await listen(service),
    });
    const proxy = serviceProxy(proxyRoutes(config).find((r) => r.service === 'incident')!);
    // As tracingMiddleware does in the gateway: the request in a server span continuing the caller.
    gateway = createServer((req, res) => {
      const parent = contextFromHeaders(req.headers);
      const span = startSpan('gateway', { kind: SpanKind.SERVER }, parent);
      serverSpanIds.push(span.spanContext().spanId);
      res.once('close', () => span.end());
      void context.with(trace.setSpan(parent, span), () => proxy(req, res, () => res.end()));
    });
    gatewayUrl = await listen(gateway);
  });

  afterAll(async () => {
    for (const server of [gateway, service]) {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("sends the service a traceparent of a new span in the caller's trace, not the caller's", async () => {
    const answer = await fetch(`${gatewayUrl}/api/incident/incidents`, {
      headers: { traceparent: `00-${caller.traceId}-${caller.spanId}-01`, tracestate: 'a=1' },
    });
    const { traceparent } = (await answer.json()) as { traceparent?: string };
    const [, traceId, spanId] = TRACEPARENT.exec(traceparent ?? '') ?? [];
    expect(traceId).toBe(caller.traceId);
    // Neither the caller's span nor the gateway's server span: the upstream call's own.
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect([caller.spanId, ...serverSpanIds]).not.toContain(spanId);
    expect(serverSpanIds).toHaveLength(1);
  });
});
