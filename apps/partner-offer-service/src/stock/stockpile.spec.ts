import type { AuthUser } from '@relief/auth';
import { Stockpile, ownerCodeOf, assertMovementReason, type NewStockpile } from './stockpile';
import { stockMovementOf } from './offer-stock';

const now = new Date('2026-04-01T08:00:00Z');
const dana: AuthUser = { sub: 'dana', roles: ['agency'], org: 'unicef' };
const aigerim: AuthUser = { sub: 'aigerim', roles: ['agency'], org: 'RCS-KZ' };
const aliya: AuthUser = { sub: 'aliya', roles: ['operator'] };
const nobody: AuthUser = { sub: 'x', roles: [] };
const UNICEF = { code: 'UNICEF', name: "United Nations Children's Fund" };
const kits: NewStockpile = {
  region: 'KZ-19',
  warehouse: 'UNICEF warehouse, Qonaev',
  itemCode: 'WASH-HYGIENE-KIT',
  itemVersion: 2,
  unit: 'kit',
  quantity: 400,
  expiresOn: '2027-12-31',
};
const ctx = { offerId: 'o-1', reason: null, actor: 'dana', now };

function record(input: Partial<NewStockpile> = {}) {
  return Stockpile.record({ ...kits, ...input }, { id: 's-1', owner: UNICEF, by: dana, now });
}

function codeOf(fn: () => unknown): { code?: string; field?: string } {
  try {
    fn();
  } catch (error) {
    const e = error as { code?: string; details?: { fields?: { field: string }[] } };
    return { code: e.code, field: e.details?.fields?.[0]?.field };
  }
  return {};
}

describe('Stockpile', () => {
  it('is recorded with its first receipt: 400 on hand, none reserved, version 1', () => {
    const { stockpile, movement } = record();
    expect(stockpile.snapshot).toMatchObject({
      onHand: 400,
      reserved: 0,
      version: 1,
      owner: UNICEF,
    });
    expect(stockpile.available).toBe(400);
    expect(movement).toMatchObject({
      kind: 'received',
      quantity: 400,
      offerId: null,
      actor: 'dana',
    });
  });

  it.each([
    [{ region: 'KZ-99' }, 'region_unknown', 'region'],
    [{ itemCode: 'not a code' }, 'invalid_item_code', 'itemCode'],
    [{ itemVersion: 0 }, 'invalid_item_version', 'itemVersion'],
    [{ itemVersion: 1.5 }, 'invalid_item_version', 'itemVersion'],
    [{ quantity: 0 }, 'invalid_quantity', 'quantity'],
    [{ quantity: -5 }, 'invalid_quantity', 'quantity'],
    [{ expiresOn: '2026-03-31' }, 'stock_expired', 'expiresOn'],
    [{ warehouse: '  ' }, 'warehouse_required', 'warehouse'],
  ])('refuses %o as %s naming %s', (input, code, field) => {
    expect(codeOf(() => record(input))).toEqual({ code, field });
  });

  it('moves by the rules: reserve, release, dispatch, write off; never below zero', () => {
    const { stockpile } = record();
    stockpile.move('reserved', 300, ctx);
    expect(stockpile.snapshot).toMatchObject({ onHand: 400, reserved: 300 });
    expect(stockpile.available).toBe(100);
    expect(codeOf(() => stockpile.move('reserved', 101, ctx)).code).toBe('stock_insufficient');
    expect(codeOf(() => stockpile.move('written-off', 101, ctx)).code).toBe('stock_insufficient');
    stockpile.move('released', 50, ctx);
    expect(stockpile.snapshot).toMatchObject({ onHand: 400, reserved: 250 });
    stockpile.move('dispatched', 250, ctx);
    expect(stockpile.snapshot).toMatchObject({ onHand: 150, reserved: 0 });
    expect(codeOf(() => stockpile.move('dispatched', 1, ctx)).code).toBe('stock_insufficient');
    expect(codeOf(() => stockpile.move('released', 1, ctx)).code).toBe('stock_insufficient');
    stockpile.move('written-off', 150, ctx);
    stockpile.move('received', 20, ctx);
    expect(stockpile.snapshot).toMatchObject({ onHand: 20, reserved: 0, version: 6 });
    expect(codeOf(() => stockpile.move('received', 0, ctx)).code).toBe('invalid_quantity');
    expect(codeOf(() => stockpile.move('received', 1_000_000_000, ctx)).code).toBe(
      'stock_limit_exceeded',
    );
  });

  it('is moved by its owner only: its agency, or the ministry for the ministry stock', () => {
    const { stockpile } = record();
    expect(() => stockpile.assertOwnedBy(dana, 'MES-KZ')).not.toThrow();
    expect(codeOf(() => stockpile.assertOwnedBy(aigerim, 'MES-KZ')).code).toBe('not_your_stock');
    expect(codeOf(() => stockpile.assertOwnedBy(aliya, 'MES-KZ')).code).toBe('not_your_stock');
    expect(ownerCodeOf(aliya, 'MES-KZ')).toBe('MES-KZ');
    expect(ownerCodeOf(dana, 'MES-KZ')).toBe('UNICEF');
    expect(ownerCodeOf(nobody, 'MES-KZ')).toBeUndefined();
    // An agency token that names the ministry's code is not the ministry.
    const impostor = { sub: 'x', roles: ['agency' as const], org: 'mes-kz' };
    expect(ownerCodeOf(impostor, 'MES-KZ')).toBeUndefined();
  });

  it('wants a reason for a write-off', () => {
    expect(codeOf(() => assertMovementReason('written-off', null))).toEqual({
      code: 'reason_required',
      field: 'reason',
    });
    expect(() => assertMovementReason('received', null)).not.toThrow();
  });
});

describe('stock of an offer', () => {
  const published = { status: 'published' as const, quantity: 400, acceptedQuantity: null };
  const accepted = { status: 'accepted' as const, quantity: 400, acceptedQuantity: 250 };

  it('releases the rest when accepted in part, nothing when accepted whole', () => {
    expect(stockMovementOf(published, accepted)).toEqual({
      kind: 'released',
      quantity: 150,
      reason: 'offer accepted in part',
    });
    expect(stockMovementOf(published, { ...accepted, acceptedQuantity: 400 })).toBeUndefined();
  });

  it('releases what it held when declined or withdrawn, from published or accepted', () => {
    expect(stockMovementOf(published, { ...published, status: 'declined' })).toMatchObject({
      kind: 'released',
      quantity: 400,
      reason: 'offer declined',
    });
    expect(stockMovementOf(accepted, { ...accepted, status: 'withdrawn' })).toMatchObject({
      kind: 'released',
      quantity: 250,
    });
  });

  it('follows an edit of the quantity while published', () => {
    expect(stockMovementOf(published, { ...published, quantity: 350 })).toMatchObject({
      kind: 'released',
      quantity: 50,
    });
    expect(stockMovementOf(published, { ...published, quantity: 420 })).toMatchObject({
      kind: 'reserved',
      quantity: 20,
    });
  });

  it('dispatches what the acceptance held; delivery moves no stock', () => {
    const dispatched = { ...accepted, status: 'dispatched' as const };
    expect(stockMovementOf(accepted, dispatched)).toEqual({
      kind: 'dispatched',
      quantity: 250,
      reason: null,
    });
    expect(stockMovementOf(dispatched, { ...dispatched, status: 'delivered' })).toBeUndefined();
  });
});
