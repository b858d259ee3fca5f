import type { AuthUser } from '@relief/auth';
import fc from 'fast-check';
import type { IncidentView } from '../incidents/incident-view';
import type { RequestView } from '../requests/request-view';
import { Offer, pledgedQuantityOf, type OfferPartner, type PublishOffer } from './offer';
import { OfferException } from './offer.exception';

const now = new Date('2024-04-18T09:00:00Z');
const MINISTRY = 'MES-KZ';
const unicef: OfferPartner = {
  code: 'UNICEF',
  name: 'UNICEF',
  kind: 'un-agency',
  origin: 'international',
};
const rcs: OfferPartner = {
  code: 'RCS-KZ',
  name: 'Red Crescent Society of Kazakhstan',
  kind: 'red-cross-red-crescent',
  origin: 'domestic',
};
const agency = (org: string): AuthUser => ({
  sub: `${org}-officer`,
  roles: ['agency'],
  org: org.toLowerCase(),
});
const operator: AuthUser = { sub: 'duty-operator', roles: ['operator'] };
const admin: AuthUser = { sub: 'admin', roles: ['admin'] };

const request = (overrides: Partial<RequestView> = {}): RequestView => ({
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
  ...overrides,
});

const incident: IncidentView = {
  incidentId: '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01',
  reference: 'FL-2024-KZ-AKT-0007',
  title: 'Spring flood on the Ilek river',
  region: 'KZ-AKT',
  status: 'active',
  mode: 'actual',
  lastEventAt: now,
};

function publish(
  overrides: Partial<PublishOffer> = {},
  by: AuthUser = agency('UNICEF'),
  view: RequestView | null = request(),
  available = 400,
): Offer {
  return Offer.publish(
    {
      partner: unicef,
      target: {
        kind: 'request',
        request: view ?? undefined,
        requestId: '5d2c8a57-6c0e-4d57-8f1a-1b0c9e2f4a10',
        available,
      },
      quantity: 400,
      expectedDeliveryDate: '2024-04-22',
      ...overrides,
    },
    { id: 'offer-1', by, now, ministryCode: MINISTRY },
  ).offer;
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof OfferException) return `${error.kind}:${error.code}`;
    throw error;
  }
  throw new Error('expected an OfferException');
}

const room = (available: number, overrides: Partial<RequestView> = {}) => ({
  request: request(overrides),
  available,
});

