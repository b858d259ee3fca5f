import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { answerClientErrors, drainHttp, trackAnswers } from './bootstrap';

/** A server whose answers take `delayMs`. */
async function slowServer(delayMs: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    setTimeout(() => response.end(`answer to ${request.url}`), delayMs).unref();
  });
  trackAnswers(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A raw keep-alive connection: what we write, what comes back, whether it was reset or closed. */
async function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let received = '';
  let error: string | undefined;
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  socket.on('close', () => (closed = true));
  const get = (path: string) =>
    socket.write(`GET ${path} HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n`);
  const until = async (accept: () => boolean) => {
    for (let i = 0; i < 200 && !accept(); i += 1) await new Promise((r) => setTimeout(r, 10));
  };
  return {
    get,
    until,
    state: () => ({ received, error, closed }),
    destroy: () => socket.destroy(),
  };
}

describe('drainHttp (graceful stop of the HTTP side)', () => {
  it('answers a request sent on an idle keep-alive connection during the drain, then closes it', async () => {
    const { server, port } = await slowServer(10);
    const client = await rawConnection(port);
    client.get('/first');
    await client.until(() => client.state().received.includes('answer to /first'));

    const drained = drainHttp(server, 5_000);
    // The client did not know yet: it reuses its idle connection.
    client.get('/second');
    await drained;
    await client.until(() => client.state().closed);

    const { received, error, closed } = client.state();
    expect(error).toBeUndefined();
    expect(received).toContain('answer to /second');
    expect(received).toMatch(/answer to \/first[\s\S]*Connection: close[\s\S]*answer to \/second/i);
    expect(closed).toBe(true);
  });

  it('lets a request in flight finish, refuses new connections, and does not wait for the grace period', async () => {
    const { server, port } = await slowServer(300);
    const client = await rawConnection(port);
    client.get('/slow');
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    const drained = drainHttp(server, 5_000);
    const refused = await new Promise<string>((resolve) => {
      const late = connect(port, '127.0.0.1');
      late.on('connect', () => resolve('connected'));
      late.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    await drained;
    await client.until(() => client.state().closed);

    expect(refused).toBe('ECONNREFUSED');
    expect(client.state().received).toContain('answer to /slow');
    expect(client.state().error).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('closes what is still open after the grace period', async () => {
    const { server, port } = await slowServer(60_000);
    const client = await rawConnection(port);
    client.get('/never');
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    await drainHttp(server, 300);

    expect(Date.now() - started).toBeLessThan(2_000);
    await client.until(() => client.state().closed);
    expect(client.state().closed).toBe(true);
    client.destroy();
  });
});

describe('answerClientErrors (what Node refuses before a request exists)', () => {
  async function refusedBy(raw: string): Promise<string> {
    const server = createServer((_request, response) => response.end('ok'));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.write(raw);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return received;
  }

  const bodyOf = (answer: string) =>
    JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;

  it('answers a header block over 16 KiB with a 431 in problem details', async () => {
    const answer = await refusedBy(
      `GET /incidents HTTP/1.1\r\nHost: test\r\nX-Filler: ${'f'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json/);
    expect(bodyOf(answer)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('answers malformed HTTP with a 400 in problem details', async () => {
    const answer = await refusedBy('NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(answer)).toMatchObject({ status: 400, code: 'malformed_request' });
  });
});
