import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventConsumer } from '../matching/event.consumer';
import { NotificationPlanner } from '../matching/notification-planner.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Events in (consumer → planner → ledger), ledger out (worker), and the ledger's API. */
@Module({
  imports: [DeliveryModule],
  controllers: [EventConsumer, NotificationsController],
  providers: [NotificationPlanner, NotificationsService],
})
export class NotificationsModule {}
