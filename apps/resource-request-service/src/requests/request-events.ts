import {
  EventTypes,
  operatorReason,
  type DomainEvent,
  type RequestCoverageV1,
  type RequestSnapshotV1,
} from '@relief/contracts';
import type { RequestEvent, ResourceRequest } from './resource-request';

/** The contract's snapshot of a request: every request event carries it. */
export function requestSnapshot(
  request: ResourceRequest,
  incidentReference: string,
): RequestSnapshotV1 {
  const p = request.snapshot;
  return {
    requestId: p.id,
    revision: p.version,
    incidentId: p.incidentId,
    incidentReference,
    mode: p.mode,
    region: p.location.region,
    itemCode: p.item.code,
    itemName: p.item.name,
    unit: p.item.unit,
    itemVersion: p.item.version,
    quantity: p.quantity,
    priority: p.priority,
    neededBy: `${p.neededBy}T00:00:00.000Z`,
    scope: p.scope,
    status: p.status,
    notes: p.notes,
    coverage: { ...request.coverage } satisfies RequestCoverageV1,
  };
}

/** Turns what the domain says happened into versioned events for the outbox. */
export function toContractEvents(
  request: ResourceRequest,
  incidentReference: string,
  events: readonly RequestEvent[],
): DomainEvent[] {
  const snapshot = requestSnapshot(request, incidentReference);
  const aggregateId = request.id;
  return events.map((event): DomainEvent => {
    switch (event.type) {
      case 'request.raised':
        return { type: EventTypes.RequestRaised, version: 1, aggregateId, payload: snapshot };
      case 'request.updated':
        return {
          type: EventTypes.RequestUpdated,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            changedFields: [...event.changes],
            previousQuantity: event.previousQuantity,
          },
        };
      case 'request.scope-changed':
        return {
          type: EventTypes.RequestScopeChanged,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            previousScope: event.from,
            reason: event.reason,
            ...operatorReason(event.reason),
          },
        };
      case 'request.coverage-changed':
        return {
          type: EventTypes.RequestCoverageChanged,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            previousCoverage: { ...event.previous },
            previousStatus: event.previousStatus,
            offerId: event.cause.kind === 'quantity-changed' ? null : event.cause.offerId,
            cause: event.cause.kind,
          },
        };
      case 'request.fulfilled':
        return { type: EventTypes.RequestFulfilled, version: 1, aggregateId, payload: snapshot };
      case 'request.cancelled':
        return {
          type: EventTypes.RequestCancelled,
          version: 1,
          aggregateId,
          payload: { ...snapshot, reason: event.reason, ...operatorReason(event.reason) },
        };
      case 'request.closed':
        return {
          type: EventTypes.RequestClosed,
          version: 1,
          aggregateId,
          // `reason` stays the English words for v1 readers; templates word the code.
          payload: {
            ...snapshot,
            reason: event.reason,
            reasonCode: event.reasonCode,
            reasonParams: { ...event.reasonParams },
          },
        };
    }
  });
}
