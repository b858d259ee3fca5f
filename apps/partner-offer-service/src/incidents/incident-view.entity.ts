import type { IncidentStatus } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of an incident, fed by incident.* events (for unsolicited offers). */
@Entity('incidents')
export class IncidentViewEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  incidentId: string;

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
