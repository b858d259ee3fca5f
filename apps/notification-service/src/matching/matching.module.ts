import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { EventConsumer } from './event.consumer';
import { NotificationPlanner } from './notification-planner.service';

/** Events in: the consumer hands each to the planner, which adds ledger rows for its recipients. */
@Module({
  imports: [NotificationsModule],
  controllers: [EventConsumer],
  providers: [NotificationPlanner],
})
export class MatchingModule {}
