import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { RequestViewsController } from './request-views.controller';
import { RequestViewsService } from './request-views.service';

/** The request read model and its API; fed by offers' RequestEventsConsumer (it also acts on offers). */
@Module({
  imports: [PartnersModule],
  controllers: [RequestViewsController],
  providers: [RequestViewsService],
  exports: [RequestViewsService],
})
export class RequestsModule {}
