import type { IncidentMode, IncidentStatus } from '@relief/contracts';
import { isEnded } from '@relief/read-models';
import { OfferException } from '../offers/offer.exception';

/** What an unsolicited offer reads of the incident read model (kept by @relief/read-models). */
export interface IncidentView {
  incidentId: string;
  reference: string;
  title: string;
  region: string;
  status: IncidentStatus;
  mode: IncidentMode;
  /** The envelope's `occurredAt` of the newest event applied. */
  lastEventAt: Date;
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
