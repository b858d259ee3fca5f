import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followEvents } from './live';

/** A gateway's /api/events: each connection gets the next script, which may end the stream. */
function eventsServer(
  scripts: ((req: IncomingMessage, res: ServerResponse) => void)[],
): Promise<Server> {
  const server = createServer((req, res) => {
    const script = scripts.shift();
    if (!script) return void res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    script(req, res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const event = (id: number, type: string, aggregateId: string) =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ id: String(id), type, aggregateId })}\n\n`;

describe('following the event stream', () => {
  let server: Server | undefined;
  let stop: (() => void) | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  afterEach(async () => {
    stop?.();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('refreshes the queries an event touches, and every query after a reconnect', async () => {
    const lastEventIds: (string | undefined)[] = [];
    let secondOpen!: () => void;
    const reopened = new Promise<void>((resolve) => (secondOpen = resolve));
    server = await eventsServer([
      (req, res) => {
        lastEventIds.push(req.headers['last-event-id'] as string | undefined);
        res.end(event(41, 'incident.reported', 'inc-1')); // then the gateway dies
      },
      (req, res) => {
        lastEventIds.push(req.headers['last-event-id'] as string | undefined);
        res.write(': connected\n\n');
        secondOpen();
      },
    ]);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The browser's globals the stream reader uses, the page's origin being the gateway.
    vi.stubGlobal('window', {
      fetch: (path: string, init: RequestInit) => fetch(`${base}${path}`, init),
      setTimeout,
      clearTimeout,
    });
    vi.stubGlobal('document', { removeEventListener: () => undefined });
    const client = new QueryClient();
    const invalidated = vi.spyOn(client, 'invalidateQueries');
    const states: boolean[] = [];

    stop = followEvents(
      () => 'token',
      client,
      (connected) => states.push(connected),
    );
    await vi.waitFor(() => expect(states.at(-1)).toBe(false)); // the stream ended
    expect(invalidated.mock.calls.map(([filter]) => filter?.queryKey)).toEqual([
      ['incidents'],
      ['incident', 'inc-1'],
      ['timeline', 'inc-1'],
      ['audit', 'inc-1'],
    ]);
    invalidated.mockClear();

    await vi.advanceTimersByTimeAsync(3_000); // the retry
    await reopened;
    await vi.waitFor(() => expect(states.filter((connected) => connected)).toHaveLength(2));
    expect(lastEventIds).toEqual([undefined, '41']);
    // Everything, not a list of keys: the events between the two connections may be lost. (The
    // other calls are the event's queries looked at again, AGAIN_AFTER_MS.)
    expect(invalidated.mock.calls.filter((args) => args.length === 0)).toHaveLength(1);
  });
});
