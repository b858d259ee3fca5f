import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { RequestContext } from './request-context';
import { activeTraceIds } from './tracing';

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\w.:-]{1,100}$/;

export interface LoggingOptions {
  service: string;
  level: string;
  format: 'json' | 'pretty';
}

/** Taken from the caller when it looks like an id, otherwise a fresh one (never trust arbitrary text in logs). */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && CORRELATION_ID.test(value) ? value : randomUUID();
}

/**
 * pino for the whole service: JSON lines, each carrying the service name and, through the mixin,
 * the correlation id of the request or event being handled and the trace_id / span_id of the
 * active span (so a line can be found from a trace and the other way round).
 */
export function loggerParams(options: LoggingOptions): Params {
  return {
    pinoHttp: {
      level: options.level,
      base: { service: options.service },
      mixin: () => {
        const ctx = RequestContext.current();
        return {
          ...(ctx
            ? {
                correlationId: ctx.correlationId,
                causationId: ctx.causationId,
                actor: ctx.actor?.subject,
              }
            : {}),
          ...activeTraceIds(),
        };
      },
      genReqId: (req: IncomingMessage) =>
        RequestContext.current()?.correlationId ??
        correlationIdFrom(req.headers[CORRELATION_HEADER]),
      // Probes and scrapes every few seconds would drown the useful lines.
      autoLogging: {
        ignore: (req: IncomingMessage) => /^\/(health|ready|metrics)\b/.test(req.url ?? ''),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      transport:
        options.format === 'pretty'
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
            }
          : undefined,
    },
  };
}
