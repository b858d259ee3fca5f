import { KafkaEventServer } from '@relief/messaging';
import { createServiceApp, loadConfigOrExit, startService } from '@relief/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { PartnerOfferServiceConfig } from './partner-offer-service.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(PartnerOfferServiceConfig);
  const app = await createServiceApp(AppModule.forRoot(config), {
    name: SERVICE_NAME,
    title: 'Partner offer service',
    description:
      'Partner agencies offer assistance against requests; the ministry accepts or declines; accepted help is dispatched and delivered.',
  });
  // incident.events and request.events, consumed exactly once (see libs/messaging).
  app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: true });
  await startService(app, config);
}

void main();
