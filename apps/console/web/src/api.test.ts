import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, idempotencyKeyOf } from './api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The headers of each call `api` made, with a 201 answered to each. */
function recordCalls(): Record<string, string>[] {
  const calls: Record<string, string>[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_path: string, init: RequestInit) => {
      calls.push({ method: String(init.method), ...(init.headers as Record<string, string>) });
      return Promise.resolve(new Response('{}', { status: 201 }));
    }),
  );
  return calls;
}

describe('Idempotency-Key', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('goes with every POST, a fresh one per submission, and with no other method', async () => {
    const calls = recordCalls();
    await api('/api/incident/incidents', { body: { title: 'a' } });
    await api('/api/incident/incidents', { method: 'POST', body: { title: 'a' } });
    await api('/api/offer/offers/1/accept', { method: 'POST' });
    await api('/api/offer/partners/unicef', { method: 'PATCH', body: {} });
    await api('/api/incident/incidents');
    const keys = calls.map((c) => c['Idempotency-Key']);
    expect(keys.slice(0, 3).every((k) => UUID.test(k))).toBe(true);
    expect(new Set(keys.slice(0, 3)).size).toBe(3);
    expect(keys.slice(3)).toEqual([undefined, undefined]);
  });

  it('is the same for an automatic retry of the same submission (the same variables)', async () => {
    const calls = recordCalls();
    const body = { quantity: 10 };
    await api('/api/offer/offers', { method: 'POST', body });
    await api('/api/offer/offers', { method: 'POST', body });
    expect(calls[0]['Idempotency-Key']).toBe(calls[1]['Idempotency-Key']);
    expect(idempotencyKeyOf(body)).toBe(calls[0]['Idempotency-Key']);
    expect(idempotencyKeyOf({ quantity: 10 })).not.toBe(calls[0]['Idempotency-Key']);
  });
});
