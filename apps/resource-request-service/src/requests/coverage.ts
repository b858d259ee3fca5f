/**
 * Coverage of one resource request: how much of the need is promised and how much has arrived.
 * Pure arithmetic over the request's pledge ledger (one entry per accepted offer), so it can be
 * recomputed from scratch at any time and always agrees with the offers it was built from.
 */

/** What happened to one accepted offer, as the request side counts it. */
export type PledgeState =
  /** accepted and counted */
  | 'pledged'
  /** on its way; still counted as pledged */
  | 'dispatched'
  /** arrived; counts its delivered quantity as both pledged and delivered */
  | 'delivered'
  /** the offer was withdrawn after acceptance; no longer counted */
  | 'released'
  /** the acceptance did not fit (no room, request cancelled/closed/domestic); never counted */
  | 'rejected';

export interface Pledge {
  offerId: string;
  state: PledgeState;
  /** Quantity the ministry accepted. */
  quantity: number;
  /** Quantity confirmed as delivered (0 until delivered). */
  deliveredQuantity: number;
}

export interface Coverage {
  requested: number;
  /** Sum over accepted offers not withdrawn; a delivered offer counts what actually arrived. */
  pledged: number;
  /** Sum of confirmed deliveries. */
  delivered: number;
  /** requested − pledged, never below 0: what partners may still offer. */
  remaining: number;
}

export type CoverageStatus =
  'open' | 'partially-pledged' | 'pledged' | 'partially-delivered' | 'fulfilled';

/** Pledges that count towards coverage. */
export function isCounted(state: PledgeState): boolean {
  return state === 'pledged' || state === 'dispatched' || state === 'delivered';
}

/** Adds up a ledger. A delivered pledge counts what arrived: a shortfall frees that part of the need. */
export function coverageOf(requested: number, pledges: readonly Pledge[]): Coverage {
  let pledged = 0;
  let delivered = 0;
  for (const pledge of pledges) {
    if (!isCounted(pledge.state)) continue;
    if (pledge.state === 'delivered') {
      pledged += pledge.deliveredQuantity;
      delivered += pledge.deliveredQuantity;
    } else {
      pledged += pledge.quantity;
    }
  }
  return coverage(requested, pledged, delivered);
}

export function coverage(requested: number, pledged: number, delivered: number): Coverage {
  return { requested, pledged, delivered, remaining: Math.max(0, requested - pledged) };
}

/**
 * The status a coverage implies: delivery outranks pledging, so a fully pledged request that has
 * received its first delivery is `partially-delivered`.
 */
export function statusOf(c: Coverage): CoverageStatus {
  if (c.requested > 0 && c.delivered >= c.requested) return 'fulfilled';
  if (c.delivered > 0) return 'partially-delivered';
  if (c.pledged >= c.requested && c.requested > 0) return 'pledged';
  if (c.pledged > 0) return 'partially-pledged';
  return 'open';
}

export function sameCoverage(a: Coverage, b: Coverage): boolean {
  return (
    a.requested === b.requested &&
    a.pledged === b.pledged &&
    a.delivered === b.delivered &&
    a.remaining === b.remaining
  );
}
