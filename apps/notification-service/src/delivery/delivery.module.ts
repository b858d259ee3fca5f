import { Module } from '@nestjs/common';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeliveryWorker } from './delivery.worker';
import { HttpSmsProvider } from './providers/http-sms.provider';
import { EMAIL_PROVIDER, SMS_PROVIDER, type SmsProvider } from './providers/providers';
import { SmppSmsProvider } from './providers/smpp-sms.provider';
import { SmtpEmailProvider } from './providers/smtp-email.provider';

/** Ledger out: the worker and the providers the configuration chooses. */
@Module({
  imports: [NotificationsModule],
  providers: [
    {
      provide: EMAIL_PROVIDER,
      inject: [NotificationServiceConfig],
      useFactory: (c: NotificationServiceConfig) =>
        new SmtpEmailProvider({
          host: c.SMTP_HOST,
          port: c.SMTP_PORT,
          secure: c.SMTP_SECURE,
          user: c.SMTP_USER,
          password: c.SMTP_PASSWORD,
          from: c.SMTP_FROM,
        }),
    },
    {
      provide: SMS_PROVIDER,
      inject: [NotificationServiceConfig],
      useFactory: (c: NotificationServiceConfig): SmsProvider =>
        c.SMS_PROVIDER === 'http'
          ? new HttpSmsProvider({
              url: c.SMS_HTTP_URL ?? '',
              account: c.SMS_HTTP_ACCOUNT ?? '',
              token: c.SMS_HTTP_TOKEN ?? '',
              from: c.SMS_SENDER,
            })
          : new SmppSmsProvider({
              host: c.SMPP_HOST,
              port: c.SMPP_PORT,
              systemId: c.SMPP_SYSTEM_ID,
              password: c.SMPP_PASSWORD,
              sender: c.SMS_SENDER,
              bind: c.SMPP_BIND,
            }),
    },
    DeliveryWorker,
  ],
})
export class DeliveryModule {}
