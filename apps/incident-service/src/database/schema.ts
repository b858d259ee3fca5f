import { auditEntities, auditMigrations } from '@relief/audit';
import { messagingEntities, messagingMigrations } from '@relief/messaging';
import { idempotencyEntities, idempotencyMigrations } from '@relief/runtime';
import { CapAlertVersionEntity } from '../cap/cap-alert-version.entity';
import { IncidentTimelineEntity } from '../incidents/incident-timeline.entity';
import { IncidentEntity } from '../incidents/incident.entity';
import { RegionEntity } from '../regions/region.entity';
import { Regions1795600000000 } from './migrations/1795600000000-regions';
import { Incidents1795600100000 } from './migrations/1795600100000-incidents';
import { CapAlertVersions1795600200000 } from './migrations/1795600200000-cap-alert-versions';
import { IncidentMode1795600300000 } from './migrations/1795600300000-incident-mode';

/** Everything TypeORM needs to know about this service's database, in one place. */
export const entities = [
  ...messagingEntities,
  ...idempotencyEntities,
  ...auditEntities,
  RegionEntity,
  IncidentEntity,
  IncidentTimelineEntity,
  CapAlertVersionEntity,
];
/** Oldest first. The schema changes only through these; never synchronize. */
export const migrations = [
  ...messagingMigrations,
  ...idempotencyMigrations,
  ...auditMigrations,
  Regions1795600000000,
  Incidents1795600100000,
  CapAlertVersions1795600200000,
  IncidentMode1795600300000,
];
