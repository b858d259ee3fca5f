import { Module } from '@nestjs/common';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeliveryWorker } from './delivery.worker';
import { emailProviderFrom, smsProviderFrom } from './provider-factory';
import { EMAIL_PROVIDER, SMS_PROVIDER } from './providers/providers';

/** Ledger out: the worker and the providers the configuration chooses (provider-factory.ts). */
@Module({
  imports: [NotificationsModule],
  providers: [
    { provide: EMAIL_PROVIDER, inject: [NotificationServiceConfig], useFactory: emailProviderFrom },
    { provide: SMS_PROVIDER, inject: [NotificationServiceConfig], useFactory: smsProviderFrom },
    DeliveryWorker,
  ],
})
export class DeliveryModule {}
