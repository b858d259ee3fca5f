import {
  EventTypes,
  operatorReason,
  type DomainEvent,
  type OfferSnapshotV1,
} from '@relief/contracts';
import type { Offer, OfferEvent } from './offer';

/** The contract's snapshot of an offer: every offer event carries it. */
export function offerSnapshot(offer: Offer): OfferSnapshotV1 {
  const p = offer.snapshot;
  return {
    offerId: p.id,
    revision: p.version,
    requestId: p.requestId,
    incidentId: p.incidentId,
    incidentReference: p.incidentReference,
    mode: p.mode,
    partnerCode: p.partner.code,
    partnerName: p.partner.name,
    partnerKind: p.partner.kind,
    partnerOrigin: p.partner.origin,
    itemCode: p.item.code,
    itemName: p.item.name,
    unit: p.item.unit,
    itemVersion: p.itemVersion,
    quantity: p.quantity,
    availableBy: p.expectedDeliveryDate ? `${p.expectedDeliveryDate}T00:00:00.000Z` : null,
    status: p.status,
    stockpileId: p.stockpileId,
  };
}

export function toContractEvents(offer: Offer, events: readonly OfferEvent[]): DomainEvent[] {
  const snapshot = offerSnapshot(offer);
  const p = offer.snapshot;
  // Set by the transition that produced the event; missing means a bug in the domain.
  const known = (value: number | null | undefined, what: string): number => {
    if (value === null || value === undefined) throw new Error(`offer ${p.id} has no ${what}`);
    return value;
  };
  const aggregateId = p.id;
  return events.map((event): DomainEvent => {
    switch (event.type) {
      case 'offer.published':
        return { type: EventTypes.OfferPublished, version: 1, aggregateId, payload: snapshot };
      case 'offer.updated':
        return {
          type: EventTypes.OfferUpdated,
          version: 1,
          aggregateId,
          payload: { ...snapshot, changedFields: [...event.changes] },
        };
      case 'offer.accepted':
        return {
          type: EventTypes.OfferAccepted,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            acceptedQuantity: known(p.acceptedQuantity, 'accepted quantity'),
          },
        };
      case 'offer.declined':
        return {
          type: EventTypes.OfferDeclined,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            reason: event.reason,
            acceptanceReverted: event.acceptanceReverted,
            reasonCode: event.reasonCode,
            reasonParams: { ...event.reasonParams },
          },
        };
      case 'offer.withdrawn':
        return {
          type: EventTypes.OfferWithdrawn,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            previousStatus: event.previousStatus,
            reason: event.reason,
            ...operatorReason(event.reason),
            releasedQuantity: event.releasedQuantity,
          },
        };
      case 'offer.dispatched':
        return {
          type: EventTypes.OfferDispatched,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            dispatchedQuantity: known(p.acceptedQuantity, 'accepted quantity'),
            expectedArrival: p.expectedArrival,
          },
        };
      case 'offer.delivered':
        return {
          type: EventTypes.OfferDelivered,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            acceptedQuantity: known(p.acceptedQuantity, 'accepted quantity'),
            deliveredQuantity: known(p.deliveredQuantity, 'delivered quantity'),
            // What fell short of the acceptance: the request offers it again.
            shortfallQuantity: Math.max(
              0,
              known(p.acceptedQuantity, 'accepted quantity') -
                known(p.deliveredQuantity, 'delivered quantity'),
            ),
          },
        };
    }
  });
}
