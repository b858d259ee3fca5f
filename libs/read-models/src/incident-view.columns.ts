import type { Severity } from '@relief/contracts';
import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns every service's incident read model has (each service declares its own
 * `@Entity('incidents')` extending this, with the further columns it needs, and its own
 * migration): what `IncidentReadModel` keys, orders and matches by.
 */
export abstract class IncidentViewColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar' })
  region: string;

  @Column({ type: 'varchar' })
  severity: Severity;

  @Column({ type: 'int' })
  revision: number;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt: Date;
}
