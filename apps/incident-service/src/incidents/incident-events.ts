import {
  EventTypes,
  operatorReason,
  type DomainEvent,
  type IncidentSnapshotV1,
} from '@relief/contracts';
import type { DescriptionField, IncidentEvent, IncidentState } from './incident';

/** What every incident event carries, so consumers never call incident-service back. */
export function incidentSnapshot(state: Readonly<IncidentState>): IncidentSnapshotV1 {
  return {
    incidentId: state.id,
    revision: state.version,
    reference: state.reference,
    mode: state.mode,
    title: state.title,
    description: state.description,
    hazard: state.hazard,
    region: state.region,
    areaDescription: [state.settlement, state.district].filter(Boolean).join(', ') || null,
    location: state.location ? { ...state.location } : null,
    severity: state.severity,
    urgency: state.urgency,
    certainty: state.certainty,
    status: state.status,
    figures: { ...state.figures },
    occurredAt: state.occurredAt.toISOString(),
    reportedBy: state.reportedBy,
  };
}

/** Domain field → the snapshot field consumers see change. */
const SNAPSHOT_FIELD: Record<DescriptionField, keyof IncidentSnapshotV1> = {
  title: 'title',
  description: 'description',
  hazard: 'hazard',
  region: 'region',
  district: 'areaDescription',
  settlement: 'areaDescription',
  location: 'location',
  severity: 'severity',
  urgency: 'urgency',
  certainty: 'certainty',
  occurredAt: 'occurredAt',
};

/**
 * Turns what the domain says happened into versioned events for the outbox: one per domain
 * event, in order, each with the incident as it is after the write.
 */
export function toContractEvents(
  state: Readonly<IncidentState>,
  events: readonly IncidentEvent[],
): DomainEvent[] {
  const snapshot = incidentSnapshot(state);
  const aggregateId = state.id;
  return events.map((change): DomainEvent => {
    switch (change.type) {
      case 'incident.reported':
        return { type: EventTypes.IncidentReported, version: 1, aggregateId, payload: snapshot };
      case 'incident.updated':
        return {
          type: EventTypes.IncidentUpdated,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            changedFields: [...new Set(change.changedFields.map((f) => SNAPSHOT_FIELD[f]))],
          },
        };
      case 'incident.severity-changed':
        return {
          type: EventTypes.IncidentSeverityChanged,
          version: 1,
          aggregateId,
          payload: { ...snapshot, previousSeverity: change.previousSeverity },
        };
      case 'incident.status-changed':
        return {
          type: EventTypes.IncidentStatusChanged,
          version: 1,
          aggregateId,
          payload: { ...snapshot, previousStatus: change.previousStatus },
        };
      case 'incident.closed':
        return {
          type: EventTypes.IncidentClosed,
          version: 1,
          aggregateId,
          // Always a person's words (cancelling requires them): marked as typed, shown as typed.
          payload: {
            ...snapshot,
            previousStatus: change.previousStatus,
            reason: change.reason,
            ...operatorReason(change.reason),
          },
        };
      case 'incident.situation-updated':
        return {
          type: EventTypes.IncidentSituationUpdated,
          version: 1,
          aggregateId,
          payload: {
            ...snapshot,
            previousFigures: { ...change.previousFigures },
            summary: change.summary,
          },
        };
    }
  });
}
