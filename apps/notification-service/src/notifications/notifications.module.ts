import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { NotificationLedger } from './notification-ledger';
import { MyNotificationsController } from './my-notifications.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The notification ledger (every read and write of it) and its API. */
@Module({
  imports: [SubscribersModule],
  controllers: [NotificationsController, MyNotificationsController],
  providers: [NotificationLedger, NotificationsService],
  exports: [NotificationLedger],
})
export class NotificationsModule {}
