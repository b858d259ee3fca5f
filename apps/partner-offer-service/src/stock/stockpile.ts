import { hasRole, type AuthUser } from '@relief/auth';
import { isKnownRegion, ITEM_CODE_PATTERN, type StockMovementKind } from '@relief/contracts';
import { assertQuantity, assertTodayOrLater } from '@relief/runtime';
import { actsFor, partnerCodeOf } from '../partners/partner';
import { StockException } from './stock.exception';

export interface StockOwner {
  code: string;
  name: string;
}

export interface StockpileProps {
  id: string;
  /** Increases with every movement; the snapshot's `revision` and the HTTP ETag. */
  version: number;
  owner: StockOwner;
  /** ISO 3166-2 code of the warehouse's region. */
  region: string;
  warehouse: string;
  itemCode: string;
  /** Kit composition version (catalogue); null when the item has none. */
  itemVersion: number | null;
  unit: string;
  /** In the warehouse. */
  onHand: number;
  /** Of onHand, held by live offers. */
  reserved: number;
  /** YYYY-MM-DD. */
  expiresOn: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface StockMovement {
  kind: StockMovementKind;
  quantity: number;
  offerId: string | null;
  reason: string | null;
  actor: string;
  at: Date;
}

export interface NewStockpile {
  region: string;
  warehouse: string;
  itemCode: string;
  itemVersion: number | null;
  unit: string;
  quantity: number;
  expiresOn: string | null;
}

/**
 * What each kind of movement does, in one table: the change of onHand and reserved per unit, and
 * what must be there first. The service turns `needs` into the WHERE of its conditional UPDATE, so
 * two movements racing for the last units cannot both pass; `Stockpile.move` applies the same rule
 * in memory.
 */
export const MOVEMENT_RULES: Record<
  StockMovementKind,
  { onHand: -1 | 0 | 1; reserved: -1 | 0 | 1; needs: 'available' | 'reserved' | null }
> = {
  received: { onHand: 1, reserved: 0, needs: null },
  reserved: { onHand: 0, reserved: 1, needs: 'available' },
  released: { onHand: 0, reserved: -1, needs: 'reserved' },
  // The items leave: what the offer held leaves the books with them.
  dispatched: { onHand: -1, reserved: -1, needs: 'reserved' },
  // Only what no offer holds can be written off; an offer's reservation is released first.
  'written-off': { onHand: -1, reserved: 0, needs: 'available' },
};

/** At most this many on hand in one stockpile (its columns are 32-bit integers). */
export const MAX_ON_HAND = 1_000_000_000;

/** Movements an owner records by hand; the others happen only through its offers. */
export const MANUAL_MOVEMENTS: readonly StockMovementKind[] = ['received', 'written-off'];

/**
 * A stockpile: what one owner (a partner, or the ministry) holds of one catalogue item in one
 * warehouse of a region. available = onHand − reserved; none of the three is ever negative.
 */
export class Stockpile {
  private constructor(private props: StockpileProps) {}

  static record(
    input: NewStockpile,
    context: { id: string; owner: StockOwner; by: AuthUser; now: Date },
  ): { stockpile: Stockpile; movement: StockMovement } {
    if (!isKnownRegion(input.region)) {
      throw StockException.invalidField(
        'region_unknown',
        'region',
        'must be a known ISO 3166-2 region code such as KZ-19',
        `${input.region} is not a known region`,
      );
    }
    if (!ITEM_CODE_PATTERN.test(input.itemCode)) {
      throw StockException.invalidField(
        'invalid_item_code',
        'itemCode',
        'must be a catalogue code such as WASH-HYGIENE-KIT',
        `${input.itemCode} is not a catalogue item code`,
      );
    }
    if (
      input.itemVersion !== null &&
      (!Number.isInteger(input.itemVersion) || input.itemVersion < 1)
    ) {
      throw StockException.invalidField(
        'invalid_item_version',
        'itemVersion',
        'must be a whole number of at least 1, or null',
        'itemVersion must be a positive whole number',
      );
    }
    const warehouse = input.warehouse.trim();
    if (warehouse === '') {
      throw StockException.invalidField('warehouse_required', 'warehouse', 'must not be blank');
    }
    assertQuantity(StockException, input.quantity);
    // Recording stock that is already expired would offer what cannot be used.
    assertTodayOrLater(StockException, input.expiresOn, 'expiresOn', context.now, {
      invalid: 'invalid_date',
      past: 'stock_expired',
    });
    const stockpile = new Stockpile({
      id: context.id,
      version: 0,
      owner: { ...context.owner },
      region: input.region,
      warehouse,
      itemCode: input.itemCode,
      itemVersion: input.itemVersion,
      unit: input.unit.trim(),
      onHand: 0,
      reserved: 0,
      expiresOn: input.expiresOn,
      createdBy: context.by.sub,
      createdAt: context.now,
      updatedAt: context.now,
    });
    const movement = stockpile.move('received', input.quantity, {
      offerId: null,
      reason: null,
      actor: context.by.sub,
      now: context.now,
    });
    return { stockpile, movement };
  }

  static restore(props: StockpileProps): Stockpile {
    return new Stockpile({ ...props, owner: { ...props.owner } });
  }

  get snapshot(): Readonly<StockpileProps> {
    return this.props;
  }

  get available(): number {
    return this.props.onHand - this.props.reserved;
  }

  /** The owner's agency, or for the ministry's stock an operator or admin. */
  assertOwnedBy(actor: AuthUser, ministryCode: string): void {
    if (!actsFor(actor, this.props.owner.code, ministryCode)) {
      throw StockException.notYourStock(this.props.owner.code, this.props.id);
    }
  }

  /** Applies one movement (never below zero), returning what to record. */
  move(
    kind: StockMovementKind,
    quantity: number,
    context: { offerId: string | null; reason: string | null; actor: string; now: Date },
  ): StockMovement {
    assertQuantity(StockException, quantity);
    const rule = MOVEMENT_RULES[kind];
    const have =
      rule.needs === 'available'
        ? this.available
        : rule.needs === 'reserved'
          ? this.props.reserved
          : Infinity;
    if (quantity > have) {
      throw StockException.insufficient(this.props.id, kind, quantity, have, this.props.unit);
    }
    if (rule.onHand > 0 && this.props.onHand + quantity > MAX_ON_HAND) {
      throw StockException.limitExceeded(this.props.id);
    }
    this.props.onHand += rule.onHand * quantity;
    this.props.reserved += rule.reserved * quantity;
    this.props.version += 1;
    this.props.updatedAt = context.now;
    return {
      kind,
      quantity,
      offerId: context.offerId,
      reason: context.reason,
      actor: context.actor,
      at: context.now,
    };
  }
}

/**
 * Whose stock the caller acts for: an agency its partner's, the ministry (operators, admins) its
 * own code; anyone else nobody's (fails closed).
 */
export function ownerCodeOf(actor: AuthUser, ministryCode: string): string | undefined {
  if (hasRole(actor, 'operator', 'admin')) return ministryCode;
  const partner = hasRole(actor, 'agency') ? partnerCodeOf(actor) : undefined;
  // An agency token naming the ministry's code is nobody's: it must not see the ministry's stock.
  return partner === ministryCode ? undefined : partner;
}

/** A write-off says why; a receipt may. */
export function assertMovementReason(kind: StockMovementKind, reason: string | null): void {
  if (kind === 'written-off' && (reason === null || reason.trim() === '')) {
    throw StockException.invalidField(
      'reason_required',
      'reason',
      'required for a write-off',
      'say why the stock is written off',
    );
  }
}
