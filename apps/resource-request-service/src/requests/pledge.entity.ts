import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Pledge, PledgeState } from './coverage';

/** One accepted offer as the request side counts it (see coverage.ts). */
@Entity('request_pledges')
export class PledgeEntity {
  @PrimaryColumn({ name: 'offer_id', type: 'uuid' })
  offerId: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'partner_code', type: 'varchar' })
  partnerCode: string;

  /** From the offer events; null on pledges recorded before it was kept (the 3W shows the code). */
  @Column({ name: 'partner_name', type: 'varchar', nullable: true })
  partnerName: string | null;

  @Column({ type: 'varchar' })
  state: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'delivered_quantity', type: 'integer' })
  deliveredQuantity: number;

  @Column({ type: 'varchar', nullable: true })
  reason: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toPledge(row: PledgeEntity): Pledge {
  return {
    offerId: row.offerId,
    state: row.state as PledgeState,
    quantity: row.quantity,
    deliveredQuantity: row.deliveredQuantity,
  };
}
