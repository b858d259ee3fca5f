import type { IncidentSnapshotV1, IncidentStatus } from '@relief/contracts';
import { RequestException } from '../requests/request.exception';

/** What this service knows of an incident: the newest snapshot seen on incident.events. */
export interface IncidentView {
  id: string;
  reference: string;
  title: string;
  region: string;
  status: IncidentStatus;
  /** envelope.occurredAt of the newest event applied (incident snapshots carry no revision). */
  lastEventAt: Date;
}

export function isEnded(status: IncidentStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

/**
 * The view after an incident event, or `undefined` when the event is older than what we have.
 * Incident events are keyed by incident, so Kafka delivers them in order; this guards replays.
 * A closed incident stays closed whatever older news arrives.
 */
export function applyIncidentSnapshot(
  current: IncidentView | undefined,
  snapshot: IncidentSnapshotV1,
  occurredAt: Date,
): IncidentView | undefined {
  if (current && occurredAt.getTime() < current.lastEventAt.getTime()) return undefined;
  const status =
    current && isEnded(current.status) && !isEnded(snapshot.status)
      ? current.status
      : snapshot.status;
  return {
    id: snapshot.incidentId,
    reference: snapshot.reference,
    title: snapshot.title,
    region: snapshot.region,
    status,
    lastEventAt: occurredAt,
  };
}

/** A request may be raised only against an incident this service knows and that is not over. */
export function assertAcceptsRequests(
  view: Pick<IncidentView, 'status' | 'reference'> | undefined | null,
  incidentId: string,
): asserts view is Pick<IncidentView, 'status' | 'reference'> {
  if (!view) {
    throw new RequestException(
      'unprocessable',
      'incident_unknown',
      `incident ${incidentId} is not known to the request service yet; if it was just reported, retry in a few seconds`,
      { retryAfterSeconds: 5, incidentId },
    );
  }
  if (isEnded(view.status)) {
    throw new RequestException(
      'conflict',
      'incident_closed',
      `incident ${view.reference} is ${view.status}; no new requests can be raised for it`,
      { incidentId, status: view.status },
    );
  }
}
