import { EventTypes, type DomainEvent, type StockSnapshotV1 } from '@relief/contracts';
import type { StockMovement, StockpileProps } from './stockpile';

export function stockSnapshot(p: Readonly<StockpileProps>): StockSnapshotV1 {
  return {
    stockpileId: p.id,
    revision: p.version,
    ownerCode: p.owner.code,
    region: p.region,
    warehouse: p.warehouse,
    itemCode: p.itemCode,
    itemVersion: p.itemVersion,
    unit: p.unit,
    onHand: p.onHand,
    reserved: p.reserved,
    available: p.onHand - p.reserved,
    expiresOn: p.expiresOn,
  };
}

const TYPES = {
  received: EventTypes.StockReceived,
  reserved: EventTypes.StockReserved,
  released: EventTypes.StockReleased,
  dispatched: EventTypes.StockDispatched,
  'written-off': EventTypes.StockWrittenOff,
} as const;

/** One movement → its versioned contract event: the stockpile after it, and the movement. */
export function toStockEvent(p: Readonly<StockpileProps>, m: StockMovement): DomainEvent {
  return {
    type: TYPES[m.kind],
    version: 1,
    aggregateId: p.id,
    payload: {
      ...stockSnapshot(p),
      movement: { kind: m.kind, quantity: m.quantity, offerId: m.offerId, reason: m.reason },
    },
  };
}
