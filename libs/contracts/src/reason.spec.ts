import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decodeEvent, describeErrors } from './decode-event';
import { EVENT_EXAMPLES } from './event-examples';
import { OfferDeclinedV1, OfferDeliveredV1, OfferWithdrawnV1 } from './events/offer.events';
import { operatorReason, systemReason, type Reason } from './events/reason';
import { RequestClosedV1, RequestUpdatedV1 } from './events/request.events';
import { COVERAGE_CHANGE_CAUSES, OFFER_REJECTION_REASONS, REASON_CODES } from './vocabulary';

const STRICT = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
function errorsOf(cls: new () => object, plain: object): string {
  return describeErrors(validateSync(plainToInstance(cls, plain), STRICT));
}

function envelope(type: string, payload: object): string {
  return JSON.stringify({
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    type,
    version: 1,
    occurredAt: '2024-04-02T06:00:00.000Z',
    aggregateId: (payload as { requestId?: string; offerId?: string }).requestId,
    correlationId: 'c-1',
    causationId: null,
    producer: 'test',
    payload,
  });
}

describe('reason codes (issue 17: system reasons travel as codes with params)', () => {
  it('are one closed vocabulary that includes every acceptance rejection', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
    for (const code of OFFER_REJECTION_REASONS) expect(REASON_CODES).toContain(code);
    expect(REASON_CODES).toEqual(
      expect.arrayContaining([
        'operator',
        'incident-closed',
        'incident-cancelled',
        'request-cancelled',
        'request-closed',
        'request-fulfilled',
      ]),
    );
  });

  it('types each code with its params', () => {
    const closed: Reason = systemReason('incident-cancelled', {
      incidentReference: 'EQ-2026-KZ-ALM-0004',
      note: 'false report',
    });
    const short: Reason = systemReason('quantity-exceeds-remaining', {
      quantity: 300,
      remaining: 200,
      unit: 'tent',
    });
    // @ts-expect-error quantity-exceeds-remaining needs its remaining and unit
    systemReason('quantity-exceeds-remaining', { quantity: 1 });
    expect([closed.reasonCode, short.reasonCode]).toEqual([
      'incident-cancelled',
      'quantity-exceeds-remaining',
    ]);
    expect(operatorReason('typed by a person')).toEqual({
      reasonCode: 'operator',
      reasonParams: {},
    });
    expect(operatorReason(null)).toEqual({ reasonCode: null, reasonParams: null });
  });

  it('validates a code and its params, and refuses a code outside the vocabulary', () => {
    const closed = EVENT_EXAMPLES['request.closed'];
    expect(errorsOf(RequestClosedV1, closed)).toBe('');
    expect(errorsOf(RequestClosedV1, { ...closed, reasonCode: 'the request was closed' })).toMatch(
      /^reasonCode: /,
    );
    expect(
      errorsOf(RequestClosedV1, { ...closed, reasonParams: { incidentReference: 'nope' } }),
    ).toMatch(/^reasonParams\.incidentReference: /);
    const declined = EVENT_EXAMPLES['offer.declined'];
    expect(
      errorsOf(OfferDeclinedV1, {
        ...declined,
        reasonCode: 'quantity-exceeds-remaining',
        reasonParams: { quantity: 300, remaining: -1, unit: 'tent' },
      }),
    ).toMatch(/^reasonParams\.remaining: /);
  });

  it('keeps v1: events from before the codes (no reasonCode, no new fields) still decode', () => {
    const { reasonCode, reasonParams, ...old } = EVENT_EXAMPLES['request.closed'];
    expect([reasonCode, reasonParams]).toBeDefined();
    const decoded = decodeEvent(envelope('request.closed', old));
    expect(decoded.ok).toBe(true);
    const { previousQuantity, ...oldUpdate } = EVENT_EXAMPLES['request.updated'];
    expect(previousQuantity).toBe(600);
    expect(decodeEvent(envelope('request.updated', oldUpdate)).ok).toBe(true);
  });

  it('tells coverage changes: released, short and previous quantities, and the cause', () => {
    expect(errorsOf(OfferWithdrawnV1, EVENT_EXAMPLES['offer.withdrawn'])).toBe('');
    expect(EVENT_EXAMPLES['offer.withdrawn']).toMatchObject({
      previousStatus: 'accepted',
      releasedQuantity: 300,
    });
    expect(
      errorsOf(OfferWithdrawnV1, { ...EVENT_EXAMPLES['offer.withdrawn'], releasedQuantity: 0 }),
    ).toMatch(/^releasedQuantity: /);
    const delivered = EVENT_EXAMPLES['offer.delivered'];
    expect(delivered.shortfallQuantity).toBe(
      delivered.acceptedQuantity - delivered.deliveredQuantity,
    );
    expect(errorsOf(OfferDeliveredV1, { ...delivered, shortfallQuantity: -1 })).toMatch(
      /^shortfallQuantity: /,
    );
    const updated = EVENT_EXAMPLES['request.updated'];
    expect(updated.changedFields).toContain('quantity');
    expect(updated.previousQuantity).toBeGreaterThan(updated.quantity);
    expect(errorsOf(RequestUpdatedV1, { ...updated, previousQuantity: 0 })).toMatch(
      /^previousQuantity: /,
    );
    expect(COVERAGE_CHANGE_CAUSES).toContain(EVENT_EXAMPLES['request.coverage-changed'].cause);
  });
});
