// class-transformer's @Type reads design-time types.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { Nullable } from '../validation';
import { ITEM_CODE_PATTERN, PARTNER_CODE_PATTERN, REGION_PATTERN } from '../vocabulary';

/** How stock moves: each is one event of `stock.events` (`stock.<kind>`). */
export const STOCK_MOVEMENT_KINDS = [
  'received',
  'reserved',
  'released',
  'dispatched',
  'written-off',
] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** A calendar day, YYYY-MM-DD. */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A stockpile as it stands after the change: what an owner holds in one warehouse of a region. */
export class StockSnapshotV1 {
  @IsUUID()
  stockpileId: string;

  /** Increases by one with every movement of the stockpile. */
  @IsInt()
  @Min(1)
  revision: number;

  /** Partner code of the owner (the ministry's own code for its stock). */
  @Matches(PARTNER_CODE_PATTERN)
  ownerCode: string;

  /** ISO 3166-2 code of the region the warehouse is in. */
  @Matches(REGION_PATTERN)
  region: string;

  @IsString()
  @Length(1, 200)
  warehouse: string;

  /** Catalogue code of the item. */
  @Matches(ITEM_CODE_PATTERN)
  itemCode: string;

  /** Kit composition version of the catalogue item; `null` when the item has no versions. */
  @Nullable()
  @IsInt()
  @Min(1)
  itemVersion: number | null;

  @IsString()
  @Length(1, 32)
  unit: string;

  /** Physically in the warehouse. */
  @IsInt()
  @Min(0)
  onHand: number;

  /** Of `onHand`, held by live offers. */
  @IsInt()
  @Min(0)
  reserved: number;

  /** `onHand − reserved`: what may still be offered. */
  @IsInt()
  @Min(0)
  available: number;

  /** YYYY-MM-DD after which the items may not be used; `null` when they do not expire. */
  @Nullable()
  @Matches(CALENDAR_DATE)
  expiresOn: string | null;
}

/** The movement an event records. */
export class StockMovementV1 {
  @IsIn(STOCK_MOVEMENT_KINDS)
  kind: StockMovementKind;

  @IsInt()
  @Min(1)
  quantity: number;

  /** The offer that reserved, released or dispatched it; `null` for a receipt or write-off. */
  @Nullable()
  @IsUUID()
  offerId: string | null;

  /** Why (a write-off always says; a release names its offer's end). */
  @Nullable()
  @IsString()
  @Length(1, 1000)
  reason: string | null;
}

/** Every stock event: the stockpile after the movement, and the movement. */
export class StockEventV1 extends StockSnapshotV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => StockMovementV1)
  movement: StockMovementV1;
}

/** Items arrived in the warehouse (also the first receipt that records the stockpile). */
export class StockReceivedV1 extends StockEventV1 {}

/** An offer from this stock was published: its quantity is held for it. */
export class StockReservedV1 extends StockEventV1 {}

/** An offer ended or was accepted in part: what it held is available again. */
export class StockReleasedV1 extends StockEventV1 {}

/** An offer from this stock was dispatched: the items left the warehouse. */
export class StockDispatchedV1 extends StockEventV1 {}

/** Items were lost, spoiled or expired and taken off the books. */
export class StockWrittenOffV1 extends StockEventV1 {}
