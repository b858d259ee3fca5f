import { createServer, type AddressInfo } from 'node:net';

function listen(port: number): Promise<ReturnType<typeof createServer> | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct free ports on 127.0.0.1. Every probe stays open until all are taken: the
 * kernel may hand a port it just released out again, and two services on one port would each
 * seem ready (the one that lost the bind exits, the other answers its /ready).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listen(0)));
  const open = servers.filter((server) => server !== undefined);
  const ports = open.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(open.map(close));
  if (ports.length < count) throw new Error(`could not take ${count} free ports`);
  return ports;
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

/** A free port whose next one is free too (a private Kafka's controller listens on port + 1). */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freePort();
    if (port >= 65_000) continue;
    const taken = await Promise.all([listen(port), listen(port + 1)]);
    await Promise.all(taken.filter((server) => server !== undefined).map(close));
    if (taken.every((server) => server !== undefined)) return port;
  }
  throw new Error('no two consecutive free ports found');
}
