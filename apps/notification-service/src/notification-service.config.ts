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
} from 'class-validator';

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

  // --- SMS ---
  @IsIn(['smpp', 'http'])
  SMS_PROVIDER: 'smpp' | 'http' = 'smpp';

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

  /** Sender shown on phones (alphanumeric, at most 11 characters). */
  @IsString()
  SMS_SENDER: string = 'RELIEF';

  /** Twilio-like HTTP gateway: POST `${SMS_HTTP_URL}/Messages`. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SMS_HTTP_URL?: string;

  @IsOptional()
  @IsString()
  SMS_HTTP_ACCOUNT?: string;

  @IsOptional()
  @IsString()
  SMS_HTTP_TOKEN?: string;

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
   * Rows sent at once per channel, each claimed just before it is handed over: a crash leaves at
   * most this many rows per channel in doubt. 1 (the default) suits a contract of a few SMS per
   * second; a gateway that takes hundreds per second needs several to use it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  DELIVERY_CONCURRENCY: number = 1;

  /** A row `sending` for longer than this was left by a crashed worker (see README). */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  DELIVERY_LEASE_MS: number = 120_000;

  /** Token buckets: sustained messages per second and burst, per channel. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_RATE_PER_SECOND: number = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SMS_RATE_PER_SECOND: number = 5;
}
