import { ServiceConfig } from '@relief/config';

/** Settings of the incident-service; defaults run it on a developer machine. */
export class IncidentServiceConfig extends ServiceConfig {
  override PORT = 3001;
  override KAFKA_CLIENT_ID = 'incident-service';
}
