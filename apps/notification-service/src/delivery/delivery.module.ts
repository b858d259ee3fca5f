import { Module } from '@nestjs/common';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeliveryReceipts } from './delivery-receipts';
import { DeliveryMetricsSources } from './delivery.metrics';
import { DeliveryWorker } from './delivery.worker';
import { emailProviderFrom, smsProviderFrom } from './provider-factory';
import { EMAIL_PROVIDER, SMS_PROVIDER } from './providers/providers';
import { SmsWebhookController, SmsWebhookSignatureGuard } from './sms-webhook.controller';

/**
 * Ledger out: the worker and the providers the configuration chooses (provider-factory.ts);
 * receipts back in (SMPP deliver_sm, the HTTP gateway's webhook); the delivery metrics.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [SmsWebhookController],
  providers: [
    { provide: EMAIL_PROVIDER, inject: [NotificationServiceConfig], useFactory: emailProviderFrom },
    { provide: SMS_PROVIDER, inject: [NotificationServiceConfig], useFactory: smsProviderFrom },
    DeliveryWorker,
    DeliveryReceipts,
    DeliveryMetricsSources,
    SmsWebhookSignatureGuard,
  ],
  // The feedback module takes inbound texts from the same provider and webhook scheme.
  exports: [SMS_PROVIDER, SmsWebhookSignatureGuard],
})
export class DeliveryModule {}
