import { Module, type DynamicModule } from '@nestjs/common';
import { EventTypes } from '@relief/contracts';
import { ServiceCoreModule } from '@relief/runtime';
import { entities, migrations } from './database/schema';
import { DeliveryModule } from './delivery/delivery.module';
import { FeedbackModule } from './feedback/feedback.module';
import { MatchingModule } from './matching/matching.module';
import { NotificationServiceConfig } from './notification-service.config';
import { NotificationsModule } from './notifications/notifications.module';
import { SubscribersModule } from './subscribers/subscribers.module';

export const SERVICE_NAME = 'notification-service';

@Module({})
export class AppModule {
  static forRoot(config: NotificationServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE_NAME,
          config,
          configClass: NotificationServiceConfig,
          entities,
          migrations,
          // One event per message of a fan-out: the delivery ledger is their record.
          messaging: {
            unauditedEventTypes: [EventTypes.NotificationSent, EventTypes.NotificationFailed],
          },
        }),
        SubscribersModule,
        NotificationsModule,
        MatchingModule,
        DeliveryModule,
        FeedbackModule,
      ],
    };
  }
}
