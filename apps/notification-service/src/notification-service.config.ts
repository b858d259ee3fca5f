import { ServiceConfig, toBool, toInt } from '@relief/config';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/** A secondary SMS provider must be another gateway than the primary. */
function AnotherGatewayThanThePrimary() {
  return ValidateBy({
    name: 'anotherGatewayThanThePrimary',
    validator: {
      validate: (value: unknown, args) => {
        const c = args?.object as NotificationServiceConfig;
        if (value !== c.SMS_PROVIDER) return true;
        return (
          value === 'smpp' &&
          `${c.SMPP_SECONDARY_HOST}:${c.SMPP_SECONDARY_PORT}` !== `${c.SMPP_HOST}:${c.SMPP_PORT}`
        );
      },
      defaultMessage: () =>
        'must be another gateway than SMS_PROVIDER: http beside smpp, or smpp with SMPP_SECONDARY_HOST/PORT other than SMPP_HOST/PORT',
    },
  });
}

/**
 * Settings of the notification-service; defaults run it on a developer machine against the local
 * sinks of deploy/local (mail catcher on 1025 with its inbox on http://127.0.0.1:1080, SMPP on 2775).
 */
export class NotificationServiceConfig extends ServiceConfig {
  override PORT = 3004;
  override KAFKA_CLIENT_ID = 'notification-service';

  /** Base of links in messages (the unsubscribe link points here). */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3004';

  /** Signs unsubscribe links (HMAC-SHA256). Set a long random value in every real deployment. */
  @IsString()
  @MinLength(16)
  UNSUBSCRIBE_SECRET: string = 'dev-only-unsubscribe-secret-change-me';

  // --- feedback from affected people ---
  /** Days a sender's phone number is kept with their feedback; then it is blanked (the text stays). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  FEEDBACK_PHONE_RETENTION_DAYS: number = 90;

  /** Public web form: at most this many messages per client address in FEEDBACK_WEB_RATE_WINDOW_S. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  FEEDBACK_WEB_RATE_LIMIT: number = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  FEEDBACK_WEB_RATE_WINDOW_S: number = 3_600;

  // --- email (SMTP) ---
  @IsString()
  SMTP_HOST: string = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT: number = 1025;

  /** true: TLS from the first byte (465); false: plain, upgraded with STARTTLS when offered. */
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE: boolean = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @IsString()
  SMTP_FROM: string = 'Relief notifications <notifications@relief.local>';

  /** Pooled SMTP connections open at once; each carries several messages in turn. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  SMTP_MAX_CONNECTIONS: number = 2;

  /** Messages on one SMTP connection before the pool replaces it (servers cap this too). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SMTP_MAX_MESSAGES_PER_CONNECTION: number = 100;

  // --- SMS ---
  /** The primary SMS provider. */
  @IsIn(['smpp', 'http'])
  SMS_PROVIDER: 'smpp' | 'http' = 'smpp';

  /**
   * Where SMS go while the primary fails (none when unset): `http` (SMS_HTTP_*) or `smpp`, a
   * second gateway (SMPP_SECONDARY_*).
   */
  @IsOptional()
  @IsIn(['smpp', 'http'])
  @AnotherGatewayThanThePrimary()
  SMS_SECONDARY_PROVIDER?: 'smpp' | 'http';

  /** Failures of the primary in a row (refused binds, timeouts, errors) that move SMS over. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  SMS_FAILOVER_THRESHOLD: number = 5;

  /** How long the secondary carries every SMS before one tries the primary again. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SMS_FAILOVER_RETRY_PRIMARY_MS: number = 30_000;

  @IsString()
  SMPP_HOST: string = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMPP_PORT: number = 2775;

  @IsString()
  SMPP_SYSTEM_ID: string = 'relief';

  @IsString()
  SMPP_PASSWORD: string = 'relief';

  /** transmitter: submit on a transmitter bind, receipts on a receiver bind; transceiver: one bind. */
  @IsIn(['transmitter', 'transceiver'])
  SMPP_BIND: 'transmitter' | 'transceiver' = 'transmitter';

