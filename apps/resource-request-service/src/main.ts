import { createServiceApp, loadConfigOrExit, startService } from '@relief/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { ResourceRequestServiceConfig } from './resource-request-service.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ResourceRequestServiceConfig);
  const app = await createServiceApp(AppModule.forRoot(config), {
    name: SERVICE_NAME,
    title: 'Resource request service',
    description:
      'The ministry states what it needs for an incident; coverage (requested, pledged, delivered) follows partner offers.',
  });
  await startService(app, config);
}

void main();
