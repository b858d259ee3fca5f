import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Relief console — not built</title></head>
<body><main><h1>The console is not built yet</h1>
<p>The gateway serves the single-page app from <code>dist/apps/console-web</code>. Build it with
<code>npm run build:console-web</code> (<code>npm start</code> does it), then reload this page.</p>
<p>The API answers under <code>/api/…</code> meanwhile.</p></main></body></html>`;

export function webDirectory(configured: string | undefined): string {
  return resolve(configured ?? join(process.cwd(), 'dist', 'apps', 'console-web'));
}

/**
 * The SPA's build: hashed assets cached for a year, index.html never (so a new build shows at
 * once), and index.html for every other GET that is not the API's (client routes).
 */
export function serveSpa(app: NestExpressApplication, directory: string): void {
  const index = join(directory, 'index.html');
  app.useStaticAssets(directory, {
    index: false,
    setHeaders: (response: Response, path: string) => {
      const hashed = /[/\\]assets[/\\]/.test(path);
      response.setHeader(
        'Cache-Control',
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const ours = request.method === 'GET' || request.method === 'HEAD';
    const api = /^\/(api|health|ready|metrics|docs)(\/|$|\?)/.test(request.path);
    if (!ours || api) return next();
    // A missing asset is a 404, not the app's page.
    if (/^\/assets\//.test(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      response.status(503).type('html').send(NOT_BUILT);
      return;
    }
    response.sendFile(index);
  });
}
