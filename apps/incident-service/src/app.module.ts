import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { CapModule } from './cap/cap.module';
import { entities, migrations } from './database/schema';
import { HazardsModule } from './hazards/hazards.module';
import { IncidentServiceConfig } from './incident-service.config';
import { IncidentsModule } from './incidents/incidents.module';
import { RegionsModule } from './regions/regions.module';

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
        RegionsModule,
        IncidentsModule,
        CapModule,
        HazardsModule,
      ],
    };
  }
}
