import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdFrom } from './logger';
import { RequestContext } from './request-context';

/**
 * Opens the request's context so logs and the events it causes share one correlation id.
 * Installed first, before body parsing, so even a refused body is answered with the id.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
  res.setHeader(CORRELATION_HEADER, correlationId);
  RequestContext.run({ correlationId }, next);
}
