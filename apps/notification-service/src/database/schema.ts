import { auditEntities, auditMigrations } from '@relief/audit';
import { messagingEntities, messagingMigrations } from '@relief/messaging';
import { idempotencyEntities, idempotencyMigrations } from '@relief/runtime';
import { NotificationEntity } from '../notifications/notification.entity';
import { IncidentViewEntity } from '../matching/incident-view.entity';
import { SubscriberEntity, SubscriptionEntity } from '../subscribers/subscriber.entity';
import { NotificationSchema1716000000000 } from './migrations/1716000000000-notification-schema';
import { IncidentViewRevision1796000000000 } from './migrations/1796000000000-incident-view-revision';
import { FanOut1797000000000 } from './migrations/1797000000000-fan-out';
import { SubscriberImportKeys1797100000000 } from './migrations/1797100000000-subscriber-import-keys';
import { NotificationParts1797200000000 } from './migrations/1797200000000-notification-parts';
import { IncidentMode1797500000000 } from './migrations/1797500000000-incident-mode';
import { Feedback1798000000000 } from './migrations/1798000000000-feedback';
import { FeedbackSubscriptions1798500000000 } from './migrations/1798500000000-feedback-subscriptions';
import { NotificationTraceContext1799100000000 } from './migrations/1799100000000-notification-trace-context';
import { NotificationClaimedBy1799300000000 } from './migrations/1799300000000-notification-claimed-by';

/** Everything TypeORM needs to know about this service's database, in one place. */
export const entities = [
  ...messagingEntities,
  ...idempotencyEntities,
  ...auditEntities,
  SubscriberEntity,
  SubscriptionEntity,
  IncidentViewEntity,
  NotificationEntity,
];
/** Oldest first. The schema changes only through these; never synchronize. */
export const migrations = [
  ...messagingMigrations,
  ...idempotencyMigrations,
  ...auditMigrations,
  NotificationSchema1716000000000,
  IncidentViewRevision1796000000000,
  FanOut1797000000000,
  SubscriberImportKeys1797100000000,
  NotificationParts1797200000000,
  IncidentMode1797500000000,
  Feedback1798000000000,
  FeedbackSubscriptions1798500000000,
  NotificationTraceContext1799100000000,
  NotificationClaimedBy1799300000000,
];
