import { messagingEntities, messagingMigrations } from '@relief/messaging';
import { NotificationEntity } from '../notifications/notification.entity';
import { IncidentViewEntity } from '../matching/incident-view.entity';
import { SubscriberEntity, SubscriptionEntity } from '../subscribers/subscriber.entity';
import { NotificationSchema1716000000000 } from './migrations/1716000000000-notification-schema';
import { IncidentViewRevision1796000000000 } from './migrations/1796000000000-incident-view-revision';

/** Everything TypeORM needs to know about this service's database, in one place. */
export const entities = [
  ...messagingEntities,
  SubscriberEntity,
  SubscriptionEntity,
  IncidentViewEntity,
  NotificationEntity,
];
/** Oldest first. The schema changes only through these; never synchronize. */
export const migrations = [
  ...messagingMigrations,
  NotificationSchema1716000000000,
  IncidentViewRevision1796000000000,
];
