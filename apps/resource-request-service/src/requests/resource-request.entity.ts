import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Unit } from '../catalogue/catalogue';
import type { IncidentMode, RequestPriority, RequestScope, RequestStatus } from '@relief/contracts';
import type { ResourceRequestProps } from './resource-request';

@Entity('resource_requests')
export class ResourceRequestEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'incident_reference', type: 'varchar' })
  incidentReference: string;

  /** actual, exercise or test: its incident's, never changed. */
  @Column({ type: 'varchar', default: 'actual' })
  mode: string;

  @Column({ name: 'item_code', type: 'varchar', nullable: true })
  itemCode: string | null;

  /** Kit composition version (catalogue_kit_versions); null for an item without one. */
  @Column({ name: 'item_version', type: 'integer', nullable: true })
  itemVersion: number | null;

  @Column({ name: 'item_name', type: 'varchar' })
  itemName: string;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar' })
  priority: string;

  /** 'YYYY-MM-DD' (pg returns dates as strings). */
  @Column({ name: 'needed_by', type: 'date' })
  neededBy: string;

  @Column({ type: 'varchar' })
  region: string;

  @Column({ type: 'varchar', nullable: true })
  address: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ type: 'varchar', nullable: true })
  notes: string | null;

  @Column({ type: 'varchar' })
  scope: string;

  @Column({ type: 'varchar' })
  status: string;

  @Column({ type: 'integer' })
  pledged: number;

  @Column({ type: 'integer' })
  delivered: number;

  @Column({ name: 'end_reason', type: 'varchar', nullable: true })
  endReason: string | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'raised_by', type: 'varchar' })
  raisedBy: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toProps(row: ResourceRequestEntity): ResourceRequestProps {
  return {
    id: row.id,
    incidentId: row.incidentId,
    mode: row.mode as IncidentMode,
    item: {
      code: row.itemCode,
      name: row.itemName,
      unit: row.unit as Unit,
      version: row.itemVersion,
    },
    quantity: row.quantity,
    priority: row.priority as RequestPriority,
    neededBy: row.neededBy,
    location: {
      region: row.region,
      address: row.address,
      coordinates:
        row.latitude !== null && row.longitude !== null
          ? { latitude: row.latitude, longitude: row.longitude }
          : null,
    },
    notes: row.notes,
    scope: row.scope as RequestScope,
    status: row.status as RequestStatus,
    pledged: row.pledged,
    delivered: row.delivered,
    endReason: row.endReason,
    version: row.version,
    raisedBy: row.raisedBy,
    raisedAt: row.raisedAt,
    updatedAt: row.updatedAt,
  };
}

export function toRow(
  props: Readonly<ResourceRequestProps>,
  incidentReference: string,
): ResourceRequestEntity {
  const row = new ResourceRequestEntity();
  Object.assign(row, {
    id: props.id,
    incidentId: props.incidentId,
    incidentReference,
    mode: props.mode,
    itemCode: props.item.code,
    itemName: props.item.name,
    itemVersion: props.item.version,
    unit: props.item.unit,
    quantity: props.quantity,
    priority: props.priority,
    neededBy: props.neededBy,
    region: props.location.region,
    address: props.location.address,
    latitude: props.location.coordinates?.latitude ?? null,
    longitude: props.location.coordinates?.longitude ?? null,
    notes: props.notes,
    scope: props.scope,
    status: props.status,
    pledged: props.pledged,
    delivered: props.delivered,
    endReason: props.endReason,
    version: props.version,
    raisedBy: props.raisedBy,
    raisedAt: props.raisedAt,
    updatedAt: props.updatedAt,
  });
  return row;
}
