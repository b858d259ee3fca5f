import { AuditEntryEntity } from '../audit-entry.entity';
import { AuditEntries1600000000200 } from './1600000000200-audit-entries.migration';
import { AuditEventId1600000000201 } from './1600000000201-audit-event-id.migration';

export { AuditEntries1600000000200, AuditEventId1600000000201 };

/** Add to the service's DataSource `migrations`, beside messagingMigrations. */
export const auditMigrations = [AuditEntries1600000000200, AuditEventId1600000000201];

/** Add to the service's DataSource `entities`. */
export const auditEntities = [AuditEntryEntity];
