import type { IncidentMode, RequestPriority, RequestScope, RequestStatus } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RequestView } from './request-view';

/** Read model of a resource request: its newest snapshot from request.events. */
@Entity('requests')
export class RequestViewEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  requestId: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'incident_reference', type: 'varchar' })
  incidentReference: string;

  /** actual, exercise or test: its incident's. */
  @Column({ type: 'varchar', default: 'actual' })
  mode: IncidentMode;

  @Column({ type: 'varchar' })
  region: string;

  @Column({ name: 'item_code', type: 'varchar', nullable: true })
  itemCode: string | null;

  @Column({ name: 'item_name', type: 'varchar' })
  itemName: string;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ name: 'item_version', type: 'integer', nullable: true })
  itemVersion: number | null;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar' })
  priority: RequestPriority;

  @Column({ name: 'needed_by', type: 'timestamptz' })
  neededBy: Date;

  @Column({ type: 'varchar' })
  scope: RequestScope;

  @Column({ type: 'varchar' })
  status: RequestStatus;

  @Column({ type: 'integer' })
  pledged: number;

  @Column({ type: 'integer' })
  delivered: number;

  @Column({ type: 'integer' })
  remaining: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toRequestView(row: RequestViewEntity): RequestView {
  const { updatedAt: _updatedAt, neededBy, ...rest } = row;
  return { ...rest, neededBy: neededBy.toISOString() };
}
