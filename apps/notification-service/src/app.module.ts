import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { NotificationServiceConfig } from './notification-service.config';
import { entities, migrations } from './database/schema';

@Module({})
export class AppModule {
  static forRoot(config: NotificationServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'notification-service',
          config,
          configClass: NotificationServiceConfig,
          entities,
          migrations,
        }),
      ],
    };
  }
}
