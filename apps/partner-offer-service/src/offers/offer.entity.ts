import type { IncidentMode, OfferStatus, PartnerKind, PartnerOrigin } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OfferProps } from './offer';

@Entity('offers')
export class OfferEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'partner_code', type: 'varchar' })
  partnerCode: string;

  @Column({ name: 'partner_name', type: 'varchar' })
  partnerName: string;

  @Column({ name: 'partner_kind', type: 'varchar' })
  partnerKind: PartnerKind;

  @Column({ name: 'partner_origin', type: 'varchar' })
  partnerOrigin: PartnerOrigin;

  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'incident_reference', type: 'varchar' })
  incidentReference: string;

  /** actual, exercise or test: its incident's. */
  @Column({ type: 'varchar', default: 'actual' })
  mode: IncidentMode;

  @Column({ name: 'item_code', type: 'varchar', nullable: true })
  itemCode: string | null;

  @Column({ name: 'item_name', type: 'varchar' })
  itemName: string;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ name: 'item_version', type: 'integer', nullable: true })
  itemVersion: number | null;

  @Column({ name: 'request_item_version', type: 'integer', nullable: true })
  requestItemVersion: number | null;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'expected_delivery_date', type: 'date', nullable: true })
  expectedDeliveryDate: string | null;

  @Column({ type: 'varchar', nullable: true })
  conditions: string | null;

  @Column({ type: 'varchar', nullable: true })
  note: string | null;

  @Column({ type: 'varchar' })
  status: OfferStatus;

  @Column({ name: 'accepted_quantity', type: 'integer', nullable: true })
  acceptedQuantity: number | null;

  @Column({ name: 'pledge_confirmed', type: 'boolean' })
  pledgeConfirmed: boolean;

  @Column({ name: 'expected_arrival', type: 'timestamptz', nullable: true })
  expectedArrival: Date | null;

  @Column({ name: 'reported_quantity', type: 'integer', nullable: true })
  reportedQuantity: number | null;

  @Column({ name: 'delivery_note', type: 'varchar', nullable: true })
  deliveryNote: string | null;

  @Column({ name: 'delivered_quantity', type: 'integer', nullable: true })
  deliveredQuantity: number | null;

  @Column({ type: 'varchar', nullable: true })
  reason: string | null;

  @Column({ name: 'acceptance_reverted', type: 'boolean' })
  acceptanceReverted: boolean;

  @Column({ name: 'stockpile_id', type: 'uuid', nullable: true })
  stockpileId: string | null;

  @Column({ name: 'published_by', type: 'varchar' })
  publishedBy: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'decided_by', type: 'varchar', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toOfferProps(row: OfferEntity): OfferProps {
  return {
    id: row.id,
    version: row.version,
    partner: {
      code: row.partnerCode,
      name: row.partnerName,
      kind: row.partnerKind,
      origin: row.partnerOrigin,
    },
    requestId: row.requestId,
    incidentId: row.incidentId,
    incidentReference: row.incidentReference,
    mode: row.mode,
    item: { code: row.itemCode, name: row.itemName, unit: row.unit },
    itemVersion: row.itemVersion,
    requestItemVersion: row.requestItemVersion,
    quantity: row.quantity,
    expectedDeliveryDate: row.expectedDeliveryDate,
    conditions: row.conditions,
    note: row.note,
    status: row.status,
    acceptedQuantity: row.acceptedQuantity,
    pledgeConfirmed: row.pledgeConfirmed,
    expectedArrival: row.expectedArrival?.toISOString() ?? null,
    reportedQuantity: row.reportedQuantity,
    deliveryNote: row.deliveryNote,
    deliveredQuantity: row.deliveredQuantity,
    reason: row.reason,
    acceptanceReverted: row.acceptanceReverted,
    stockpileId: row.stockpileId,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    decidedBy: row.decidedBy,
    updatedAt: row.updatedAt,
  };
}

export function toOfferRow(p: Readonly<OfferProps>): OfferEntity {
  return Object.assign(new OfferEntity(), {
    id: p.id,
    version: p.version,
    partnerCode: p.partner.code,
    partnerName: p.partner.name,
    partnerKind: p.partner.kind,
    partnerOrigin: p.partner.origin,
    requestId: p.requestId,
    incidentId: p.incidentId,
    incidentReference: p.incidentReference,
    mode: p.mode,
    itemCode: p.item.code,
    itemName: p.item.name,
    unit: p.item.unit,
    itemVersion: p.itemVersion,
    requestItemVersion: p.requestItemVersion,
    quantity: p.quantity,
    expectedDeliveryDate: p.expectedDeliveryDate,
    conditions: p.conditions,
    note: p.note,
    status: p.status,
    acceptedQuantity: p.acceptedQuantity,
    pledgeConfirmed: p.pledgeConfirmed,
    expectedArrival: p.expectedArrival ? new Date(p.expectedArrival) : null,
    reportedQuantity: p.reportedQuantity,
    deliveryNote: p.deliveryNote,
    deliveredQuantity: p.deliveredQuantity,
    reason: p.reason,
    acceptanceReverted: p.acceptanceReverted,
    stockpileId: p.stockpileId,
    publishedBy: p.publishedBy,
    publishedAt: p.publishedAt,
    decidedBy: p.decidedBy,
    updatedAt: p.updatedAt,
  });
}
