import type { IncidentStatus } from '@relief/contracts';
import { OfferException } from '../offers/offer.exception';

/** What this service knows of an incident, from `incident.events` (for unsolicited offers). */
export interface IncidentView {
  incidentId: string;
  reference: string;
  title: string;
  region: string;
  status: IncidentStatus;
  /** `occurredAt` of the newest event applied: incident snapshots carry no revision. */
  lastEventAt: Date;
}

export function isEnded(status: IncidentStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

/** Incident events are keyed by incident, so they arrive in order; this only guards replays. */
export function isNewerIncidentEvent(current: IncidentView | undefined, occurredAt: Date): boolean {
  return !current || occurredAt.getTime() >= current.lastEventAt.getTime();
}

export function assertOfferableIncident(
  view: IncidentView | undefined,
  incidentId: string,
): asserts view is IncidentView {
  if (!view) {
    throw new OfferException(
      'unprocessable',
      'incident_unknown',
      `incident ${incidentId} is not known here yet; if it was reported a moment ago, retry in a few seconds`,
      { retryAfterSeconds: 5 },
    );
  }
  if (isEnded(view.status)) {
    throw new OfferException(
      'conflict',
      'incident_closed',
      `incident ${incidentId} is ${view.status}`,
    );
  }
}
