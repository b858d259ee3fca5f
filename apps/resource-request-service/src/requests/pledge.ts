import type { Pledge } from './coverage';

/**
 * How the request side follows one accepted offer through its life, from offer events.
 * Each function returns the new ledger entry, or `undefined` when the event changes nothing
 * (e.g. a withdrawal of an offer whose acceptance was rejected and never counted).
 */

export function newPledge(offerId: string, quantity: number): Pledge {
  return { offerId, state: 'pledged', quantity, deliveredQuantity: 0 };
}

export function rejectedPledge(offerId: string, quantity: number): Pledge {
  return { offerId, state: 'rejected', quantity, deliveredQuantity: 0 };
}

/** An accepted offer that is withdrawn before dispatch frees its share of the need. */
export function releasePledge(pledge: Pledge | undefined): Pledge | undefined {
  if (!pledge || (pledge.state !== 'pledged' && pledge.state !== 'dispatched')) return undefined;
  return { ...pledge, state: 'released' };
}

export function dispatchPledge(pledge: Pledge | undefined): Pledge | undefined {
  if (!pledge || pledge.state !== 'pledged') return undefined;
  return { ...pledge, state: 'dispatched' };
}

/**
 * A confirmed delivery. The offer side never confirms more than was accepted; should it ever
 * happen, only the accepted quantity is counted so coverage cannot exceed what was reserved.
 */
export function deliverPledge(pledge: Pledge | undefined, delivered: number): Pledge | undefined {
  if (!pledge || (pledge.state !== 'pledged' && pledge.state !== 'dispatched')) return undefined;
  return {
    ...pledge,
    state: 'delivered',
    deliveredQuantity: Math.max(0, Math.min(delivered, pledge.quantity)),
  };
}
