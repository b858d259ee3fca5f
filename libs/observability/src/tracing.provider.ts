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
 * console gateway's module both use it); at shutdown it exports the spans still queued. Started
 * here, while the modules are defined, not when Nest builds them: the database driver loads
 * `pg` while Nest builds its module, and only a `pg` required after this is instrumented.
 */
export function tracingProvider(config: TracingSettings, service: string): Provider {
  const tracing = startTracing({
    service: config.OTEL_SERVICE_NAME ?? service,
    exporter: config.OTEL_TRACES_EXPORTER,
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  return {
    provide: TRACING,
    useFactory: () => ({ onApplicationShutdown: () => tracing.shutdown() }),
  };
}
