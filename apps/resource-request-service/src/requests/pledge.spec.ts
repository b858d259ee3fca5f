import { deliverPledge, dispatchPledge, newPledge, rejectedPledge, releasePledge } from './pledge';

describe('pledge ledger', () => {
  const accepted = newPledge('offer-1', 300);

  it('follows an accepted offer to delivery', () => {
    const dispatched = dispatchPledge(accepted);
    expect(dispatched?.state).toBe('dispatched');
    expect(deliverPledge(dispatched, 250)).toEqual({
      offerId: 'offer-1',
      state: 'delivered',
      quantity: 300,
      deliveredQuantity: 250,
    });
  });

  it('may be delivered straight from pledged', () => {
    expect(deliverPledge(accepted, 300)?.state).toBe('delivered');
  });

  it('never counts more than was accepted', () => {
    expect(deliverPledge(accepted, 500)?.deliveredQuantity).toBe(300);
  });

  it('releases a pledge that is withdrawn', () => {
    expect(releasePledge(accepted)?.state).toBe('released');
  });

  it('ignores events about pledges it never counted or already closed', () => {
    const rejected = rejectedPledge('offer-2', 100);
    expect(releasePledge(undefined)).toBeUndefined();
    expect(releasePledge(rejected)).toBeUndefined();
    expect(dispatchPledge(rejected)).toBeUndefined();
    expect(deliverPledge(rejected, 100)).toBeUndefined();
    const delivered = deliverPledge(accepted, 300);
    expect(releasePledge(delivered)).toBeUndefined();
    expect(deliverPledge(delivered, 300)).toBeUndefined();
  });
});
