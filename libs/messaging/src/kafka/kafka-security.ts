import { readFileSync } from 'node:fs';
import type { KafkaClientConfig } from '@relief/config';
import type { KafkaSecurity } from '../messaging.options';

/**
 * The Kafka security settings (validated by KafkaClientConfig: a service's at boot, the
 * dead-letter CLI's at its start) with their files read, as MessagingOptions.security and the
 * event tap take them.
 */
export function kafkaSecurity(config: KafkaClientConfig): KafkaSecurity {
  const read = (file: string | undefined): string | undefined =>
    file === undefined ? undefined : readFileSync(file, 'utf8');
  const tls = config.KAFKA_SSL
    ? {
        ...(config.KAFKA_SSL_CA_FILE ? { ca: read(config.KAFKA_SSL_CA_FILE) } : {}),
        ...(config.KAFKA_SSL_CERT_FILE
          ? { cert: read(config.KAFKA_SSL_CERT_FILE), key: read(config.KAFKA_SSL_KEY_FILE) }
          : {}),
      }
    : undefined;
  const mechanism = config.KAFKA_SASL_MECHANISM;
  const sasl = mechanism
    ? {
        mechanism,
        username: config.KAFKA_SASL_USERNAME ?? '',
        // A secret file written with `echo` ends in a newline that is no part of the password.
        password:
          config.KAFKA_SASL_PASSWORD ??
          (read(config.KAFKA_SASL_PASSWORD_FILE) ?? '').replace(/\r?\n$/, ''),
      }
    : undefined;
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
}
