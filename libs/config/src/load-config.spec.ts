import { IsString } from 'class-validator';
import { ConfigValidationError, loadConfig } from './load-config';
import { ServiceConfig, trustProxySetting } from './service-config';

class ExampleConfig extends ServiceConfig {
  @IsString()
  SMTP_HOST: string = 'localhost';
}

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/relief_incident',
  KAFKA_CLIENT_ID: 'incident-service',
  AUTH_PUBLIC_KEY_FILE: '/keys/dev-public.pem',
};

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig(ExampleConfig, {
      ...valid,
      PORT: '3001',
      KAFKA_BROKERS: 'a:9092, b:9093',
    });
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(3);
    expect(config.SMTP_HOST).toBe('localhost');
    expect(config.AUTH_ISSUER).toBe('relief-dev');
    expect(config.IDEMPOTENCY_RETENTION_HOURS).toBe(48);
  });

  it('names a missing setting', () => {
    const { DATABASE_URL: _omitted, ...env } = valid;
    expect(() => loadConfig(ExampleConfig, env)).toThrow(/DATABASE_URL \(not set\)/);
  });

  it.each([
    ['PORT', 'eighty', /PORT \(got "eighty"\)/],
    ['PORT', '70000', /PORT \(got "70000"\)/],
    [
      'KAFKA_BROKERS',
      'localhost',
      /KAFKA_BROKERS \(got "localhost"\): each broker must be host:port/,
    ],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL \(got "mysql:\/\/x\/y"\)/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL \(got "loud"\)/],
    ['KAFKA_CLIENT_ID', 'Incident Service', /KAFKA_CLIENT_ID/],
    ['IDEMPOTENCY_RETENTION_HOURS', '12', /IDEMPOTENCY_RETENTION_HOURS \(got "12"\)/],
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig(ExampleConfig, { ...valid, [name]: value })).toThrow(message);
  });

  it('takes the consumer session settings, a heartbeat within a third of the session', () => {
    const config = loadConfig(ExampleConfig, {
      ...valid,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    });
    expect(config.KAFKA_SESSION_TIMEOUT_MS).toBe(6000);
    expect(loadConfig(ExampleConfig, valid).KAFKA_HEARTBEAT_INTERVAL_MS).toBe(3000);
    expect(() => loadConfig(ExampleConfig, { ...valid, KAFKA_SESSION_TIMEOUT_MS: '3000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS \(got "3000"\)/,
    );
    expect(() =>
      loadConfig(ExampleConfig, {
        ...valid,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '3000',
      }),
    ).toThrow(/KAFKA_HEARTBEAT_INTERVAL_MS \(got "3000"\): must be at most a third/);
  });

  it('takes an internal port only when it differs from PORT', () => {
    expect(loadConfig(ExampleConfig, { ...valid, INTERNAL_PORT: '9464' }).INTERNAL_PORT).toBe(9464);
    expect(loadConfig(ExampleConfig, valid).INTERNAL_PORT).toBeUndefined();
    expect(() =>
      loadConfig(ExampleConfig, { ...valid, PORT: '3001', INTERNAL_PORT: '3001' }),
    ).toThrow(/INTERNAL_PORT \(got "3001"\): must differ from PORT/);
  });

  it('takes TRUST_PROXY as off, a hop count or proxy addresses, and refuses anything else', () => {
    const trust = (value?: string) =>
      trustProxySetting(loadConfig(ExampleConfig, { ...valid, TRUST_PROXY: value }).TRUST_PROXY);
    expect(trust(undefined)).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.5, 10.1.0.0/16,loopback')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
    ]);
    expect(trust('::1,fd00::/8')).toEqual(['::1', 'fd00::/8']);
    for (const bad of ['yes', '11', '10.0.0.300', '10.0.0.0/33', 'gateway']) {
      expect(() => loadConfig(ExampleConfig, { ...valid, TRUST_PROXY: bad })).toThrow(
        /TRUST_PROXY/,
      );
    }
  });

  it('requires one way to check tokens', () => {
    const { AUTH_PUBLIC_KEY_FILE: _omitted, ...env } = valid;
    expect(() => loadConfig(ExampleConfig, env)).toThrow(/AUTH_JWKS_URL/);
    expect(
      loadConfig(ExampleConfig, { ...env, AUTH_JWKS_URL: 'http://idp:8080/certs' }).AUTH_JWKS_URL,
    ).toBe('http://idp:8080/certs');
  });

  it('reports every bad setting at once', () => {
    try {
      loadConfig(ExampleConfig, { ...valid, PORT: 'x', LOG_LEVEL: 'loud' });
      fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).problems).toHaveLength(2);
    }
  });
});
