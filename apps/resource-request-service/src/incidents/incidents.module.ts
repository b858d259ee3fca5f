import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { IncidentEventsConsumer } from './incident-events.consumer';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [RequestsModule],
  controllers: [IncidentEventsConsumer],
  providers: [IncidentsService],
})
export class IncidentsModule {}
