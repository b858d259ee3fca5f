import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { CapController } from './cap.controller';

/** The public CAP 1.2 face of incidents: one message per incident version, and a feed. */
@Module({
  imports: [IncidentsModule],
  controllers: [CapController],
})
export class CapModule {}
