import fc from 'fast-check';
import { coverage, coverageOf, statusOf, type Pledge, type PledgeState } from './coverage';

const pledge = (state: PledgeState, quantity: number, deliveredQuantity = 0): Pledge => ({
  offerId: `${state}-${quantity}-${deliveredQuantity}`,
  state,
  quantity,
  deliveredQuantity,
});

describe('coverage arithmetic', () => {
  it('is empty without pledges', () => {
    expect(coverageOf(400, [])).toEqual({
      requested: 400,
      pledged: 0,
      delivered: 0,
      remaining: 400,
    });
  });

  it('counts pledged and dispatched offers, ignores released and rejected ones', () => {
    const c = coverageOf(400, [
      pledge('pledged', 100),
      pledge('dispatched', 50),
      pledge('released', 70),
      pledge('rejected', 300),
    ]);
    expect(c).toEqual({ requested: 400, pledged: 150, delivered: 0, remaining: 250 });
  });

  it('counts what a delivered offer actually brought; a shortfall frees that part of the need', () => {
    const c = coverageOf(400, [pledge('delivered', 300, 250), pledge('pledged', 100)]);
    expect(c).toEqual({ requested: 400, pledged: 350, delivered: 250, remaining: 50 });
  });

  it('never reports a negative remaining', () => {
    expect(coverage(100, 120, 0).remaining).toBe(0);
  });

  it.each([
    [coverage(400, 0, 0), 'open'],
    [coverage(400, 100, 0), 'partially-pledged'],
    [coverage(400, 400, 0), 'pledged'],
    [coverage(400, 400, 1), 'partially-delivered'],
    [coverage(400, 300, 300), 'partially-delivered'],
    [coverage(400, 400, 400), 'fulfilled'],
  ] as const)('%j is %s', (c, status) => {
    expect(statusOf(c)).toBe(status);
  });

  it('keeps delivered ≤ pledged and pledged + remaining ≥ requested for any ledger', () => {
    const states: PledgeState[] = ['pledged', 'dispatched', 'delivered', 'released', 'rejected'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(
          fc.record({
            state: fc.constantFrom(...states),
            quantity: fc.integer({ min: 1, max: 1_000 }),
            share: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
        ),
        (requested, entries) => {
          const ledger = entries.map((e) =>
            pledge(
              e.state,
              e.quantity,
              e.state === 'delivered' ? Math.floor(e.quantity * e.share) : 0,
            ),
          );
          const c = coverageOf(requested, ledger);
          expect(c.delivered).toBeLessThanOrEqual(c.pledged);
          expect(c.pledged + c.remaining).toBeGreaterThanOrEqual(requested);
          expect(c.remaining).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
