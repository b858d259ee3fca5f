import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { IncidentServiceConfig } from './incident-service.config';
import { entities, migrations } from './database/schema';

@Module({})
export class AppModule {
  static forRoot(config: IncidentServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'incident-service',
          config,
          configClass: IncidentServiceConfig,
          entities,
          migrations,
        }),
      ],
    };
  }
}
