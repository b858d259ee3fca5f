import { createServiceApp, loadConfigOrExit, startService } from '@relief/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { NotificationServiceConfig } from './notification-service.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(NotificationServiceConfig);
  const app = await createServiceApp(AppModule.forRoot(config), {
    name: SERVICE_NAME,
    title: 'Notification service',
    description:
      'Stakeholders who subscribed hear what concerns them by email and SMS, once, in their language.',
  });
  await startService(app, config);
}

void main();
