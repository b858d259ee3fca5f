import { Module } from '@nestjs/common';
import { IncidentEventsConsumer } from './incident-events.consumer';
import { IncidentViewsService } from './incident-views.service';

@Module({
  controllers: [IncidentEventsConsumer],
  providers: [IncidentViewsService],
  exports: [IncidentViewsService],
})
export class IncidentsModule {}
