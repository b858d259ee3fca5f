import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { ResourceRequestServiceConfig } from './resource-request-service.config';
import { entities, migrations } from './database/schema';

@Module({})
export class AppModule {
  static forRoot(config: ResourceRequestServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'resource-request-service',
          config,
          configClass: ResourceRequestServiceConfig,
          entities,
          migrations,
        }),
      ],
    };
  }
}
