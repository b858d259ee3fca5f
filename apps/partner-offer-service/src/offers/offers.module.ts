import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PartnersModule } from '../partners/partners.module';
import { RequestsModule } from '../requests/requests.module';
import { StockModule } from '../stock/stock.module';
import { OffersController } from './offers.controller';
import { OffersService } from './offers.service';
import { RequestEventsConsumer } from './request-events.consumer';

/**
 * Offers, and what request.events do to them (confirm, revert, decline) along with the request
 * read model they are accepted against (they share its row lock).
 */
@Module({
  imports: [PartnersModule, IncidentsModule, RequestsModule, StockModule],
  controllers: [OffersController, RequestEventsConsumer],
  providers: [OffersService],
})
export class OffersModule {}
