import { Module } from '@nestjs/common';
import { NotificationLedger } from './notification-ledger';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The notification ledger (every read and write of it) and its API. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationLedger, NotificationsService],
  exports: [NotificationLedger],
})
export class NotificationsModule {}
