import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FeedbackController, SmsInboundWebhookController } from './feedback.controller';
import { FeedbackIntake } from './feedback-intake';
import { FeedbackService } from './feedback.service';

/** Feedback from affected people: inbound SMS and the web form in, operators' and partners' API out. */
@Module({
  imports: [NotificationsModule, DeliveryModule],
  controllers: [FeedbackController, SmsInboundWebhookController],
  providers: [FeedbackService, FeedbackIntake],
  exports: [FeedbackService],
})
export class FeedbackModule {}
