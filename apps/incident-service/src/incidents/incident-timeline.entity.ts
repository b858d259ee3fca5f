import type { IncidentStatus, Severity } from '@relief/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TimelineKind } from './incident';

/**
 * One row per incident version (table `incident_timeline`, append-only: a trigger refuses
 * UPDATE and DELETE): what happened, who did it, and the status, severity and figures after it.
 */
@Entity({ name: 'incident_timeline' })
export class IncidentTimelineEntity {
  /** bigserial, read as a string by the driver; global order of entries. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  sequence: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'incident_version', type: 'integer' })
  incidentVersion: number;

  @Column({ type: 'varchar', length: 20 })
  kind: TimelineKind;

  @Column({ type: 'varchar', length: 4000 })
  text: string;

  @Column({ type: 'varchar', length: 10 })
  status: IncidentStatus;

  @Column({ type: 'varchar', length: 10 })
  severity: Severity;

  @Column({ type: 'integer' })
  affected: number;

  @Column({ type: 'integer' })
  evacuated: number;

  @Column({ type: 'integer' })
  injured: number;

  @Column({ type: 'integer' })
  dead: number;

  @Column({ name: 'homes_damaged', type: 'integer' })
  homesDamaged: number;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy: string;
}
