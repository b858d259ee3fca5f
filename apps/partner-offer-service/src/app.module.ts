import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@relief/runtime';
import { entities, migrations } from './database/schema';
import { ExportsModule } from './exports/exports.module';
import { IncidentsModule } from './incidents/incidents.module';
import { OffersModule } from './offers/offers.module';
import { PartnerOfferServiceConfig } from './partner-offer-service.config';
import { PartnersModule } from './partners/partners.module';
import { RequestsModule } from './requests/requests.module';
import { StockModule } from './stock/stock.module';

export const SERVICE_NAME = 'partner-offer-service';

@Module({})
export class AppModule {
  static forRoot(config: PartnerOfferServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE_NAME,
          config,
          configClass: PartnerOfferServiceConfig,
          entities,
          migrations,
        }),
        PartnersModule,
        IncidentsModule,
        RequestsModule,
        OffersModule,
        ExportsModule,
        StockModule,
      ],
    };
  }
}
