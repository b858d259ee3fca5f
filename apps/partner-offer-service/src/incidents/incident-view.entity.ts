import type { IncidentMode, IncidentStatus } from '@relief/contracts';
import { IncidentViewColumns } from '@relief/read-models';
import { Column, Entity } from 'typeorm';

/** Read model of an incident (for unsolicited offers), kept by `IncidentReadModel`. */
@Entity('incidents')
export class IncidentViewEntity extends IncidentViewColumns {
  @Column({ type: 'varchar' })
  reference: string;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'varchar' })
  status: IncidentStatus;

  /** actual, exercise or test: the incident's; its unsolicited offers inherit it. */
  @Column({ type: 'varchar', default: 'actual' })
  mode: IncidentMode;
}
