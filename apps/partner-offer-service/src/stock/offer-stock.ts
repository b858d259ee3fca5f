import type { OfferProps } from '../offers/offer';
import type { StockMovementKind } from '@relief/contracts';

type OfferHold = Pick<OfferProps, 'status' | 'quantity' | 'acceptedQuantity'>;

/** What an offer made from stock holds there: the offered quantity while published, the accepted one while accepted. */
export function stockHeldBy(offer: OfferHold): number {
  switch (offer.status) {
    case 'published':
      return offer.quantity;
    case 'accepted':
      return offer.acceptedQuantity ?? 0;
    case 'declined':
    case 'withdrawn':
    case 'dispatched':
    case 'delivered':
      return 0;
  }
}

/**
 * The stock movement an offer's change makes: dispatching sends what it held; otherwise the
 * difference of what it holds is reserved (more) or released (less). Delivery moves no stock: it
 * left at dispatch, and a shortfall is a matter of the request's coverage.
 */
export function stockMovementOf(
  before: OfferHold,
  after: OfferHold,
): { kind: StockMovementKind; quantity: number; reason: string | null } | undefined {
  const held = stockHeldBy(before);
  if (after.status === 'dispatched' && before.status !== 'dispatched') {
    return held > 0 ? { kind: 'dispatched', quantity: held, reason: null } : undefined;
  }
  const change = stockHeldBy(after) - held;
  if (change > 0) return { kind: 'reserved', quantity: change, reason: null };
  if (change < 0) {
    const reason =
      after.status === 'accepted'
        ? 'offer accepted in part'
        : after.status === 'published'
          ? 'offer quantity lowered'
          : `offer ${after.status}`;
    return { kind: 'released', quantity: -change, reason };
  }
  return undefined;
}
