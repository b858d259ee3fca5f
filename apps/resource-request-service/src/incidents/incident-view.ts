import { isKnownRegion, REGION_COUNTRIES } from '@relief/contracts';
import { isEnded } from '@relief/read-models';
import { RequestException } from '../requests/request.exception';
import type { IncidentViewEntity } from './incident-view.entity';

/** What the request rules read of the incident read model (kept by @relief/read-models). */
type IncidentView = Pick<IncidentViewEntity, 'reference' | 'region' | 'status'>;

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

const REGION_FIELD = 'location.region';

/**
 * A region named for a request must be of the platform vocabulary (@relief/contracts), or its
 * incident's own: incident-service also knows regions an admin added (of other countries only),
 * and a request may always name its incident's region. Checked before the incident is required,
 * so a code of a vocabulary country (KZ-99) is a 400 even while the incident's event is still on
 * its way; another country's code waits for the incident (it may be one an admin added).
 */
export function assertKnownRegion(
  region: string | undefined,
  incident: Pick<IncidentView, 'region'> | undefined | null,
): void {
  if (region === undefined || isKnownRegion(region) || region === incident?.region) return;
  if (!incident && !REGION_COUNTRIES.includes(region.slice(0, 2))) return;
  throw RequestException.invalidField(
    'unknown_region',
    REGION_FIELD,
    'must be a known ISO 3166-2 region code such as KZ-15',
    `region ${region} is not known`,
  );
}

/**
 * A request is delivered within its incident's region: one named is checked, none means the
 * incident's. (Requests follow their incident when its region is corrected.)
 */
export function regionForRequest(
  region: string | undefined,
  incident: Pick<IncidentView, 'region' | 'reference'>,
): string {
  assertKnownRegion(region, incident);
  if (region === undefined || region === incident.region) return incident.region;
  throw RequestException.invalidField(
    'region_outside_incident',
    REGION_FIELD,
    `must be ${incident.region}, the incident's region`,
    `incident ${incident.reference} is in region ${incident.region}; a request for it cannot be delivered in ${region}`,
    { kind: 'unprocessable', details: { incidentRegion: incident.region } },
  );
}
