import { loadConfig } from '@relief/config';
import { ConsoleConfig } from '../console.config';
import { gatewayLocation, proxyRoutes, upstreamPath, upstreamTarget } from './proxy-routes';

describe('proxy routes', () => {
  const config = loadConfig(ConsoleConfig, {
    AUTH_JWKS_URL: 'http://127.0.0.1:3010/jwks',
    INCIDENT_SERVICE_URL: 'http://127.0.0.1:4001/',
    REQUEST_SERVICE_URL: 'http://127.0.0.1:4002',
    OFFER_SERVICE_URL: 'http://127.0.0.1:4003',
    NOTIFICATION_SERVICE_URL: 'http://127.0.0.1:4004',
    NOTIFICATION_SERVICE_ADMIN_URL: 'http://127.0.0.1:9464/',
  });
  const routes = proxyRoutes(config);
  const route = (service: string) => {
    const found = routes.find((r) => r.service === service);
    if (!found) throw new Error(service);
    return found;
  };

  it('maps each service prefix to its service', () => {
    expect(routes.map((r) => [r.prefix, r.target])).toEqual([
      ['/api/incident', 'http://127.0.0.1:4001'],
      ['/api/request', 'http://127.0.0.1:4002'],
      ['/api/offer', 'http://127.0.0.1:4003'],
      ['/api/notification', 'http://127.0.0.1:4004'],
    ]);
  });

  it("sends /admin/* to the service's admin URL, which defaults to the service URL", () => {
    expect(routes.map((r) => r.adminTarget)).toEqual([
      'http://127.0.0.1:4001',
      'http://127.0.0.1:4002',
      'http://127.0.0.1:4003',
      'http://127.0.0.1:9464',
    ]);
    const notification = route('notification');
    for (const path of ['/admin/dead-letters', '/ADMIN/audit?x=1', '/admin', '/admin?topic=t']) {
      expect(upstreamTarget(notification, `/api/notification${path}`)).toBe(
        'http://127.0.0.1:9464',
      );
    }
    for (const path of ['/subscriptions', '/administrators', '/x/admin', '']) {
      expect(upstreamTarget(notification, `/api/notification${path}`)).toBe(
        'http://127.0.0.1:4004',
      );
    }
    expect(gatewayLocation(notification, 'http://127.0.0.1:9464/admin/dead-letters')).toBe(
      '/api/notification/admin/dead-letters',
    );
  });

  it('strips the prefix and keeps the rest of the path and the query', () => {
    const incident = route('incident');
    expect(upstreamPath(incident, '/api/incident/incidents?limit=5')).toBe('/incidents?limit=5');
    expect(upstreamPath(incident, '/api/incident/incidents/abc/cap')).toBe('/incidents/abc/cap');
    expect(upstreamPath(incident, '/api/incident')).toBe('/');
    expect(upstreamPath(incident, '/api/incident?x=1')).toBe('/?x=1');
    expect(upstreamPath(route('offer'), '/api/offer/partners/UNICEF')).toBe('/partners/UNICEF');
    // The administrators' paths too (audit trail, dead letters): the service checks the role.
    expect(upstreamPath(route('request'), '/api/request/admin/audit?object=r1&type=request')).toBe(
      '/admin/audit?object=r1&type=request',
    );
  });

  it("does not pass on a service's probes and metrics (for the cluster, not the public)", () => {
    const incident = route('incident');
    for (const path of ['/metrics', '/METRICS/', '/metrics?x=1', '/health', '/ready/']) {
      expect(upstreamPath(incident, `/api/incident${path}`)).toBeUndefined();
    }
    expect(upstreamPath(incident, '/api/incident/metrics-report')).toBe('/metrics-report');
    expect(upstreamPath(incident, '/api/incident/incidents/ready')).toBe('/incidents/ready');
  });

  it('leaves other paths alone (no prefix that merely starts alike)', () => {
    const incident = route('incident');
    expect(upstreamPath(incident, '/api/incidents')).toBeUndefined();
    expect(upstreamPath(incident, '/api/request/requests')).toBeUndefined();
    expect(upstreamPath(incident, '/incidents')).toBeUndefined();
  });

  it('moves a Location of the service under the prefix', () => {
    const request = route('request');
    expect(gatewayLocation(request, '/requests/r1')).toBe('/api/request/requests/r1');
    expect(gatewayLocation(request, 'http://127.0.0.1:4002/requests/r1')).toBe(
      '/api/request/requests/r1',
    );
    expect(gatewayLocation(request, 'https://elsewhere.example/x')).toBe(
      'https://elsewhere.example/x',
    );
    expect(gatewayLocation(request, '//elsewhere.example/x')).toBe('//elsewhere.example/x');
  });

  it('validates the gateway config at boot', () => {
    expect(() => loadConfig(ConsoleConfig, { INCIDENT_SERVICE_URL: 'not a url' })).toThrow(
      /INCIDENT_SERVICE_URL/,
    );
    expect(() =>
      loadConfig(ConsoleConfig, { OFFER_SERVICE_ADMIN_URL: 'ftp://offer-service:9464' }),
    ).toThrow(/OFFER_SERVICE_ADMIN_URL/);
    // The gateway's own /metrics on a port of its own (GATEWAY_INTERNAL_PATHS), not PORT.
    const auth = { AUTH_JWKS_URL: 'http://127.0.0.1:3010/jwks' };
    expect(loadConfig(ConsoleConfig, { ...auth, INTERNAL_PORT: '9464' }).INTERNAL_PORT).toBe(9464);
    expect(() =>
      loadConfig(ConsoleConfig, { ...auth, PORT: '3000', INTERNAL_PORT: '3000' }),
    ).toThrow(/INTERNAL_PORT \(got "3000"\): must differ from PORT/);
  });
});