describe('Offer', () => {
  describe('publishing', () => {
    it('publishes against a request with the request’s item and unit', () => {
      const { offer, events } = Offer.publish(
        {
          partner: unicef,
          target: {
            kind: 'request',
            request: request(),
            requestId: request().requestId,
            available: 400,
          },
          quantity: 400,
        },
        { id: 'o', by: agency('unicef'), now, ministryCode: MINISTRY },
      );
      expect(events).toEqual([{ type: 'offer.published' }]);
      expect(offer.snapshot).toMatchObject({
        status: 'published',
        version: 1,
        item: { code: 'WASH-HYGIENE-KIT', name: 'Sanitary and hygiene kit', unit: 'kit' },
        incidentReference: 'FL-2024-KZ-AKT-0007',
      });
    });

    it.each([
      [
        'an international partner on a domestic request',
        () => publish({}, agency('UNICEF'), request({ scope: 'domestic' })),
        'forbidden:request_domestic_only',
      ],
      [
        'a cancelled request',
        () => publish({}, agency('UNICEF'), request({ status: 'cancelled' })),
        'conflict:request_not_open',
      ],
      [
        'a closed request',
        () => publish({}, agency('UNICEF'), request({ status: 'closed' })),
        'conflict:request_not_open',
      ],
      [
        'a fully pledged request',
        () => publish({}, agency('UNICEF'), request({ status: 'pledged' }), 0),
        'conflict:request_fully_pledged',
      ],
      [
        'an unknown request',
        () => publish({}, agency('UNICEF'), null),
        'unprocessable:request_unknown',
      ],
      ['another unit', () => publish({ unit: 'piece' }), 'invalid:unit_mismatch'],
      ['zero quantity', () => publish({ quantity: 0 }), 'invalid:invalid_quantity'],
      [
        'a past delivery date',
        () => publish({ expectedDeliveryDate: '2024-04-01' }),
        'invalid:date_in_past',
      ],
      ['another partner’s name', () => publish({}, agency('RCS-KZ')), 'forbidden:not_your_partner'],
      ['an operator', () => publish({}, operator), 'forbidden:not_your_partner'],
    ])('refuses %s', (_case, make, expected) => {
      expect(failure(make)).toBe(expected);
    });

    it('lets a domestic partner answer a domestic request', () => {
      const offer = publish({ partner: rcs }, agency('RCS-KZ'), request({ scope: 'domestic' }));
      expect(offer.status).toBe('published');
    });

    it('publishes unsolicited offers against an open incident', () => {
      const { offer } = Offer.publish(
        {
          partner: rcs,
          target: {
            kind: 'incident',
            incident,
            incidentId: incident.incidentId,
            item: { code: null, name: 'Mobile kitchen', unit: 'piece' },
          },
          quantity: 2,
        },
        { id: 'o', by: agency('rcs-kz'), now, ministryCode: MINISTRY },
      );
      expect(offer.snapshot).toMatchObject({ requestId: null, item: { name: 'Mobile kitchen' } });
      expect(
        failure(() =>
          Offer.publish(
            {
              partner: rcs,
              target: {
                kind: 'incident',
                incident: { ...incident, status: 'closed' },
                incidentId: incident.incidentId,
                item: { code: null, name: 'x', unit: 'piece' },
              },
              quantity: 2,
            },
            { id: 'o', by: agency('rcs-kz'), now, ministryCode: MINISTRY },
          ),
        ),
      ).toBe('conflict:incident_closed');
    });
  });

  describe('the kit composition version offered', () => {
    const stock = (itemVersion: number | null) => ({
      stock: { id: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', itemVersion },
    });

    it("is the request's by default, or what the partner says", () => {
      expect(publish().snapshot).toMatchObject({ itemVersion: 1, requestItemVersion: 1 });
      expect(publish({ itemVersion: 3 }).snapshot).toMatchObject({
        itemVersion: 3,
        requestItemVersion: 1,
      });
      expect(publish({ itemVersion: null }).snapshot.itemVersion).toBeNull();
    });

    it("is the stockpile's when made from stock, shown beside the request's when they differ", () => {
      const offer = publish(stock(2));
      expect(offer.snapshot).toMatchObject({
        itemVersion: 2,
        requestItemVersion: 1,
        stockpileId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
      });
      expect(publish({ ...stock(2), itemVersion: 2 }).snapshot.itemVersion).toBe(2);
      expect(publish(stock(null)).snapshot.itemVersion).toBeNull();
    });

    it.each([
      [
        'another version than the stock holds',
        { ...stock(2), itemVersion: 1 },
        'stock_version_mismatch',
      ],
      ['null for stock of a version', { ...stock(2), itemVersion: null }, 'stock_version_mismatch'],
      ['a version of zero', { itemVersion: 0 }, 'invalid_item_version'],
      ['a fraction', { itemVersion: 1.5 }, 'invalid_item_version'],
    ])('refuses %s, naming itemVersion', (_case, overrides, code) => {
      try {
        publish(overrides);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(OfferException);
        expect(error).toMatchObject({ kind: 'invalid', code });
        expect(JSON.stringify(error)).toContain('itemVersion');
      }
    });

    it('refuses a version of a free item (no item code)', () => {
      expect(
        failure(() => publish({ itemVersion: 1 }, agency('UNICEF'), request({ itemCode: null }))),
      ).toBe('invalid:version_of_free_item');
    });

    it("records the request's version when an unsolicited offer is linked to it", () => {
      const { offer } = Offer.publish(
        {
          partner: rcs,
          target: {
            kind: 'incident',
            incident,
            incidentId: incident.incidentId,
            item: { code: 'WASH-HYGIENE-KIT', name: 'Hygiene kits', unit: 'kit' },
          },
          quantity: 50,
          itemVersion: 2,
        },
        { id: 'o', by: agency('RCS-KZ'), now, ministryCode: MINISTRY },
      );
      expect(offer.snapshot).toMatchObject({ itemVersion: 2, requestItemVersion: null });
      offer.accept(operator, 50, room(400), now);
      expect(offer.snapshot).toMatchObject({ itemVersion: 2, requestItemVersion: 1 });
    });
  });

  describe("the ministry's own offers, from its stock", () => {
    const ministry: OfferPartner = {
      code: MINISTRY,
      name: 'Ministry for Emergency Situations',
      kind: 'government',
      origin: 'domestic',
    };
    const fromStock = { stock: { id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', itemVersion: 1 } };

    it('covers a request from its stock: accepted, dispatched and reported by its operators', () => {
      const offer = publish({ partner: ministry, ...fromStock, quantity: 100 }, operator);
      expect(offer.snapshot).toMatchObject({
        partner: { code: MINISTRY },
        status: 'published',
        itemVersion: 1,
      });
      offer.accept(operator, 100, room(400), now);
      offer.confirmPledge();
      expect(offer.dispatch(admin, null, now)).toEqual([{ type: 'offer.dispatched' }]);
      offer.reportDelivery(operator, 100, null, now);
      offer.confirmDelivery(operator, undefined, now);
      expect(offer.snapshot).toMatchObject({ status: 'delivered', deliveredQuantity: 100 });
    });

    it('never without stock, nor unsolicited', () => {
      expect(failure(() => publish({ partner: ministry }, operator))).toBe(
        'invalid:stockpile_required',
      );
      expect(
        failure(() =>
          Offer.publish(
            {
              partner: ministry,
              target: {
                kind: 'incident',
                incident,
                incidentId: incident.incidentId,
                item: { code: null, name: 'Tents', unit: 'piece' },
              },
              quantity: 2,
              ...fromStock,
            },
            { id: 'o', by: operator, now, ministryCode: MINISTRY },
          ),
        ),
      ).toBe('invalid:request_required');
    });

    it("is the ministry's alone: no agency acts on it, and its operators on no partner's offer", () => {
      // An agency token that names the ministry's code is not the ministry.
      expect(failure(() => publish({ partner: ministry, ...fromStock }, agency(MINISTRY)))).toBe(
        'forbidden:not_your_partner',
      );
      const own = publish({ partner: ministry, ...fromStock, quantity: 100 }, operator);
      expect(failure(() => own.withdraw(agency('UNICEF'), null, now))).toBe(
        'forbidden:not_your_offer',
      );
      expect(failure(() => own.withdraw(agency(MINISTRY), null, now))).toBe(
        'forbidden:not_your_offer',
      );
      const partners = publish(fromStock);
      expect(failure(() => partners.withdraw(operator, null, now))).toBe(
        'forbidden:not_your_offer',
      );
      expect(failure(() => partners.edit(admin, { quantity: 1 }, now))).toBe(
        'forbidden:not_your_offer',
      );
    });
  });

  describe('accepting and declining', () => {
    it('accepts part of an offer (300 of 400)', () => {
      const offer = publish();
      expect(offer.accept(operator, 300, room(400), now)).toEqual([{ type: 'offer.accepted' }]);
      expect(offer.snapshot).toMatchObject({
        status: 'accepted',
        acceptedQuantity: 300,
        pledgeConfirmed: false,
        version: 2,
      });
      expect(offer.pledgedQuantity).toBe(300);
    });

    it('accepts the whole offer when no quantity is given', () => {
      const offer = publish({ quantity: 100 });
      offer.accept(admin, undefined, room(400), now);
      expect(offer.snapshot.acceptedQuantity).toBe(100);
    });

    it('never accepts beyond the remaining need or the offer', () => {
      expect(failure(() => publish().accept(operator, 101, room(100), now))).toBe(
        'conflict:quantity_exceeds_remaining',
      );
      expect(failure(() => publish().accept(operator, 401, room(1000), now))).toBe(
        'invalid:quantity_exceeds_offer',
      );
    });

    it('refuses when the request has ended or was narrowed to domestic meanwhile', () => {
      expect(
        failure(() => publish().accept(operator, 10, room(400, { status: 'cancelled' }), now)),
      ).toBe('conflict:request_not_open');
      expect(
        failure(() => publish().accept(operator, 10, room(400, { scope: 'domestic' }), now)),
      ).toBe('conflict:request_domestic_only');
    });

    it('is for operators and admins only', () => {
      expect(failure(() => publish().accept(agency('UNICEF'), 10, room(400), now))).toBe(
        'forbidden:ministry_only',
      );
      expect(failure(() => publish().decline(agency('UNICEF'), 'no', now))).toBe(
        'forbidden:ministry_only',
      );
    });

    it('declines with a reason, once', () => {
      const offer = publish();
      expect(offer.decline(operator, 'Kits do not meet the Sphere standard', now)).toEqual([
        {
          type: 'offer.declined',
          reason: 'Kits do not meet the Sphere standard',
          acceptanceReverted: false,
          reasonCode: 'operator',
          reasonParams: {},
        },
      ]);
      expect(failure(() => offer.decline(operator, 'again', now))).toBe('conflict:offer_declined');
      expect(failure(() => offer.accept(operator, 1, room(400), now))).toBe(
        'conflict:offer_declined',
      );
    });

    it('links an unsolicited offer to a request of its incident when accepting', () => {
      const { offer } = Offer.publish(
        {
          partner: rcs,
          target: {
            kind: 'incident',
            incident,
            incidentId: incident.incidentId,
            item: { code: null, name: 'Hygiene kits', unit: 'kit' },
          },
          quantity: 50,
        },
        { id: 'o', by: agency('RCS-KZ'), now, ministryCode: MINISTRY },
      );
      offer.accept(operator, 50, room(400), now);
      expect(offer.snapshot).toMatchObject({
        requestId: request().requestId,
        item: { code: 'WASH-HYGIENE-KIT' },
      });
    });

    it('accepts an unsolicited offer on its own, counting towards no request', () => {
      const { offer } = Offer.publish(
        {
          partner: rcs,
          target: {
            kind: 'incident',
            incident,
            incidentId: incident.incidentId,
            item: { code: null, name: 'Mobile kitchen', unit: 'piece' },
          },
          quantity: 2,
        },
        { id: 'o', by: agency('RCS-KZ'), now, ministryCode: MINISTRY },
      );
      offer.accept(operator, 2, undefined, now);
      expect(offer.snapshot).toMatchObject({
        status: 'accepted',
        requestId: null,
        pledgeConfirmed: true,
      });
    });
  });

  describe('what only the offering partner may do', () => {
    it.each([
      ['edit', (o: Offer, who: AuthUser) => o.edit(who, { quantity: 10 }, now)],
      ['withdraw', (o: Offer, who: AuthUser) => o.withdraw(who, null, now)],
      ['see', (o: Offer, who: AuthUser) => o.assertVisibleTo(who)],
    ])('%s is refused to another partner and changes nothing', (_action, act) => {
      const offer = publish();
      const before = JSON.stringify(offer.snapshot);
      expect(failure(() => act(offer, agency('RCS-KZ')))).toBe('forbidden:not_your_offer');
      expect(JSON.stringify(offer.snapshot)).toBe(before);
    });

    it('dispatch and delivery reports are refused to another partner and to operators', () => {
      const offer = publish();
      offer.accept(operator, 300, room(400), now);
      offer.confirmPledge();
      expect(failure(() => offer.dispatch(agency('RCS-KZ'), null, now))).toBe(
        'forbidden:not_your_offer',
      );
      expect(failure(() => offer.dispatch(operator, null, now))).toBe('forbidden:not_your_offer');
      offer.dispatch(agency('UNICEF'), null, now);
      expect(failure(() => offer.reportDelivery(agency('RCS-KZ'), 300, null, now))).toBe(
        'forbidden:not_your_offer',
      );
      expect(failure(() => offer.confirmDelivery(agency('UNICEF'), 300, now))).toBe(
        'forbidden:ministry_only',
      );
    });

    it('edits only while published', () => {
      const offer = publish();
      expect(
        offer.edit(agency('UNICEF'), { quantity: 350, note: 'from the Almaty warehouse' }, now),
      ).toEqual([{ type: 'offer.updated', changes: ['quantity', 'note'] }]);
      offer.accept(operator, 300, room(400), now);
      expect(failure(() => offer.edit(agency('UNICEF'), { quantity: 10 }, now))).toBe(
        'conflict:offer_accepted',
      );
    });
  });

  describe('after acceptance', () => {
    function accepted(quantity = 300): Offer {
      const offer = publish();
      offer.accept(operator, quantity, room(400), now);
      return offer;
    }

    it('cannot be dispatched before the request side confirmed the pledge', () => {
      const offer = accepted();
      expect(failure(() => offer.dispatch(agency('UNICEF'), null, now))).toBe(
        'conflict:acceptance_not_confirmed',
      );
      expect(offer.confirmPledge()).toBe(true);
      expect(offer.confirmPledge()).toBe(false);
      expect(offer.dispatch(agency('UNICEF'), '2024-04-21T12:00:00.000Z', now)).toEqual([
        { type: 'offer.dispatched' },
      ]);
    });

    it('is delivered with what the operator confirms, at most what was accepted', () => {
      const offer = accepted(300);
      offer.confirmPledge();
      offer.dispatch(agency('UNICEF'), null, now);
      expect(failure(() => offer.confirmDelivery(operator, 301, now))).toBe(
        'invalid:quantity_exceeds_accepted',
      );
      offer.reportDelivery(agency('UNICEF'), 280, '20 kits damaged in transit', now);
      expect(offer.status).toBe('dispatched');
      expect(offer.confirmDelivery(operator, undefined, now)).toEqual([
        { type: 'offer.delivered' },
      ]);
      expect(offer.snapshot).toMatchObject({ status: 'delivered', deliveredQuantity: 280 });
      expect(offer.pledgedQuantity).toBe(280);
    });

    it('may be withdrawn before dispatch, releasing its pledge, but not after', () => {
      const offer = accepted();
      expect(offer.withdraw(agency('UNICEF'), 'stock redirected', now)).toEqual([
        {
          type: 'offer.withdrawn',
          previousStatus: 'accepted',
          reason: 'stock redirected',
          releasedQuantity: 300,
        },
      ]);
      expect(offer.pledgedQuantity).toBe(0);
      // A published offer withdrawn releases nothing.
      expect(publish().withdraw(agency('UNICEF'), null, now)).toEqual([
        {
          type: 'offer.withdrawn',
          previousStatus: 'published',
          reason: null,
          releasedQuantity: null,
        },
      ]);
      const shipped = accepted();
      shipped.confirmPledge();
      shipped.dispatch(agency('UNICEF'), null, now);
      expect(failure(() => shipped.withdraw(agency('UNICEF'), null, now))).toBe(
        'conflict:offer_dispatched',
      );
    });

    it('is reverted to declined when the request side rejects the acceptance', () => {
      const offer = accepted();
      const rejection = {
        reason: 'only 50 kit remained',
        reasonCode: 'quantity-exceeds-remaining' as const,
        reasonParams: { quantity: 300, remaining: 50, unit: 'kit' },
      };
      expect(offer.revertAcceptance(rejection, now)).toEqual([
        { type: 'offer.declined', acceptanceReverted: true, ...rejection },
      ]);
      expect(offer.snapshot).toMatchObject({ status: 'declined', acceptanceReverted: true });
      expect(offer.pledgedQuantity).toBe(0);
    });

    it('ignores a rejection once withdrawn or confirmed', () => {
      const withdrawn = accepted();
      withdrawn.withdraw(agency('UNICEF'), null, now);
      expect(
        withdrawn.revertAcceptance(
          { reason: 'no room', reasonCode: 'quantity-exceeds-remaining', reasonParams: {} },
          now,
        ),
      ).toEqual([]);
      const confirmed = accepted();
      confirmed.confirmPledge();
      expect(
        confirmed.revertAcceptance(
          { reason: 'no room', reasonCode: 'quantity-exceeds-remaining', reasonParams: {} },
          now,
        ),
      ).toEqual([]);
      expect(confirmed.status).toBe('accepted');
    });
  });

  it('is declined when its request ends, unless already accepted', () => {
    const open = publish();
    // A system reason: the code is what people read; the English stays for v1 readers only.
    expect(open.declineBecauseRequestEnded('cancelled', now)).toEqual([
      {
        type: 'offer.declined',
        reason: 'the request was cancelled',
        acceptanceReverted: false,
        reasonCode: 'request-cancelled',
        reasonParams: {},
      },
    ]);
    expect(publish().declineBecauseRequestEnded('fulfilled', now)).toMatchObject([
      { reasonCode: 'request-fulfilled', reasonParams: {} },
    ]);
    const taken = publish();
    taken.accept(operator, 100, room(400), now);
    expect(taken.declineBecauseRequestEnded('closed', now)).toEqual([]);
    expect(taken.status).toBe('accepted');
  });

  it('never holds more than it accepted, nor delivers more, whatever is attempted', () => {
    const actions = [
      'accept',
      'decline',
      'withdraw',
      'confirm',
      'dispatch',
      'report',
      'deliver',
      'revert',
      'edit',
    ] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            action: fc.constantFrom(...actions),
            quantity: fc.integer({ min: -5, max: 500 }),
          }),
          { maxLength: 12 },
        ),
        (steps) => {
          const offer = publish();
          for (const step of steps) {
            const before = offer.snapshot.version;
            let events: unknown[] = [];
            try {
              switch (step.action) {
                case 'accept':
                  events = offer.accept(operator, step.quantity, room(250), now);
                  break;
                case 'decline':
                  events = offer.decline(operator, 'no', now);
                  break;
                case 'withdraw':
                  events = offer.withdraw(agency('UNICEF'), null, now);
                  break;
                case 'confirm':
                  offer.confirmPledge();
                  break;
                case 'dispatch':
                  events = offer.dispatch(agency('UNICEF'), null, now);
                  break;
                case 'report':
                  events = offer.reportDelivery(agency('UNICEF'), step.quantity, null, now);
                  break;
                case 'deliver':
                  events = offer.confirmDelivery(operator, step.quantity, now);
                  break;
                case 'revert':
                  events = offer.revertAcceptance(
                    {
                      reason: 'no room',
                      reasonCode: 'quantity-exceeds-remaining',
                      reasonParams: {},
                    },
                    now,
                  );
                  break;
                case 'edit':
                  events = offer.edit(agency('UNICEF'), { quantity: step.quantity }, now);
                  break;
              }
            } catch (error) {
              if (!(error instanceof OfferException)) throw error;
              expect(offer.snapshot.version).toBe(before);
            }
            expect(offer.snapshot.version).toBe(before + (events.length > 0 ? 1 : 0));
            const s = offer.snapshot;
            expect(offer.pledgedQuantity).toBeLessThanOrEqual(250);
            if (s.acceptedQuantity !== null)
              expect(s.acceptedQuantity).toBeLessThanOrEqual(s.quantity);
            if (s.deliveredQuantity !== null)
              expect(s.deliveredQuantity).toBeLessThanOrEqual(s.acceptedQuantity!);
            if (s.status === 'dispatched' || s.status === 'delivered')
              expect(s.pledgeConfirmed).toBe(true);
          }
        },
      ),
    );
  });

  it('holds nothing unless accepted, dispatched or delivered', () => {
    expect(
      pledgedQuantityOf({ status: 'published', acceptedQuantity: null, deliveredQuantity: null }),
    ).toBe(0);
    expect(
      pledgedQuantityOf({ status: 'withdrawn', acceptedQuantity: 300, deliveredQuantity: null }),
    ).toBe(0);
    expect(
      pledgedQuantityOf({ status: 'dispatched', acceptedQuantity: 300, deliveredQuantity: null }),
    ).toBe(300);
  });
});

describe('an offer of a drill (exercise or test)', () => {
  it('inherits the mode of its request, and carries it in its events', () => {
    const offer = publish({}, agency('UNICEF'), request({ mode: 'exercise' }));
    expect(offer.snapshot.mode).toBe('exercise');
    expect(publish().snapshot.mode).toBe('actual');
  });

  it('inherits the mode of its incident when unsolicited', () => {
    const { offer } = Offer.publish(
      {
        partner: unicef,
        target: {
          kind: 'incident',
          incident: { ...incident, mode: 'test' },
          incidentId: incident.incidentId,
          item: { code: null, name: 'Tarpaulin', unit: 'piece' },
        },
        quantity: 10,
      },
      { id: 'offer-2', by: agency('UNICEF'), now, ministryCode: MINISTRY },
    );
    expect(offer.snapshot.mode).toBe('test');
  });
});
