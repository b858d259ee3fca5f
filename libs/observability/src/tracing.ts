import { hostname } from 'node:os';
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** The resource's `service.name`, e.g. `incident-service`. */
  service: string;
  /**
   * `none`: spans get ids (logs and events carry them) but go nowhere; `otlp`: OTLP/HTTP JSON,
   * and the database queries made inside a span get spans of their own.
   */
  exporter: 'none' | 'otlp';
  /** OTLP/HTTP base URL (e.g. http://otel-collector:4318); spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
}

export interface Tracing {
  /** Exports the spans still queued and stops; later spans are dropped. */
  shutdown(): Promise<void>;
}

/** The tracer of the platform's own spans; resolves through the provider registered below. */
const tracer = trace.getTracer('@relief/observability');

let started: Tracing | undefined;

/**
 * Tells the replicas of a service apart: `<host>/<pid>` (the host is the pod's name on
 * Kubernetes). The spans' `service.instance.id`, and what the notification ledger records as the
 * worker that sent a row.
 */
export function serviceInstanceId(): string {
  return `${hostname()}/${process.pid}`;
}

/**
 * Registers the process's tracer provider, W3C trace context as the propagator and the
 * AsyncLocalStorage context manager. Once per process: a process is one service (tests that
 * run several services in one process share the first one's provider). With the OTLP exporter
 * it also instruments `pg`: the `require('pg')` that follows (TypeORM's, when the database
 * module is built) patches its Client in place, so call this before (tracingProvider does).
 */
export function startTracing(options: TracingOptions): Tracing {
  if (started) return started;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.service,
      'service.instance.id': serviceInstanceId(),
    }),
    spanProcessors:
      options.exporter === 'otlp'
        ? [
            new BatchSpanProcessor(
              new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
            ),
          ]
        : [],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  if (options.exporter === 'otlp') {
    registerInstrumentations({
      tracerProvider: provider,
      // Only queries of a traced request, consumer or send: polls and leases would each start
      // a trace of their own. Statements only (values are parameters), never their values.
      instrumentations: [new PgInstrumentation({ requireParentSpan: true })],
    });
  }
  started = { shutdown: () => provider.shutdown() };
  return started;
}

/** `traceparent` (and `tracestate`) of the active span, to store or send on; {} without one. */
export function traceHeaders(active: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier;
}

/** The context a `traceparent` (HTTP or Kafka headers, a stored row) continues; root without one. */
export function contextFromHeaders(headers: Readonly<Record<string, unknown>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** trace_id and span_id of the active span, for log lines; {} outside a span. */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  const ids = span?.spanContext();
  return ids && isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/**
 * Runs `work` in a new span, a child of `parent` (default: the active context), and ends it
 * when the work settles; a thrown error marks the span failed and is rethrown.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions & { parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  const span = tracer.startSpan(name, spanOptions, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (an HTTP request ends after the handler returned). */
export function startSpan(name: string, options: SpanOptions, parent: Context): Span {
  return tracer.startSpan(name, options, parent);
}
