import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { PartnerOfferServiceConfig } from './partner-offer-service.config';
import { entities, migrations } from './database/schema';

@Module({})
export class AppModule {
  static forRoot(config: PartnerOfferServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'partner-offer-service',
          config,
          configClass: PartnerOfferServiceConfig,
          entities,
          migrations,
        }),
      ],
    };
  }
}
