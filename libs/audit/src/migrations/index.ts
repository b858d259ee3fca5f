import { AuditEntryEntity } from '../audit-entry.entity';
import { AuditEntries1600000000200 } from './1600000000200-audit-entries.migration';

export { AuditEntries1600000000200 };

/** Add to the service's DataSource `migrations`, beside messagingMigrations. */
export const auditMigrations = [AuditEntries1600000000200];

/** Add to the service's DataSource `entities`. */
export const auditEntities = [AuditEntryEntity];
