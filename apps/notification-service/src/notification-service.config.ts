import { ServiceConfig } from '@relief/config';

/** Settings of the notification-service; defaults run it on a developer machine. */
export class NotificationServiceConfig extends ServiceConfig {
  override PORT = 3004;
  override KAFKA_CLIENT_ID = 'notification-service';
}
