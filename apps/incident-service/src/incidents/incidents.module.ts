import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { IncidentReferenceAllocator } from './incident-reference.allocator';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/** Incidents and their timeline. OutboxService comes from the (global) MessagingModule. */
@Module({
  imports: [RegionsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentReferenceAllocator],
  exports: [IncidentsService],
})
export class IncidentsModule {}
