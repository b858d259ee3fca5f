import { ProcessedEventEntity } from '../inbox/processed-event.entity';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { MessagingOutbox1600000000000 } from './1600000000000-messaging-outbox.migration';
import { MessagingInbox1600000000001 } from './1600000000001-messaging-inbox.migration';

export { OUTBOX_NOTIFY_CHANNEL } from './1600000000000-messaging-outbox.migration';
export { MessagingInbox1600000000001, MessagingOutbox1600000000000 };

/** Add to the service's DataSource `migrations`, before its own (they are older). */
export const messagingMigrations = [MessagingOutbox1600000000000, MessagingInbox1600000000001];

/** Add to the service's DataSource `entities`. */
export const messagingEntities = [OutboxEventEntity, ProcessedEventEntity];
