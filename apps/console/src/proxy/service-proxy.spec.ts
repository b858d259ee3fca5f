import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@relief/config';
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
