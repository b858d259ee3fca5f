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
  await startService(app, config);
}

void main();
