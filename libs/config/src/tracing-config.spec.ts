import { loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/relief_incident',
  KAFKA_CLIENT_ID: 'incident-service',
  AUTH_PUBLIC_KEY_FILE: '/keys/dev-public.pem',
};

describe('tracing settings', () => {
  it('export nothing by default', () => {
    const config = loadConfig(ServiceConfig, valid);
    expect(config.OTEL_TRACES_EXPORTER).toBe('none');
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4318');
    expect(config.OTEL_SERVICE_NAME).toBeUndefined();
  });

  it('take an OTLP collector and a service name', () => {
    const config = loadConfig(ServiceConfig, {
      ...valid,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel-collector.monitoring:4318',
      OTEL_SERVICE_NAME: 'incident-service.kz',
    });
    expect(config).toMatchObject({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel-collector.monitoring:4318',
      OTEL_SERVICE_NAME: 'incident-service.kz',
    });
  });

  it.each([
    [
      'OTEL_TRACES_EXPORTER',
      'jaeger',
      /OTEL_TRACES_EXPORTER \(got "jaeger"\): must be none or otlp/,
    ],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'otel-collector:4318',
      /OTEL_EXPORTER_OTLP_ENDPOINT .*http\(s\) URL/,
    ],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://collector:4317', /OTEL_EXPORTER_OTLP_ENDPOINT/],
    ['OTEL_SERVICE_NAME', 'incident service', /OTEL_SERVICE_NAME \(got "incident service"\)/],
  ])('refuse %s=%s, naming it', (name, value, message) => {
    expect(() => loadConfig(ServiceConfig, { ...valid, [name]: value })).toThrow(message);
  });
});
