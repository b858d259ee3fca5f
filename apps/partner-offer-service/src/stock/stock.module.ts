import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { RequestsModule } from '../requests/requests.module';
import { StockController } from './stock.controller';
import { StockService } from './stock.service';

/** Prepositioned stock: stockpiles, their movements, and what offers made from them do to them. */
@Module({
  imports: [PartnersModule, RequestsModule],
  controllers: [StockController],
  providers: [StockService],
  exports: [StockService],
})
export class StockModule {}
