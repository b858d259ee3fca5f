import type { IncidentStatus } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of an incident, fed by incident.* events. */
@Entity('incidents')
export class IncidentViewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar' })
  reference: string;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'varchar' })
  region: string;

  @Column({ type: 'varchar' })
  status: IncidentStatus;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt: Date;
}
