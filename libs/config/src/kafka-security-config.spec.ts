import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';
import { PlatformProcessConfig } from './service-config';

const base = { KAFKA_CLIENT_ID: 'incident-service', AUTH_PUBLIC_KEY_FILE: '/keys/dev-public.pem' };
const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const passwordFile = join(dir, 'password');
const caFile = join(dir, 'ca.pem');
writeFileSync(passwordFile, 'from-a-file\n');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');

const load = (env: Record<string, string>) =>
  loadConfig(PlatformProcessConfig, { ...base, ...env });

describe('Kafka security settings', () => {
  it('are off by default: a local, unsecured broker', () => {
    const config = load({});
    expect(config.KAFKA_SSL).toBe(false);
    expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('take SCRAM with a password or a password file, the mechanism in any case', () => {
    const config = load({
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'incident-service',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(config.KAFKA_SASL_USERNAME).toBe('incident-service');
    const fromFile = load({
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'incident-service',
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    expect(fromFile.KAFKA_SASL_PASSWORD_FILE).toBe(passwordFile);
  });

  it('refuse a mechanism without a username and a password, naming both', () => {
    expect(() => load({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(
      /KAFKA_SASL_USERNAME \(not set\): required when KAFKA_SASL_MECHANISM is set[\s\S]*KAFKA_SASL_PASSWORD \(not set\): required when KAFKA_SASL_MECHANISM is set and KAFKA_SASL_PASSWORD_FILE is not/,
    );
  });

  it('refuse a password given twice, without showing it', () => {
    const attempt = () =>
      load({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'hunter2',
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      });
    expect(attempt).toThrow(/KAFKA_SASL_PASSWORD \(set, value not shown\): used only when/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it.each([
    [
      'KAFKA_SASL_MECHANISM',
      { KAFKA_SASL_MECHANISM: 'plain' },
      /must be one of scram-sha-256, scram-sha-512/,
    ],
    [
      'KAFKA_SASL_USERNAME',
      { KAFKA_SASL_USERNAME: 'u' },
      /KAFKA_SASL_USERNAME \(got "u"\): used only when KAFKA_SASL_MECHANISM is set/,
    ],
    [
      'KAFKA_SASL_PASSWORD',
      { KAFKA_SASL_PASSWORD: 'p' },
      /KAFKA_SASL_PASSWORD \(set, value not shown\): used only when/,
    ],
    [
      'KAFKA_SASL_PASSWORD_FILE',
      {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'missing'),
      },
      /KAFKA_SASL_PASSWORD_FILE \(got ".*missing"\): must name a file this process can read/,
    ],
    [
      'KAFKA_SSL_CA_FILE',
      { KAFKA_SSL_CA_FILE: caFile },
      /KAFKA_SSL_CA_FILE \(got ".*"\): used only when KAFKA_SSL=true/,
    ],
    [
      'KAFKA_SSL_CA_FILE',
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: dir },
      /KAFKA_SSL_CA_FILE .*must name a file/,
    ],
    [
      'KAFKA_SSL_KEY_FILE',
      { KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: caFile },
      /KAFKA_SSL_KEY_FILE \(not set\): required when KAFKA_SSL=true and KAFKA_SSL_CERT_FILE is set/,
    ],
    [
      'KAFKA_SSL_KEY_FILE',
      { KAFKA_SSL: 'true', KAFKA_SSL_KEY_FILE: caFile },
      /KAFKA_SSL_KEY_FILE .*used only when KAFKA_SSL=true and KAFKA_SSL_CERT_FILE is set/,
    ],
  ])('refuse a bad %s at boot', (_name, env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('take TLS with a private CA and a client certificate', () => {
    const config = load({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: caFile,
      KAFKA_SSL_CERT_FILE: caFile,
      KAFKA_SSL_KEY_FILE: caFile,
    });
    expect(config.KAFKA_SSL).toBe(true);
    expect(config.KAFKA_SSL_CA_FILE).toBe(caFile);
  });
});
