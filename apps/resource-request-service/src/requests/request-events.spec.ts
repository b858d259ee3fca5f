import { buildEnvelope } from '@relief/messaging';
import { newPledge, deliverPledge } from './pledge';
import { toContractEvents } from './request-events';
import { incidentClosure, ResourceRequest, type RequestEvent } from './resource-request';

const now = new Date('2024-04-18T09:00:00Z');

/** Every event the domain can emit, mapped and validated exactly as the outbox will. */
describe('request events as contract events', () => {
  function valid(request: ResourceRequest, events: RequestEvent[]) {
    return toContractEvents(request, 'FL-2024-KZ-AKT-0007', events).map(
      (event) => buildEnvelope(event, { producer: 'resource-request-service' }).envelope,
    );
  }

  it('maps the whole life of a request to valid envelopes keyed by the request', () => {
    const { request, events } = ResourceRequest.raise(
      {
        incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
        item: { code: null, name: 'Mobile kitchen', unit: 'piece', version: null },
        quantity: 4,
        priority: 'normal',
        neededBy: '2024-04-30',
        location: {
          region: 'KZ-AKT',
          address: null,
          coordinates: { latitude: 50.3, longitude: 57.2 },
        },
        notes: null,
        scope: 'domestic',
      },
      { id: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10', by: 'op', now },
    );
    const all = [
      ...valid(request, events),
      ...valid(
        request,
        request.update(
          {
            quantity: 6,
            notes: 'two more',
            location: { region: 'KZ-ZAP', address: 'Uralsk', coordinates: null },
          },
          now,
        ),
      ),
      ...valid(request, request.changeScope('international', 'asked on 20 April', now)),
      ...valid(
        request,
        request.recount(
          [deliverPledge(newPledge('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e10', 6), 6)!],
          { kind: 'offer-delivered', offerId: '9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e10' },
          now,
        ),
      ),
    ];
    expect(all.map((e) => e.type)).toEqual([
      'request.raised',
      'request.updated',
      'request.coverage-changed',
      'request.scope-changed',
      'request.coverage-changed',
      'request.fulfilled',
    ]);
    expect(new Set(all.map((e) => e.aggregateId))).toEqual(new Set([request.id]));
    expect(all[0].payload).toMatchObject({
      revision: 1,
      itemCode: null,
      neededBy: '2024-04-30T00:00:00.000Z',
    });
    expect(all[1].payload).toMatchObject({
      revision: 2,
      changedFields: ['quantity', 'notes', 'location'],
      region: 'KZ-ZAP',
      quantity: 6,
      previousQuantity: 4,
    });
    expect(all[2].payload).toMatchObject({
      offerId: null,
      cause: 'quantity-changed',
      previousCoverage: { requested: 4 },
      coverage: { requested: 6 },
    });
    expect(all[4].payload).toMatchObject({
      previousStatus: 'open',
      status: 'fulfilled',
      offerId: '9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e10',
      cause: 'offer-delivered',
    });
    // A person's words travel as typed, marked as such.
    expect(all[3].payload).toMatchObject({
      reason: 'asked on 20 April',
      reasonCode: 'operator',
      reasonParams: {},
    });
  });

  it('maps cancellation and closure', () => {
    const raise = () =>
      ResourceRequest.raise(
        {
          incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
          item: { code: 'RESCUE-MOTOR-BOAT', name: 'Motor boat', unit: 'piece', version: null },
          quantity: 6,
          priority: 'critical',
          neededBy: '2024-04-19',
          location: { region: 'KZ-AKT', address: null, coordinates: null },
          scope: 'domestic',
        },
        { id: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10', by: 'op', now },
      ).request;
    const cancelled = raise();
    expect(
      valid(cancelled, cancelled.cancel('Boats came from the Ministry of Defence', now))[0],
    ).toMatchObject({
      type: 'request.cancelled',
      payload: {
        status: 'cancelled',
        reason: 'Boats came from the Ministry of Defence',
        reasonCode: 'operator',
        reasonParams: {},
      },
    });
    const closed = raise();
    const closure = incidentClosure(
      'FL-2024-KZ-AKT-0007',
      'closed',
      'Water back in the river bed.',
    );
    expect(valid(closed, closed.closeWithIncident(closure, now))[0]).toMatchObject({
      type: 'request.closed',
      payload: {
        status: 'closed',
        coverage: { remaining: 6 },
        // The system reason is a code with params; the operator's words are only the note.
        reasonCode: 'incident-closed',
        reasonParams: {
          incidentReference: 'FL-2024-KZ-AKT-0007',
          note: 'Water back in the river bed.',
        },
      },
    });
    const quiet = raise();
    const silent = incidentClosure('FL-2024-KZ-AKT-0007', 'cancelled', null);
    expect(valid(quiet, quiet.closeWithIncident(silent, now))[0].payload).toMatchObject({
      reasonCode: 'incident-cancelled',
      reasonParams: { incidentReference: 'FL-2024-KZ-AKT-0007', note: null },
    });
  });
});

describe('requests of a drill (exercise or test)', () => {
  const raise = (mode?: 'actual' | 'exercise' | 'test') =>
    ResourceRequest.raise(
      {
        incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
        mode,
        item: { code: null, name: 'Mobile kitchen', unit: 'piece', version: null },
        quantity: 4,
        priority: 'normal',
        neededBy: '2024-04-30',
        location: { region: 'KZ-AKT', address: null, coordinates: null },
        notes: null,
        scope: 'domestic',
      },
      { id: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10', by: 'op', now },
    );

  it('carries its incident mode in every event, through every change', () => {
    const { request, events } = raise('exercise');
    const later = [
      ...events,
      ...request.update({ quantity: 6 }, now),
      ...request.changeScope('international', 'drill', now),
      ...request.cancel('end of drill', now),
    ];
    const payloads = toContractEvents(request, 'EQ-2024-KZ-ALA-0001', later).map(
      (e) => e.payload as { mode?: string },
    );
    expect(payloads.length).toBeGreaterThan(2);
    for (const payload of payloads) expect(payload.mode).toBe('exercise');
  });

  it('is actual when raised without a mode', () => {
    expect(raise().request.snapshot.mode).toBe('actual');
  });
});
