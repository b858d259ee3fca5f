import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { CatalogueModule } from './catalogue/catalogue.module';
import { entities, migrations } from './database/schema';
import { ExportsModule } from './exports/exports.module';
import { IncidentsModule } from './incidents/incidents.module';
import { RequestsModule } from './requests/requests.module';
import { ResourceRequestServiceConfig } from './resource-request-service.config';

export const SERVICE_NAME = 'resource-request-service';

@Module({})
export class AppModule {
  static forRoot(config: ResourceRequestServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE_NAME,
          config,
          configClass: ResourceRequestServiceConfig,
          entities,
          migrations,
        }),
        CatalogueModule,
        RequestsModule,
        IncidentsModule,
        ExportsModule,
      ],
    };
  }
}
