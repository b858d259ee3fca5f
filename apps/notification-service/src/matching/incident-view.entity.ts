import type { Hazard, Severity } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What matching needs of an incident for request and offer events; fed by incident.* events. */
@Entity('incidents')
export class IncidentViewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar' })
  region: string;

  @Column({ type: 'varchar' })
  hazard: Hazard;

  @Column({ type: 'varchar' })
  severity: Severity;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt: Date;
}
