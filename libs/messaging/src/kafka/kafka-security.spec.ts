import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClientConfig, loadConfig } from '@relief/config';
import { kafkaSecurity } from './kafka-security';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const load = (env: Record<string, string>) => loadConfig(KafkaClientConfig, env);

describe('kafkaSecurity', () => {
  it('is empty for an unsecured broker', () => {
    expect(kafkaSecurity(load({}))).toEqual({});
  });

  it('reads the password file without its trailing newline', () => {
    const security = kafkaSecurity(
      load({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'console',
        KAFKA_SASL_PASSWORD_FILE: file('password', 's3cret\n'),
      }),
    );
    expect(security).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'console', password: 's3cret' },
    });
  });

  it('reads the CA and the client certificate for TLS', () => {
    const security = kafkaSecurity(
      load({
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: file('ca.pem', 'CA'),
        KAFKA_SSL_CERT_FILE: file('cert.pem', 'CERT'),
        KAFKA_SSL_KEY_FILE: file('key.pem', 'KEY'),
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'console',
        KAFKA_SASL_PASSWORD: 'inline',
      }),
    );
    expect(security).toEqual({
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY' },
      sasl: { mechanism: 'scram-sha-256', username: 'console', password: 'inline' },
    });
    expect(kafkaSecurity(load({ KAFKA_SSL: 'true' }))).toEqual({ tls: {} });
  });
});
