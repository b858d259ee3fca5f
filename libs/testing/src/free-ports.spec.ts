import { createServer } from 'node:net';
import { freePortPair, freePorts } from './free-ports';

describe('free ports', () => {
  it('gives distinct ports one can listen on', async () => {
    const ports = await freePorts(4);
    expect(new Set(ports).size).toBe(4);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('finds a port whose next one is free too', async () => {
    const port = await freePortPair();
    expect(port).toBeLessThan(65_000);
    const [first, second] = [createServer(), createServer()];
    await new Promise<void>((resolve) => first.listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => second.listen(port + 1, '127.0.0.1', resolve));
    await Promise.all([first, second].map((s) => new Promise<void>((r) => s.close(() => r()))));
  });
});
