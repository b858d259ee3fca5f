import type { AuthUser } from '@relief/auth';
import { buildEnvelope } from '@relief/messaging';
import type { RequestView } from '../requests/request-view';
import { Offer, type OfferEvent } from './offer';
import { toContractEvents } from './offer-events';
import { rejectionParams } from './offers.service';

const now = new Date('2024-04-18T09:00:00Z');
const unicef: AuthUser = { sub: 'dana', roles: ['agency'], org: 'unicef' };
const operator: AuthUser = { sub: 'aliya', roles: ['operator'] };
const request: RequestView = {
  requestId: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10',
  revision: 1,
  incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
  incidentReference: 'FL-2024-KZ-AKT-0007',
  mode: 'actual',
  region: 'KZ-AKT',
  itemCode: 'WASH-HYGIENE-KIT',
  itemName: 'Sanitary and hygiene kit',
  unit: 'kit',
  itemVersion: 1,
  quantity: 400,
  priority: 'high',
  neededBy: '2024-04-25T00:00:00.000Z',
  scope: 'international',
  status: 'open',
  pledged: 0,
  delivered: 0,
  remaining: 400,
};

function publish(id: string): Offer {
  return Offer.publish(
    {
      partner: { code: 'UNICEF', name: 'UNICEF', kind: 'un-agency', origin: 'international' },
      target: { kind: 'request', request, requestId: request.requestId, available: 400 },
      quantity: 400,
      expectedDeliveryDate: '2024-04-22',
    },
    { id, by: unicef, now, ministryCode: 'MES-KZ' },
  ).offer;
}

/** Every event an offer can emit, mapped and validated exactly as the outbox will. */
describe('offer events as contract events', () => {
  const valid = (offer: Offer, events: OfferEvent[]) =>
    toContractEvents(offer, events).map(
      (e) => buildEnvelope(e, { producer: 'partner-offer-service' }).envelope,
    );

  it('maps the whole life of an offer to valid envelopes keyed by the offer', () => {
    const offer = publish('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e10');
    const all = [
      ...valid(offer, [{ type: 'offer.published' }]),
      ...valid(offer, offer.edit(unicef, { quantity: 350, note: 'Almaty warehouse' }, now)),
      ...valid(offer, offer.accept(operator, 300, { request, available: 400 }, now)),
    ];
    offer.confirmPledge();
    all.push(...valid(offer, offer.dispatch(unicef, '2024-04-21T12:00:00.000Z', now)));
    all.push(...valid(offer, offer.reportDelivery(unicef, 280, null, now)));
    all.push(...valid(offer, offer.confirmDelivery(operator, undefined, now)));
    expect(all.map((e) => [e.type, e.payload])).toEqual([
      [
        'offer.published',
        expect.objectContaining({
          revision: 1,
          status: 'published',
          availableBy: '2024-04-22T00:00:00.000Z',
          // The request's kit version: the offer records it and every event carries it.
          itemVersion: 1,
        }),
      ],
      [
        'offer.updated',
        expect.objectContaining({ changedFields: ['quantity', 'note'], quantity: 350 }),
      ],
      [
        'offer.accepted',
        expect.objectContaining({ acceptedQuantity: 300, partnerOrigin: 'international' }),
      ],
      [
        'offer.dispatched',
        expect.objectContaining({
          dispatchedQuantity: 300,
          expectedArrival: '2024-04-21T12:00:00.000Z',
        }),
      ],
      [
        'offer.updated',
        expect.objectContaining({ changedFields: ['reportedQuantity', 'deliveryNote'] }),
      ],
      [
        'offer.delivered',
        expect.objectContaining({
          acceptedQuantity: 300,
          deliveredQuantity: 280,
          shortfallQuantity: 20,
          revision: 6,
        }),
      ],
    ]);
  });

  it('maps declines, reverted acceptances and withdrawals', () => {
    const declined = publish('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e11');
    expect(
      valid(declined, declined.decline(operator, 'Not to standard', now))[0].payload,
    ).toMatchObject({
      reason: 'Not to standard',
      acceptanceReverted: false,
      reasonCode: 'operator',
      reasonParams: {},
    });
    const ended = publish('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e14');
    expect(valid(ended, ended.declineBecauseRequestEnded('closed', now))[0].payload).toMatchObject({
      reasonCode: 'request-closed',
      reasonParams: {},
    });
    const reverted = publish('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e12');
    reverted.accept(operator, 100, { request, available: 400 }, now);
    const rejection = {
      reason: 'acceptance reverted',
      reasonCode: 'quantity-exceeds-remaining' as const,
      reasonParams: { quantity: 100, remaining: 40, unit: 'kit' },
    };
    expect(valid(reverted, reverted.revertAcceptance(rejection, now))[0].payload).toMatchObject({
      status: 'declined',
      acceptanceReverted: true,
      reasonCode: 'quantity-exceeds-remaining',
      reasonParams: { quantity: 100, remaining: 40, unit: 'kit' },
    });
    const withdrawn = publish('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e13');
    withdrawn.accept(operator, 100, { request, available: 400 }, now);
    expect(valid(withdrawn, withdrawn.withdraw(unicef, null, now))[0].payload).toMatchObject({
      status: 'withdrawn',
      previousStatus: 'accepted',
      reason: null,
      reasonCode: null,
      reasonParams: null,
      releasedQuantity: 100,
    });
    const typed = publish('9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e15');
    expect(valid(typed, typed.withdraw(unicef, 'stock redirected', now))[0].payload).toMatchObject({
      reasonCode: 'operator',
      reasonParams: {},
      releasedQuantity: null,
    });
  });
});

describe('the params of a rejected acceptance', () => {
  const rejection = {
    requestId: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10',
    offerId: '9f4e2d61-3b7a-4f0c-8e2d-6a5b4c3d2e10',
    incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
    partnerCode: 'UNICEF',
    acceptedQuantity: 300,
    remainingQuantity: 200,
    reason: 'quantity-exceeds-remaining' as const,
    detail: 'only 200 kit remain to be pledged',
  };

  it('are those the rejection carries', () => {
    const reasonParams = { quantity: 300, remaining: 200, unit: 'tent' };
    expect(rejectionParams({ ...rejection, reasonParams }, 'kit')).toEqual(reasonParams);
  });

  it('come from its fields for an event from before reasonParams (never its English detail)', () => {
    expect(rejectionParams(rejection, 'kit')).toEqual({
      quantity: 300,
      remaining: 200,
      unit: 'kit',
    });
    expect(rejectionParams({ ...rejection, reason: 'request-domestic-only' }, 'kit')).toEqual({});
  });
});
