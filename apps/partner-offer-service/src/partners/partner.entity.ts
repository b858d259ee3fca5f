import type { PartnerKind, PartnerOrigin } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerProps } from './partner';

@Entity('partners')
export class PartnerEntity {
  @PrimaryColumn({ type: 'varchar' })
  code: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  kind: PartnerKind;

  @Column({ type: 'varchar' })
  origin: PartnerOrigin;

  @Column({ name: 'contact_email', type: 'varchar', nullable: true })
  contactEmail: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', nullable: true })
  contactPhone: string | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function partnerRow(props: Readonly<PartnerProps>): PartnerEntity {
  return Object.assign(new PartnerEntity(), props);
}
