import { auditEntities, auditMigrations } from '@relief/audit';
import { messagingEntities, messagingMigrations } from '@relief/messaging';
import { idempotencyEntities, idempotencyMigrations } from '@relief/runtime';
import { CatalogueItemEntity } from '../catalogue/catalogue-item.entity';
import { KitVersionEntity } from '../catalogue/kit-version.entity';
import { IncidentViewEntity } from '../incidents/incident-view.entity';
import { PledgeEntity } from '../requests/pledge.entity';
import { ResourceRequestEntity } from '../requests/resource-request.entity';
import { RequestsSchema1714000000000 } from './migrations/1714000000000-requests-schema';
import { IncidentViewRevision1796000000000 } from './migrations/1796000000000-incident-view-revision';
import { IncidentMode1797500000000 } from './migrations/1797500000000-incident-mode';
import { PledgePartnerName1798200000000 } from './migrations/1798200000000-pledge-partner-name';
import { KitVersions1799000000000 } from './migrations/1799000000000-kit-versions';

/** Everything TypeORM needs to know about this service's database, in one place. */
export const entities = [
  ...messagingEntities,
  ...idempotencyEntities,
  ...auditEntities,
  CatalogueItemEntity,
  KitVersionEntity,
  IncidentViewEntity,
  ResourceRequestEntity,
  PledgeEntity,
];
/** Oldest first. The schema changes only through these; never synchronize. */
export const migrations = [
  ...messagingMigrations,
  ...idempotencyMigrations,
  ...auditMigrations,
  RequestsSchema1714000000000,
  IncidentViewRevision1796000000000,
  IncidentMode1797500000000,
  PledgePartnerName1798200000000,
  KitVersions1799000000000,
];
