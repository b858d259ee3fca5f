import { newPledge, deliverPledge, releasePledge } from './pledge';
import type { Pledge } from './coverage';
import { RequestException } from './request.exception';
import { incidentClosure, ResourceRequest, type RaiseRequest } from './resource-request';

const now = new Date('2024-04-18T09:00:00Z');
const incidentClosed = incidentClosure('FL-2024-KZ-AKT-0007', 'closed', null);
const later = new Date('2024-04-19T09:00:00Z');

const kits: RaiseRequest = {
  incidentId: 'a4c1d3f2-0000-4000-8000-000000000001',
  item: { code: 'WASH-HYGIENE-KIT', name: 'Sanitary and hygiene kit', unit: 'kit', version: null },
  quantity: 400,
  priority: 'high',
  neededBy: '2024-04-25',
  location: { region: 'KZ-15', address: 'Aktobe, evacuation centre No. 3', coordinates: null },
  notes: 'Feedback from the affected population to be taken into account',
  scope: 'domestic',
};

function raise(input: Partial<RaiseRequest> = {}): ResourceRequest {
  return ResourceRequest.raise({ ...kits, ...input }, { id: 'req-1', by: 'operator-1', now })
    .request;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof RequestException) return `${error.kind}:${error.code}`;
    throw error;
  }
  throw new Error('expected a RequestException');
}

