import type {
  IncidentMode,
  PartnerOrigin,
  RequestPriority,
  RequestScope,
  RequestStatus,
} from '@relief/contracts';
import { OfferException } from '../offers/offer.exception';

/**
 * What this service knows of a resource request: the newest snapshot it has seen on
 * `request.events`. `quantity` is what the ministry asks for; `pledged`/`delivered` are the
 * request service's count, for display. Room for new acceptances is computed here from our own
 * offers (see `availableFor`), because they are always at least as fresh as the request's count.
 */
export interface RequestView {
  requestId: string;
  revision: number;
  incidentId: string;
  incidentReference: string;
  /** Its incident's mode: offers against it inherit it. */
  mode: IncidentMode;
  region: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  /** The kit composition version the request names; null when none (or not recorded). */
  itemVersion: number | null;
  quantity: number;
  priority: RequestPriority;
  /** ISO timestamp (midnight UTC of the day). */
  neededBy: string;
  scope: RequestScope;
  status: RequestStatus;
  pledged: number;
  delivered: number;
  remaining: number;
}

/** Statuses in which a request takes no new offers and no new acceptances. */
export const CLOSED_FOR_OFFERS: readonly RequestStatus[] = ['fulfilled', 'cancelled', 'closed'];

/** An older or repeated snapshot changes nothing. */
export function isNewer(
  current: Pick<RequestView, 'revision'> | undefined,
  revision: number,
): boolean {
  return !current || revision > current.revision;
}

/** What is left to accept: the requested quantity minus what our own live acceptances hold. */
export function availableFor(view: Pick<RequestView, 'quantity'>, pledgedHere: number): number {
  return Math.max(0, view.quantity - pledgedHere);
}

export function mayAnswer(scope: RequestScope, origin: PartnerOrigin): boolean {
  return scope === 'international' || origin === 'domestic';
}

/** May a partner of this origin publish an offer against the request now? */
export function assertOfferable(
  view: RequestView | undefined,
  requestId: string,
  origin: PartnerOrigin,
  available: number,
): asserts view is RequestView {
  if (!view) {
    throw new OfferException(
      'unprocessable',
      'request_unknown',
      `request ${requestId} is not known here yet; if it was raised a moment ago, retry in a few seconds`,
      { retryAfterSeconds: 5 },
    );
  }
  assertOpen(view);
  if (!mayAnswer(view.scope, origin)) {
    throw new OfferException(
      'forbidden',
      'request_domestic_only',
      `request ${requestId} is open to domestic partners only; international assistance has not been requested`,
    );
  }
  if (available <= 0) {
    throw new OfferException(
      'conflict',
      'request_fully_pledged',
      `request ${requestId} is fully pledged; nothing remains to offer`,
    );
  }
}

export function assertOpen(view: RequestView): void {
  if (CLOSED_FOR_OFFERS.includes(view.status)) {
    throw new OfferException(
      'conflict',
      'request_not_open',
      `request ${view.requestId} is ${view.status} and takes no offers`,
      { status: view.status },
    );
  }
}
