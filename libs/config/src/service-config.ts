import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import {
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
import { KafkaClientConfig } from './kafka-client-config';
import { toInt, trim } from './transforms';

/** Express's own names for address ranges ('trust proxy' takes them among addresses). */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as Express's 'trust proxy' setting: `false` when unset, empty, `false` or `0`
 * (req.ip is the connection's peer); a number of proxy hops in front (1-10: req.ip is the
 * address that many hops back in X-Forwarded-For); else a comma-separated list of proxy
 * addresses, CIDR ranges or `loopback` / `linklocal` / `uniquelocal`. Undefined when invalid.
 */
export function trustProxySetting(raw: string | undefined): false | number | string[] | undefined {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? hops : undefined;
  }
  const entries = value.split(',').map((e) => e.trim());
  const valid = entries.every((entry) => {
    if (PROXY_RANGE_NAMES.has(entry)) return true;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (prefix === undefined) return true;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  });
  return valid ? entries : undefined;
}

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
 * the console gateway (which has no database). The brokers and how to reach them securely are
 * KafkaClientConfig's, which the dead-letter CLI reads too.
 */
export class PlatformProcessConfig extends KafkaClientConfig {
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /**
   * A second HTTP port that alone serves /metrics and (a service's) /admin/* — the public PORT
   * answers them 404: for a cluster where only the scraper and operators reach it. Unset: both
   * on PORT.
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(65535)
  @ValidateBy({
    name: 'notPort',
    validator: {
      validate: (value: unknown, args) => value !== (args?.object as PlatformProcessConfig).PORT,
      defaultMessage: () => 'must differ from PORT',
    },
  })
  INTERNAL_PORT?: number;

  /** How long a SIGTERM may take (drain HTTP, finish the message in hand, flush the outbox). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1_000)
  SHUTDOWN_TIMEOUT_MS: number = 25_000;

  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'must be lowercase letters, digits and dashes' })
  KAFKA_CLIENT_ID!: string;

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

  /**
   * `otlp` sends spans to OTEL_EXPORTER_OTLP_ENDPOINT; `none` (the default) sends them nowhere,
   * while trace ids still travel with requests and events and appear in the logs.
   */
  @IsIn(['none', 'otlp'], { message: 'must be none or otlp' })
  OTEL_TRACES_EXPORTER: 'none' | 'otlp' = 'none';

  /** OTLP/HTTP base URL of the collector; spans are posted to `<endpoint>/v1/traces` as JSON. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an http(s) URL, e.g. http://otel-collector:4318' },
  )
  OTEL_EXPORTER_OTLP_ENDPOINT: string = 'http://127.0.0.1:4318';

  /** The traces' service.name; the service's own name (e.g. incident-service) when unset. */
  @IsOptional()
  @Matches(/^[\w.-]{1,100}$/, { message: 'may hold letters, digits, dots, dashes and underscores' })
  OTEL_SERVICE_NAME?: string;
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
   * Which proxies in front may name the caller in X-Forwarded-For (req.ip, which per-address
   * limits count by): a hop count (`1`: the console gateway) or proxy addresses / CIDR ranges,
   * comma-separated. Unset (the default): none, req.ip is the connection's peer.
   */
  @Transform(trim)
  @IsOptional()
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && trustProxySetting(value) !== undefined,
      defaultMessage: () =>
        'must be false, a number of proxy hops (1-10) or comma-separated proxy addresses or CIDR ranges',
    },
  })
  TRUST_PROXY?: string;

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
