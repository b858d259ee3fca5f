import { accessSync, constants, statSync } from 'node:fs';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateBy,
} from 'class-validator';
import { toBool, toList, trim } from './transforms';

/**
 * The property may be set only when `when(config)` holds (`condition` says it in words), and
 * must be when `required`: a setting that would be ignored is refused rather than overlooked.
 */
function SetOnlyWhen<C>(when: (config: C) => boolean, condition: string, required = false) {
  return ValidateBy({
    name: 'setOnlyWhen',
    validator: {
      validate: (value: unknown, args) => {
        const applies = when(args?.object as C);
        return value === undefined ? !(applies && required) : applies;
      },
      defaultMessage: (args) =>
        args?.value === undefined
          ? `required when ${condition}`
          : `used only when ${condition}: set that too, or remove this setting`,
    },
  });
}

/** When set, the property names a file this process can read (a mounted secret, a certificate). */
function IsReadableFile() {
  return ValidateBy({
    name: 'isReadableFile',
    validator: {
      validate: (value: unknown) => {
        if (value === undefined) return true;
        if (typeof value !== 'string') return false;
        try {
          accessSync(value, constants.R_OK);
          return statSync(value).isFile();
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'must name a file this process can read',
    },
  });
}

const saslOn = (c: KafkaClientConfig): boolean => c.KAFKA_SASL_MECHANISM !== undefined;

export const KAFKA_SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512'] as const;

/**
 * Which brokers, under which topic prefix, and how to reach them securely (TLS, SASL): what every
 * Kafka client of the platform reads, the services (PlatformProcessConfig) and the dead-letter
 * CLI alike.
 */
export class KafkaClientConfig {
  @Transform(toList)
  @ArrayNotEmpty({ message: 'must list at least one broker' })
  @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'each broker must be host:port' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @IsString()
  @Matches(/^[\w.-]*$/, { message: 'may hold letters, digits, dots, dashes and underscores only' })
  KAFKA_TOPIC_PREFIX: string = '';

  /** TLS to the brokers (a managed Kafka's TLS listener); checked against Node's CA bundle. */
  @Transform(toBool)
  @IsBoolean()
  KAFKA_SSL: boolean = false;

  /** PEM bundle of the CA that signs the brokers' certificates, instead of Node's bundle. */
  @SetOnlyWhen((c: KafkaClientConfig) => c.KAFKA_SSL, 'KAFKA_SSL=true')
  @IsReadableFile()
  KAFKA_SSL_CA_FILE?: string;

  /** Client certificate (PEM) for brokers that want mutual TLS; with KAFKA_SSL_KEY_FILE. */
  @SetOnlyWhen((c: KafkaClientConfig) => c.KAFKA_SSL, 'KAFKA_SSL=true')
  @IsReadableFile()
  KAFKA_SSL_CERT_FILE?: string;

  /** Private key (PEM) of KAFKA_SSL_CERT_FILE. */
  @SetOnlyWhen(
    (c: KafkaClientConfig) => c.KAFKA_SSL && c.KAFKA_SSL_CERT_FILE !== undefined,
    'KAFKA_SSL=true and KAFKA_SSL_CERT_FILE is set',
    true,
  )
  @IsReadableFile()
  KAFKA_SSL_KEY_FILE?: string;

  /** SASL sign-in to the brokers: scram-sha-256 or scram-sha-512; unset, no SASL. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsOptional()
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: (typeof KAFKA_SASL_MECHANISMS)[number];

  @Transform(trim)
  @SetOnlyWhen(saslOn, 'KAFKA_SASL_MECHANISM is set', true)
  KAFKA_SASL_USERNAME?: string;

  /** The SASL password itself; KAFKA_SASL_PASSWORD_FILE (a mounted secret) is preferred. */
  @SetOnlyWhen(
    (c: KafkaClientConfig) => saslOn(c) && c.KAFKA_SASL_PASSWORD_FILE === undefined,
    'KAFKA_SASL_MECHANISM is set and KAFKA_SASL_PASSWORD_FILE is not',
    true,
  )
  KAFKA_SASL_PASSWORD?: string;

  /** A file holding the SASL password (one trailing newline is ignored). */
  @SetOnlyWhen(saslOn, 'KAFKA_SASL_MECHANISM is set')
  @IsReadableFile()
  KAFKA_SASL_PASSWORD_FILE?: string;
}
