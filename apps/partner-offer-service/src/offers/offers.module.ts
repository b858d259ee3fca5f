import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PartnersModule } from '../partners/partners.module';
import { RequestEventsConsumer } from '../requests/request-events.consumer';
import { RequestViewsController } from '../requests/request-views.controller';
import { RequestViewsService } from '../requests/request-views.service';
import { OffersController } from './offers.controller';
import { OffersService } from './offers.service';

/** Offers and the request read model they are accepted against (they share its row lock). */
@Module({
  imports: [PartnersModule, IncidentsModule],
  controllers: [OffersController, RequestViewsController, RequestEventsConsumer],
  providers: [OffersService, RequestViewsService],
})
export class OffersModule {}
