import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { base } from './problem-details.filter';
import { RequestContext } from '@relief/observability';

/** No legitimate body on this platform comes near it; larger ones are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * JSON bodies only, bounded in size. body-parser's errors happen before Nest's exception
 * filters run, so they are turned into problem details here.
 */
export function installBodyParsing(app: NestExpressApplication): void {
  app.use(json({ limit: MAX_BODY_BYTES, strict: true }));
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const parserError = error as { type?: string; status?: number };
    if (!parserError?.type || !parserError.status) return next(error);
    const correlationId = RequestContext.current()?.correlationId;
    const problem =
      parserError.type === 'entity.too.large'
        ? base(
            413,
            'body_too_large',
            `the body is larger than ${MAX_BODY_BYTES} bytes`,
            correlationId,
          )
        : parserError.type === 'entity.parse.failed'
          ? base(400, 'malformed_json', 'the body is not valid JSON', correlationId)
          : base(
              parserError.status,
              'unreadable_body',
              'the body could not be read',
              correlationId,
            );
    res.status(problem.status).type('application/problem+json').json(problem);
  });
}
