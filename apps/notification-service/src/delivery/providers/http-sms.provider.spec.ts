import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSmsProvider } from './http-sms.provider';

/** A tiny Twilio-like gateway in the test process. */
describe('HttpSmsProvider (against a local HTTP gateway)', () => {
  const requests: { auth: string | undefined; path: string; form: URLSearchParams }[] = [];
  let server: Server;
  let provider: HttpSmsProvider;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        requests.push({ auth: req.headers.authorization, path: req.url ?? '', form });
        const to = form.get('To') ?? '';
        if (to.endsWith('0000')) return void res.writeHead(400).end('{"message":"invalid number"}');
        if (to.endsWith('5030')) return void res.writeHead(503).end('down');
        res
          .writeHead(201, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ sid: `SM${requests.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new HttpSmsProvider({
      url: `http://127.0.0.1:${port}/2010-04-01/Accounts/AC1`,
      account: 'AC1',
      token: 'secret',
      from: 'RELIEF',
    });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts a form with basic auth and returns the sid', async () => {
    const sent = await provider.send({
      notificationId: 'n1',
      to: '+77012345678',
      text: 'Су тасқыны',
    });
    expect(sent.providerMessageId).toBe('SM1');
    expect(requests[0].path).toBe('/2010-04-01/Accounts/AC1/Messages');
    expect(requests[0].auth).toBe(`Basic ${Buffer.from('AC1:secret').toString('base64')}`);
    expect(Object.fromEntries(requests[0].form)).toEqual({
      To: '+77012345678',
      From: 'RELIEF',
      Body: 'Су тасқыны',
    });
  });

  it('4xx is permanent; 5xx and a closed port are transient', async () => {
    await expect(
      provider.send({ notificationId: 'n2', to: '+77010000000', text: 'x' }),
    ).rejects.toMatchObject({ permanent: true });
    await expect(
      provider.send({ notificationId: 'n3', to: '+77010005030', text: 'x' }),
    ).rejects.toMatchObject({ permanent: false });
    const closed = new HttpSmsProvider({
      url: 'http://127.0.0.1:1',
      account: 'a',
      token: 't',
      from: 'R',
    });
    await expect(
      closed.send({ notificationId: 'n4', to: '+77012345678', text: 'x' }),
    ).rejects.toMatchObject({
      permanent: false,
      inDoubt: false,
    });
  });
});
