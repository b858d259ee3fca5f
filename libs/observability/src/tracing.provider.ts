import type { Provider } from '@nestjs/common';
import { startTracing } from './tracing';

/** The OTEL_* settings (PlatformProcessConfig's) that decide where a process's spans go. */
export interface TracingSettings {
  OTEL_TRACES_EXPORTER: 'none' | 'otlp';
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  OTEL_SERVICE_NAME?: string;
}

const TRACING = Symbol('tracing');

/**
 * The process's tracer provider as a Nest provider (the services' ServiceCoreModule and the
 * console gateway's module both use it): started when the module is built, and at shutdown it
 * exports the spans still queued.
 */
export function tracingProvider(config: TracingSettings, service: string): Provider {
  return {
    provide: TRACING,
    useFactory: () => {
      const tracing = startTracing({
        service: config.OTEL_SERVICE_NAME ?? service,
        exporter: config.OTEL_TRACES_EXPORTER,
        endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
      });
      return { onApplicationShutdown: () => tracing.shutdown() };
    },
  };
}
