import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { activeTraceIds, contextFromHeaders, inSpan, startTracing, traceHeaders } from './tracing';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const UPSTREAM = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context helpers', () => {
  beforeAll(() => {
    startTracing({ service: 'tracing-spec', exporter: 'none', endpoint: 'http://127.0.0.1:4318' });
  });

  it('gives the traceparent of the active span, and nothing outside a span', async () => {
    expect(traceHeaders()).toEqual({});
    await inSpan('work', {}, async (span) => {
      const [, traceId, spanId] = TRACEPARENT.exec(traceHeaders().traceparent ?? '') ?? [];
      expect(traceId).toBe(span.spanContext().traceId);
      expect(spanId).toBe(span.spanContext().spanId);
    });
    expect(traceHeaders()).toEqual({});
  });

  it('continues the trace a traceparent names: same trace id, the sender as parent', async () => {
    const parent = contextFromHeaders({ traceparent: UPSTREAM });
    const span = await inSpan('child', { parent }, async (active) => active);
    const readable = span as unknown as ReadableSpan;
    expect(readable.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(readable.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(readable.ended).toBe(true);
  });

  it('nests spans: a span started inside another is its child', async () => {
    await inSpan('outer', {}, async (outer) => {
      const inner = await inSpan('inner', {}, async (span) => span);
      expect((inner as unknown as ReadableSpan).parentSpanContext?.spanId).toBe(
        outer.spanContext().spanId,
      );
      expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    });
  });

  it('starts a new trace from a missing or malformed traceparent', async () => {
    for (const traceparent of [undefined, 'not-a-traceparent', `${UPSTREAM}x`]) {
      const span = await inSpan(
        'root',
        { parent: contextFromHeaders({ traceparent }) },
        async (s) => s,
      );
      expect((span as unknown as ReadableSpan).parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    }
  });

  it('marks a span failed when its work throws, ends it, and rethrows', async () => {
    let failed: ReadableSpan | undefined;
    await expect(
      inSpan('fails', {}, async (span) => {
        failed = span as unknown as ReadableSpan;
        throw new Error('provider down');
      }),
    ).rejects.toThrow('provider down');
    expect(failed?.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(failed?.ended).toBe(true);
    expect(failed?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('names the active trace and span for log lines', async () => {
    expect(activeTraceIds()).toEqual({});
    await inSpan('logged', {}, async (span) => {
      expect(activeTraceIds()).toEqual({
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
      });
      expect(trace.getActiveSpan()).toBe(span);
    });
  });
});