  /** Submitting binds per SMPP gateway, sends spread over them (the SMSC contract says how many). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  SMPP_BINDS: number = 1;

  /** submit_sm in flight at once per bind (the SMSC's window); more concurrent sends wait. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  SMPP_WINDOW: number = 10;

  /** Wait for a submit_sm_resp (longer: the SMS is in doubt) or an enquire_link_resp. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SMPP_RESPONSE_TIMEOUT_MS: number = 10_000;

  /** enquire_link period; a link that does not answer is dropped and rebound. */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  SMPP_ENQUIRE_LINK_MS: number = 30_000;

  /** First pause of a bind answered ESME_RTHROTTLED or ESME_RMSGQFUL, doubled on repeats. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60_000)
  SMPP_THROTTLE_BACKOFF_MS: number = 500;

  /** Resubmissions of a throttled part before the send counts as a transient failure. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  SMPP_THROTTLE_RETRIES: number = 5;

  /** The second SMPP gateway (SMS_SECONDARY_PROVIDER=smpp); credentials default to the primary's. */
  @ValidateIf((c: NotificationServiceConfig) => c.SMS_SECONDARY_PROVIDER === 'smpp')
  @IsString({ message: 'must be set when SMS_SECONDARY_PROVIDER=smpp' })
  @MinLength(1)
  SMPP_SECONDARY_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMPP_SECONDARY_PORT: number = 2775;

  @IsOptional()
  @IsString()
  SMPP_SECONDARY_SYSTEM_ID?: string;

  @IsOptional()
  @IsString()
  SMPP_SECONDARY_PASSWORD?: string;

  /** Sender shown on phones (alphanumeric, at most 11 characters). */
  @IsString()
  SMS_SENDER: string = 'RELIEF';

  /** Twilio-like HTTP gateway: POST `${SMS_HTTP_URL}/Messages`; needed when it is primary or secondary. */
  @ValidateIf(
    (c: NotificationServiceConfig) =>
      c.SMS_PROVIDER === 'http' || c.SMS_SECONDARY_PROVIDER === 'http' || !!c.SMS_HTTP_URL,
  )
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'must be an http(s) URL when SMS_PROVIDER or SMS_SECONDARY_PROVIDER is http' },
  )
  SMS_HTTP_URL?: string;

  @IsOptional()
  @IsString()
  SMS_HTTP_ACCOUNT?: string;

  @IsOptional()
  @IsString()
  SMS_HTTP_TOKEN?: string;

  /**
   * Shared with the HTTP gateway, which signs its status callbacks to POST
   * /webhooks/sms/receipts with it (`X-Signature: sha256=<HMAC-SHA256 of the body>`); needed
   * when it is primary or secondary. Unset, every callback is refused (401).
   */
  @ValidateIf(
    (c: NotificationServiceConfig) =>
      c.SMS_PROVIDER === 'http' ||
      c.SMS_SECONDARY_PROVIDER === 'http' ||
      c.SMS_HTTP_WEBHOOK_SECRET !== undefined,
  )
  @IsString({ message: 'must be set when SMS_PROVIDER or SMS_SECONDARY_PROVIDER is http' })
  @MinLength(16)
  SMS_HTTP_WEBHOOK_SECRET?: string;

  // --- delivery worker ---
  @Transform(toBool)
  @IsBoolean()
  DELIVERY_ENABLED: boolean = true;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  DELIVERY_POLL_MS: number = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DELIVERY_MAX_ATTEMPTS: number = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_INITIAL_MS: number = 2_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_MAX_MS: number = 600_000;

  /**
   * Rows a lane claims and hands over at once. A crash leaves at most DELIVERY_BATCH_SIZE ×
   * DELIVERY_CONCURRENCY rows per channel and replica `sending` (email is then resent with the
   * same Message-ID, SMS becomes `unknown`). Fewer are claimed when the rate budget has fewer
   * tokens, so a contract of a few SMS per second also keeps the doubt that small.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  DELIVERY_BATCH_SIZE: number = 50;

  /** Lanes per channel: while one lane records its batch, another sends. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  DELIVERY_CONCURRENCY: number = 2;

  /** A row `sending` for longer than this was left by a crashed worker (see README). */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  DELIVERY_LEASE_MS: number = 120_000;

  /**
   * The platform's rates per channel (sustained per second, bursts of one second's worth), shared
   * by every replica through PostgreSQL: the gateway's contract, not a per-process figure.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_RATE_PER_SECOND: number = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SMS_RATE_PER_SECOND: number = 5;
}
