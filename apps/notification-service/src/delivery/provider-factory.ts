import type { NotificationServiceConfig } from '../notification-service.config';
import { FailoverSmsProvider } from './providers/failover-sms.provider';
import { HttpSmsProvider } from './providers/http-sms.provider';
import type { EmailProvider, SmsProvider } from './providers/providers';
import { SmppSmsProvider } from './providers/smpp-sms.provider';
import { SmtpEmailProvider } from './providers/smtp-email.provider';

/** The email provider the configuration describes. */
export function emailProviderFrom(c: NotificationServiceConfig): EmailProvider {
  return new SmtpEmailProvider({
    host: c.SMTP_HOST,
    port: c.SMTP_PORT,
    secure: c.SMTP_SECURE,
    user: c.SMTP_USER,
    password: c.SMTP_PASSWORD,
    from: c.SMTP_FROM,
    maxConnections: c.SMTP_MAX_CONNECTIONS,
    maxMessagesPerConnection: c.SMTP_MAX_MESSAGES_PER_CONNECTION,
  });
}

/** SMS_PROVIDER, behind a failover to SMS_SECONDARY_PROVIDER when one is configured. */
export function smsProviderFrom(c: NotificationServiceConfig): SmsProvider {
  const primary = one(c, c.SMS_PROVIDER, 'primary');
  if (!c.SMS_SECONDARY_PROVIDER) return primary;
  return new FailoverSmsProvider(primary, one(c, c.SMS_SECONDARY_PROVIDER, 'secondary'), {
    threshold: c.SMS_FAILOVER_THRESHOLD,
    retryPrimaryAfterMs: c.SMS_FAILOVER_RETRY_PRIMARY_MS,
  });
}

/**
 * How the HTTP gateway is named in Sent.provider, so that its webhook's receipts find the parts
 * it took: `http`, or `http:primary` / `http:secondary` behind a failover.
 */
export function httpProviderName(c: NotificationServiceConfig): string {
  if (!c.SMS_SECONDARY_PROVIDER) return 'http';
  return c.SMS_SECONDARY_PROVIDER === 'http' ? 'http:secondary' : 'http:primary';
}

function one(
  c: NotificationServiceConfig,
  kind: 'smpp' | 'http',
  role: 'primary' | 'secondary',
): SmsProvider {
  if (kind === 'http') {
    return new HttpSmsProvider({
      url: c.SMS_HTTP_URL ?? '',
      account: c.SMS_HTTP_ACCOUNT ?? '',
      token: c.SMS_HTTP_TOKEN ?? '',
      from: c.SMS_SENDER,
    });
  }
  // The configuration checks that a secondary SMPP gateway has its own host.
  const secondary = role === 'secondary';
  return new SmppSmsProvider({
    host: secondary ? (c.SMPP_SECONDARY_HOST ?? c.SMPP_HOST) : c.SMPP_HOST,
    port: secondary ? c.SMPP_SECONDARY_PORT : c.SMPP_PORT,
    systemId: (secondary ? c.SMPP_SECONDARY_SYSTEM_ID : undefined) ?? c.SMPP_SYSTEM_ID,
    password: (secondary ? c.SMPP_SECONDARY_PASSWORD : undefined) ?? c.SMPP_PASSWORD,
    sender: c.SMS_SENDER,
    bind: c.SMPP_BIND,
    binds: c.SMPP_BINDS,
    window: c.SMPP_WINDOW,
    timeoutMs: c.SMPP_RESPONSE_TIMEOUT_MS,
    enquireLinkMs: c.SMPP_ENQUIRE_LINK_MS,
    throttleBackoffMs: c.SMPP_THROTTLE_BACKOFF_MS,
    throttleRetries: c.SMPP_THROTTLE_RETRIES,
  });
}
