import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { DiscoveryService } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';

/** What a bulk endpoint takes instead of the platform's small JSON bodies. */
export interface BulkBodyOptions {
  /** Media types it takes; `application/json` is parsed, any other arrives as text. */
  types: readonly string[];
  /** Its own size limit (decoded bytes), instead of MAX_BODY_BYTES. */
  maxBytes: number;
}

/** A bulk endpoint, as installBodyParsing is told of it. */
export interface BulkBodyRoute extends BulkBodyOptions {
  method: string;
  /** As Nest registers it, e.g. `/subscribers/import` (no path parameters). */
  path: string;
}

const BULK_BODY = 'relief:bulk-body';

/**
 * `@BulkBody({ types, maxBytes })` on an upload endpoint (an import): body parsing, which runs
 * before routing, lets it take these types up to this size (see installBodyParsing). Read the
 * body with `@BulkContent()`.
 */
export function BulkBody(options: BulkBodyOptions): MethodDecorator {
  return applyDecorators(SetMetadata(BULK_BODY, options), ApiConsumes(...options.types));
}

/** The body of a @BulkBody endpoint and the media type it came as (undefined: no body). */
export interface BulkContent {
  type: string | undefined;
  /** The parsed JSON, or the text of any other type. */
  body: unknown;
}

/**
 * `@BulkContent() content: BulkContent`. A custom parameter: the global ValidationPipe leaves it
 * alone (a CSV text is not one line, and a 100 000-row body is validated row by row by its
 * endpoint, with the same DTOs).
 */
export const BulkContent = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  return { type, body: req.body as unknown } satisfies BulkContent;
});

function joinPath(...parts: unknown[]): string {
  const segments = parts
    .map((part): unknown => (Array.isArray(part) ? (part as unknown[])[0] : part))
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part.length > 0);
  return `/${segments.join('/')}`;
}

/** Every @BulkBody endpoint of the application's controllers. */
export function bulkBodyRoutes(app: INestApplication): BulkBodyRoute[] {
  const routes: BulkBodyRoute[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as (new () => unknown) | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const options = Reflect.getMetadata(BULK_BODY, handler) as BulkBodyOptions | undefined;
      if (!options) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      routes.push({
        ...options,
        method: RequestMethod[method],
        path: joinPath(
          Reflect.getMetadata(PATH_METADATA, controller),
          Reflect.getMetadata(PATH_METADATA, handler),
        ),
      });
    }
  }
  return routes;
}
