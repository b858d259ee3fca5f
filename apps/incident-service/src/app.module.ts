import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@relief/messaging';
import { ServiceCoreModule } from '@relief/runtime';
import { CapModule } from './cap/cap.module';
import { entities, migrations } from './database/schema';
import { HazardsModule } from './hazards/hazards.module';
import { OutboxReadiness } from './health/outbox-readiness';
import { IncidentServiceConfig } from './incident-service.config';
import { IncidentsModule } from './incidents/incidents.module';
import { RegionsModule } from './regions/regions.module';

@Module({})
export class AppModule {
  static forRoot(config: IncidentServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'incident-service',
          config,
          configClass: IncidentServiceConfig,
          entities,
          migrations,
        }),
        // Publishes incident.events through the outbox; this service consumes nothing.
        MessagingModule.forRoot({
          serviceName: 'incident-service',
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
        }),
        RegionsModule,
        IncidentsModule,
        CapModule,
        HazardsModule,
      ],
      providers: [OutboxReadiness],
    };
  }
}
