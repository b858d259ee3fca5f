import { createServiceApp, loadConfigOrExit, startService } from '@relief/runtime';
import { AppModule } from './app.module';
import { IncidentServiceConfig } from './incident-service.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(IncidentServiceConfig);
  const app = await createServiceApp(AppModule.forRoot(config), {
    name: 'incident-service',
    title: 'Incident service',
    description:
      'Ministry operators file incidents (floods, earthquakes ...) and keep them current; every change becomes a domain event.',
  });
  await startService(app, config);
}

void main();
