import type { IncidentMode, IncidentStatus } from '@relief/contracts';
import { IncidentViewColumns } from '@relief/read-models';
import { Column, Entity } from 'typeorm';

/** Read model of an incident, kept from incident.events by `IncidentReadModel`. */
@Entity('incidents')
export class IncidentViewEntity extends IncidentViewColumns {
  @Column({ type: 'varchar' })
  reference: string;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'varchar' })
  status: IncidentStatus;

  /** The incident's mode: its requests inherit it when raised. */
  @Column({ type: 'varchar', default: 'actual' })
  mode: IncidentMode;
}