describe('ResourceRequest', () => {
  it('is raised open, with nothing pledged, at version 1', () => {
    const { request, events } = ResourceRequest.raise(kits, { id: 'req-1', by: 'op', now });
    expect(request.snapshot).toMatchObject({
      status: 'open',
      pledged: 0,
      delivered: 0,
      version: 1,
    });
    expect(request.coverage).toEqual({ requested: 400, pledged: 0, delivered: 0, remaining: 400 });
    expect(events).toEqual([{ type: 'request.raised' }]);
  });

  it.each([
    [{ quantity: 0 }, 'invalid:invalid_quantity'],
    [{ quantity: 2.5 }, 'invalid:invalid_quantity'],
    [{ neededBy: '2024-04-17' }, 'invalid:needed_by_in_past'],
    [{ neededBy: '25/04/2024' }, 'invalid:invalid_needed_by'],
  ])('refuses to raise with %j', (input, expected) => {
    expect(code(() => raise(input))).toBe(expected);
  });

  describe('scope', () => {
    it('can be widened to international and narrowed back, each time an event', () => {
      const request = raise();
      expect(request.changeScope('international', 'the government asked for help', later)).toEqual([
        {
          type: 'request.scope-changed',
          from: 'domestic',
          to: 'international',
          reason: 'the government asked for help',
        },
      ]);
      expect(request.snapshot.version).toBe(2);
      expect(request.changeScope('domestic', null, later)[0]).toMatchObject({ to: 'domestic' });
    });

    it('refuses a change to the scope it already has', () => {
      expect(code(() => raise().changeScope('domestic', null, later))).toBe(
        'conflict:scope_unchanged',
      );
    });
  });

  describe('coverage from the pledge ledger', () => {
    it('moves open → partially-pledged → pledged → partially-delivered → fulfilled', () => {
      const request = raise();
      let ledger: Pledge[] = [newPledge('a', 300)];
      expect(request.recount(ledger, { kind: 'offer-accepted', offerId: 'a' }, later)).toEqual([
        expect.objectContaining({ type: 'request.coverage-changed' }),
      ]);
      expect(request.snapshot.status).toBe('partially-pledged');

      ledger = [...ledger, newPledge('b', 100)];
      request.recount(ledger, { kind: 'offer-accepted', offerId: 'b' }, later);
      expect(request.snapshot.status).toBe('pledged');
      expect(request.coverage.remaining).toBe(0);

      ledger = [deliverPledge(ledger[0], 300)!, ledger[1]];
      request.recount(ledger, { kind: 'offer-delivered', offerId: 'a' }, later);
      expect(request.snapshot.status).toBe('partially-delivered');

      ledger = [ledger[0], deliverPledge(ledger[1], 100)!];
      const events = request.recount(ledger, { kind: 'offer-delivered', offerId: 'b' }, later);
      expect(events.map((e) => e.type)).toEqual(['request.coverage-changed', 'request.fulfilled']);
      expect(request.snapshot.status).toBe('fulfilled');
      expect(request.coverage).toEqual({
        requested: 400,
        pledged: 400,
        delivered: 400,
        remaining: 0,
      });
    });

    it('goes back when a pledge is released', () => {
      const request = raise();
      const ledger = [newPledge('a', 400)];
      request.recount(ledger, { kind: 'offer-accepted', offerId: 'a' }, later);
      expect(request.snapshot.status).toBe('pledged');
      request.recount(
        [releasePledge(ledger[0])!],
        { kind: 'offer-withdrawn', offerId: 'a' },
        later,
      );
      expect(request.snapshot.status).toBe('open');
      expect(request.coverage.remaining).toBe(400);
    });

    it('emits nothing and keeps its version when coverage did not change', () => {
      const request = raise();
      expect(request.recount([], { kind: 'offer-withdrawn', offerId: 'x' }, later)).toEqual([]);
      expect(request.version).toBe(1);
    });

    it('keeps counting deliveries on a cancelled request without leaving cancelled', () => {
      const request = raise();
      request.recount([newPledge('a', 400)], { kind: 'offer-accepted', offerId: 'a' }, later);
      request.cancel('duplicate of another request', later);
      const events = request.recount(
        [deliverPledge(newPledge('a', 400), 400)!],
        { kind: 'offer-delivered', offerId: 'a' },
        later,
      );
      expect(events.map((e) => e.type)).toEqual(['request.coverage-changed']);
      expect(request.snapshot.status).toBe('cancelled');
      expect(request.coverage.delivered).toBe(400);
    });
  });

  describe('deciding on an acceptance made by the offer side', () => {
    it('counts an acceptance that fits', () => {
      expect(raise().decideAcceptance(undefined, 400, 'domestic')).toEqual({ decision: 'count' });
    });

    it('rejects one that exceeds what remains', () => {
      const request = raise();
      request.recount([newPledge('a', 350)], { kind: 'offer-accepted', offerId: 'a' }, later);
      // A code with params, so each reader's template words it (the English is for logs).
      expect(request.decideAcceptance(undefined, 100, 'domestic')).toMatchObject({
        decision: 'reject',
        code: 'quantity-exceeds-remaining',
        params: { quantity: 100, remaining: 50, unit: 'kit' },
      });
      expect(request.decideAcceptance(undefined, 50, 'domestic')).toEqual({ decision: 'count' });
    });

    it('rejects an international partner on a domestic request', () => {
      expect(raise().decideAcceptance(undefined, 10, 'international')).toMatchObject({
        decision: 'reject',
        code: 'request-domestic-only',
        params: {},
      });
      expect(
        raise({ scope: 'international' }).decideAcceptance(undefined, 10, 'international'),
      ).toEqual({
        decision: 'count',
      });
    });

    it('rejects on a cancelled or closed request', () => {
      const cancelled = raise();
      cancelled.cancel('no longer needed', later);
      expect(cancelled.decideAcceptance(undefined, 1, 'domestic')).toMatchObject({
        code: 'request-not-open',
        params: { requestStatus: 'cancelled' },
      });
      const closed = raise();
      closed.closeWithIncident(incidentClosed, later);
      expect(closed.decideAcceptance(undefined, 1, 'domestic')).toMatchObject({
        code: 'request-not-open',
        params: { requestStatus: 'closed' },
      });
    });

    it('treats a second acceptance of an already counted offer as a duplicate', () => {
      expect(raise().decideAcceptance(newPledge('a', 10), 10, 'domestic')).toEqual({
        decision: 'duplicate',
      });
    });
  });

  describe('updates', () => {
    it('changes fields, bumps the version and reports coverage when the quantity moves', () => {
      const request = raise();
      const events = request.update({ quantity: 500, priority: 'critical' }, later);
      expect(events.map((e) => e.type)).toEqual(['request.updated', 'request.coverage-changed']);
      expect(events[0]).toEqual({
        type: 'request.updated',
        changes: ['quantity', 'priority'],
        previousQuantity: 400,
      });
      expect(request.coverage.remaining).toBe(500);
      expect(request.version).toBe(2);
    });

    it('is a no-op without real changes', () => {
      const request = raise();
      expect(request.update({ priority: 'high' }, later)).toEqual([]);
      expect(request.version).toBe(1);
    });

    it('cannot bring the quantity below what is pledged', () => {
      const request = raise();
      request.recount([newPledge('a', 300)], { kind: 'offer-accepted', offerId: 'a' }, later);
      expect(code(() => request.update({ quantity: 299 }, later))).toBe(
        'conflict:quantity_below_pledged',
      );
      request.update({ quantity: 300 }, later);
      expect(request.snapshot.status).toBe('pledged');
    });

    it('is refused on a stale version', () => {
      const request = raise();
      expect(code(() => request.assertVersion(0))).toBe('stale:stale_version');
      expect(() => request.assertVersion(1)).not.toThrow();
    });
  });

  describe('ending', () => {
    it('cancels once, then refuses every edit', () => {
      const request = raise();
      expect(request.cancel('raised by mistake', later)).toEqual([
        { type: 'request.cancelled', reason: 'raised by mistake' },
      ]);
      expect(code(() => request.cancel('again', later))).toBe('conflict:request_cancelled');
      expect(code(() => request.update({ quantity: 10 }, later))).toBe(
        'conflict:request_cancelled',
      );
      expect(code(() => request.changeScope('international', null, later))).toBe(
        'conflict:request_cancelled',
      );
    });

    it('closes with its incident unless it already ended', () => {
      const open = raise();
      const closure = incidentClosure('EQ-2026-KZ-ALM-0004', 'cancelled', 'false report');
      expect(open.closeWithIncident(closure, later)).toEqual([
        {
          type: 'request.closed',
          reasonCode: 'incident-cancelled',
          reasonParams: { incidentReference: 'EQ-2026-KZ-ALM-0004', note: 'false report' },
          reason: 'incident EQ-2026-KZ-ALM-0004 cancelled: false report',
        },
      ]);
      expect(open.snapshot.endReason).toBe('incident EQ-2026-KZ-ALM-0004 cancelled: false report');
      const cancelled = raise();
      cancelled.cancel('x', later);
      expect(cancelled.closeWithIncident(incidentClosed, later)).toEqual([]);
      expect(cancelled.snapshot.status).toBe('cancelled');
    });
  });

  describe("its incident's region", () => {
    it('is followed when the incident is moved, keeping the address, unless the request ended', () => {
      const open = raise();
      expect(open.moveToRegion('KZ-27', later)).toEqual([
        { type: 'request.updated', changes: ['location'], previousQuantity: null },
      ]);
      expect(open.snapshot.location).toEqual({ ...kits.location, region: 'KZ-27' });
      expect(open.version).toBe(2);
      expect(open.moveToRegion('KZ-27', later)).toEqual([]);

      const cancelled = raise();
      cancelled.cancel('x', later);
      expect(cancelled.moveToRegion('KZ-27', later)).toEqual([]);
      expect(cancelled.snapshot.location.region).toBe('KZ-15');
    });
  });
});
