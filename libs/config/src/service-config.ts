import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { toInt, toList } from './transforms';

/** The property must be below a third of `other` (Kafka's rule for heartbeats and sessions). */
function BelowAThirdOf(other: string) {
  return ValidateBy({
    name: 'belowAThirdOf',
    validator: {
      validate: (value: unknown, args) => {
        const limit = (args?.object as Record<string, unknown>)[other];
        return typeof value !== 'number' || typeof limit !== 'number' || value * 3 <= limit;
      },
      defaultMessage: () => `must be at most a third of ${other}`,
    },
  });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Settings of every process of the platform that serves HTTP and reads Kafka: the services and
 * the console gateway (which has no database).
 */
export class PlatformProcessConfig {
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** How long a SIGTERM may take (drain HTTP, finish the message in hand, flush the outbox). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1_000)
  SHUTDOWN_TIMEOUT_MS: number = 25_000;

  @Transform(toList)
  @ArrayNotEmpty({ message: 'must list at least one broker' })
  @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'each broker must be host:port' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'must be lowercase letters, digits and dashes' })
  KAFKA_CLIENT_ID!: string;

  @IsString()
  @Matches(/^[\w.-]*$/, { message: 'may hold letters, digits, dots, dashes and underscores only' })
  KAFKA_TOPIC_PREFIX: string = '';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  KAFKA_TOPIC_PARTITIONS: number = 3;

  /**
   * How long the broker waits for a silent consumer (a killed replica) before handing its
   * partitions to the others. The broker accepts 6 s to 30 min by default.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(6_000)
  @Max(1_800_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 30_000;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(100)
  @BelowAThirdOf('KAFKA_SESSION_TIMEOUT_MS')
  KAFKA_HEARTBEAT_INTERVAL_MS: number = 3_000;

  /** JWKS endpoint of the identity provider (e.g. Keycloak's .../protocol/openid-connect/certs). */
  @ValidateIf((c: PlatformProcessConfig) => !c.AUTH_PUBLIC_KEY_FILE)
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an http(s) URL; set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE' },
  )
  AUTH_JWKS_URL?: string;

  /** PEM (SPKI) public key that signs tokens, for set-ups without a JWKS endpoint. */
  @IsOptional()
  @IsString()
  AUTH_PUBLIC_KEY_FILE?: string;

  @IsString()
  AUTH_ISSUER: string = 'relief-dev';

  @IsString()
  AUTH_AUDIENCE: string = 'relief-platform';

  /** Tokens claiming a longer lifetime (exp − iat) are refused; a token without exp always is. */
  @IsInt()
  @Min(60)
  @Max(7 * 86_400)
  AUTH_MAX_TOKEN_LIFETIME_S: number = 86_400;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Pretty, coloured logs for people at a terminal; JSON otherwise. */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';
}

/** Settings every service needs. Each service extends it with its own. */
export class ServiceConfig extends PlatformProcessConfig {
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    {
      message: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/relief_incident',
    },
  )
  DATABASE_URL!: string;

  /**
   * How long an Idempotency-Key and its stored answer are kept (hours): a retry within it gets
   * the first answer. At least a day, as the API promises.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(24, { message: 'must be at least 24 (a day)' })
  @Max(24 * 90)
  IDEMPOTENCY_RETENTION_HOURS: number = 48;

  /** How often the audit sealer chains new audit rows (ms); 0 seals only when verify runs. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(3_600_000)
  AUDIT_SEAL_INTERVAL_MS: number = 1_000;
}
