import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_INTERNAL_PATHS, internalOnly } from './internal-port';

/** One handler on a public and an internal port, as listenInternal serves the same app twice. */
async function twoPorts(internalPaths?: RegExp): Promise<{ get: GetOn; close(): Promise<void> }> {
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < 2; i++) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  const guard = internalOnly(ports[1], internalPaths);
  for (const server of servers) {
    server.on('request', (req, res) =>
      guard(req, res, () => {
        res.writeHead(200);
        res.end('served');
      }),
    );
  }
  return {
    get: async (where, path) =>
      (await fetch(`http://127.0.0.1:${ports[where === 'public' ? 0 : 1]}${path}`)).status,
    close: async () => {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
    },
  };
}
type GetOn = (where: 'public' | 'internal', path: string) => Promise<number>;

describe('internalOnly', () => {
  it("refuses a service's /metrics and /admin/* on the public port, in any case", async () => {
    const { get, close } = await twoPorts();
    try {
      for (const path of ['/metrics', '/Metrics', '/metrics/', '/admin/audit', '/ADMIN?x=1']) {
        expect([path, await get('public', path), await get('internal', path)]).toEqual([
          path,
          404,
          200,
        ]);
      }
      for (const path of ['/health', '/incidents', '/metrics-report', '/administrators']) {
        expect([path, await get('public', path)]).toEqual([path, 200]);
      }
    } finally {
      await close();
    }
  });

  it("refuses only the gateway's /metrics: its /admin is a screen of the SPA", async () => {
    const { get, close } = await twoPorts(GATEWAY_INTERNAL_PATHS);
    try {
      expect(await get('public', '/METRICS')).toBe(404);
      expect(await get('internal', '/metrics')).toBe(200);
      expect(await get('public', '/admin')).toBe(200);
    } finally {
      await close();
    }
  });
});
