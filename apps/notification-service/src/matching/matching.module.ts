import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { EventConsumer } from './event.consumer';
import { NotificationPlanner } from './notification-planner.service';

/** Events in: the consumer hands each to the planner, which adds ledger rows for its recipients. */
@Module({
  imports: [NotificationsModule, FeedbackModule],
  controllers: [EventConsumer],
  providers: [NotificationPlanner],
})
export class MatchingModule {}
