import { ServiceConfig } from '@relief/config';

/** Settings of the resource-request-service; defaults run it on a developer machine. */
export class ResourceRequestServiceConfig extends ServiceConfig {
  override PORT = 3002;
  override KAFKA_CLIENT_ID = 'resource-request-service';
}
