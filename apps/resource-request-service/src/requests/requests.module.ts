import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CoverageService } from './coverage.service';
import { OfferEventsConsumer } from './offer-events.consumer';
import { RequestsController } from './requests.controller';
import { RequestsService } from './requests.service';

@Module({
  imports: [CatalogueModule],
  controllers: [RequestsController, OfferEventsConsumer],
  providers: [RequestsService, CoverageService],
  exports: [RequestsService],
})
export class RequestsModule {}
