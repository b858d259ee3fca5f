import type { Hazard, IncidentMode, IncidentStatus } from '@relief/contracts';
import { IncidentViewColumns } from '@relief/read-models';
import { Column, Entity } from 'typeorm';

/** What matching needs of an incident for request and offer events; kept by `IncidentReadModel`. */
@Entity('incidents')
export class IncidentViewEntity extends IncidentViewColumns {
  @Column({ type: 'varchar' })
  hazard: Hazard;

  /** Null in rows stored before the status was kept, until the incident's next event. */
  @Column({ type: 'varchar', nullable: true })
  status: IncidentStatus | null;

  /** A drill's requests and offers are drills too, whatever an older event of theirs says. */
  @Column({ type: 'varchar', default: 'actual' })
  mode: IncidentMode;

  /** e.g. `FL-2024-KZ-AKT-0007`, named in feedback linked to it; null in rows stored before. */
  @Column({ type: 'varchar', nullable: true })
  reference: string | null;
}
