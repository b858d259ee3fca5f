import type {
  Certainty,
  Hazard,
  IncidentMode,
  IncidentStatus,
  Severity,
  Urgency,
} from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncidentState } from './incident';

/** Persistence shape of an incident (table `incidents`); the domain works on IncidentState. */
@Entity({ name: 'incidents' })
export class IncidentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  reference: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  description: string | null;

  @Column({ type: 'char', length: 2 })
  hazard: Hazard;

  @Column({ type: 'varchar', length: 6 })
  region: string;

  @Column({ type: 'varchar', length: 150, nullable: true })
  district: string | null;

  @Column({ type: 'varchar', length: 150, nullable: true })
  settlement: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ name: 'radius_km', type: 'double precision', nullable: true })
  radiusKm: number | null;

  @Column({ type: 'varchar', length: 10 })
  severity: Severity;

  @Column({ type: 'varchar', length: 10 })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 10 })
  certainty: Certainty;

  /** actual, exercise or test; set at filing, never updated. */
  @Column({ type: 'varchar', length: 10, default: 'actual' })
  mode: IncidentMode;

  @Column({ type: 'varchar', length: 10 })
  status: IncidentStatus;

  @Column({ name: 'status_reason', type: 'varchar', length: 1000, nullable: true })
  statusReason: string | null;

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

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;

  @Column({ name: 'reported_by', type: 'varchar', length: 200 })
  reportedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 200 })
  updatedBy: string;

  /** Managed by the domain (not @VersionColumn): it is the ETag and must move exactly once per write. */
  @Column({ type: 'integer' })
  version: number;
}

export function toIncidentState(row: IncidentEntity): IncidentState {
  const {
    latitude,
    longitude,
    radiusKm,
    affected,
    evacuated,
    injured,
    dead,
    homesDamaged,
    ...rest
  } = row;
  return {
    ...rest,
    location:
      latitude !== null && longitude !== null
        ? { latitude, longitude, radiusKm: radiusKm ?? 0 }
        : null,
    figures: { affected, evacuated, injured, dead, homesDamaged },
  };
}

export function toIncidentRow(state: Readonly<IncidentState>): IncidentEntity {
  const { location, figures, ...rest } = state;
  return Object.assign(new IncidentEntity(), {
    ...rest,
    ...figures,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    radiusKm: location ? location.radiusKm : null,
  });
}
