import type { StockMovementKind } from '@relief/contracts';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { StockMovement, StockpileProps } from './stockpile';

@Entity('stockpiles')
export class StockpileEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'owner_code', type: 'varchar' })
  ownerCode: string;

  @Column({ name: 'owner_name', type: 'varchar' })
  ownerName: string;

  @Column({ type: 'varchar' })
  region: string;

  @Column({ type: 'varchar' })
  warehouse: string;

  @Column({ name: 'item_code', type: 'varchar' })
  itemCode: string;

  @Column({ name: 'item_version', type: 'integer', nullable: true })
  itemVersion: number | null;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ name: 'on_hand', type: 'integer' })
  onHand: number;

  @Column({ type: 'integer' })
  reserved: number;

  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  @Column({ name: 'created_by', type: 'varchar' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Append-only (a trigger refuses UPDATE and DELETE). */
@Entity('stock_movements')
export class StockMovementEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'stockpile_id', type: 'uuid' })
  stockpileId: string;

  @Column({ type: 'varchar' })
  kind: StockMovementKind;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'offer_id', type: 'uuid', nullable: true })
  offerId: string | null;

  @Column({ type: 'varchar', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar' })
  actor: string;

  @Column({ type: 'timestamptz' })
  at: Date;
}

export function toStockpileProps(row: StockpileEntity): StockpileProps {
  const { ownerCode, ownerName, ...rest } = row;
  return { ...rest, owner: { code: ownerCode, name: ownerName } };
}

export function toStockpileRow(p: Readonly<StockpileProps>): StockpileEntity {
  const { owner, ...rest } = p;
  return Object.assign(new StockpileEntity(), {
    ...rest,
    ownerCode: owner.code,
    ownerName: owner.name,
  });
}

export function toMovementRow(stockpileId: string, m: StockMovement): StockMovementEntity {
  return Object.assign(new StockMovementEntity(), { stockpileId, ...m });
}
