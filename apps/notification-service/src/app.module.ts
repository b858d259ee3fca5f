import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { entities, migrations } from './database/schema';
import { DeliveryModule } from './delivery/delivery.module';
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
        }),
        SubscribersModule,
        NotificationsModule,
        MatchingModule,
        DeliveryModule,
      ],
    };
  }
}
