/** Turning a table entry and a caller into an HTTP request, and reading what came back. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { encodeQuery, fillPath, type Endpoint, type ValidCall } from './endpoints';
import type { HttpRequest, HttpResponse, Method, Who, World } from './world';

export async function authorization(
  world: World,
  who: Who,
  call: ValidCall,
): Promise<Record<string, string>> {
  if (who === 'anonymous') return {};
  const token = who === 'self' ? (call.selfToken ?? (await world.selfToken())) : world.token(who);
  return { Authorization: `Bearer ${token}` };
}

/** The valid call as `who` would send it. */
export async function render(
  world: World,
  endpoint: Endpoint,
  call: ValidCall,
  who: Who,
): Promise<HttpRequest> {
  return {
    method: endpoint.method,
    path: fillPath(endpoint.path, call.params),
    query: call.query ? encodeQuery(call.query) : undefined,
    body: call.raw?.body ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
    contentType: call.raw?.contentType,
    headers: {
      ...(await authorization(world, who, call)),
      ...(call.ifMatch !== undefined && endpoint.ifMatch
        ? { 'If-Match': `"${call.ifMatch}"` }
        : {}),
      ...call.headers,
    },
  };
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** What is wrong with an error answer's shape (RFC 9457 problem details), if anything. */
export function problemShapeFailure(response: HttpResponse): string | undefined {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) {
    return `content type ${type || '(none)'}, not application/problem+json: ${response.text.slice(0, 200)}`;
  }
  const problem = response.json as Partial<Problem> | undefined;
  if (!problem || typeof problem !== 'object') return 'the body is not a JSON object';
  if (problem.status !== response.status) {
    return `problem status ${String(problem.status)} differs from HTTP status ${response.status}`;
  }
  if (typeof problem.code !== 'string' || problem.code === '') return 'no problem code';
  if (typeof problem.detail !== 'string' || problem.detail.trim() === '') return 'no detail';
  if (problem.errors !== undefined) {
    if (!Array.isArray(problem.errors)) return '`errors` is not an array';
    for (const e of problem.errors) {
      if (typeof e?.field !== 'string' || typeof e.message !== 'string' || e.message === '') {
        return `an entry of errors names no field: ${JSON.stringify(e)}`;
      }
    }
  }
  return undefined;
}

/**
 * A 401 carries an RFC 6750 challenge whose quoted values hold only what RFC 6750 allows there
 * (printable ASCII without `"` and `\\`: no escaping is defined for them).
 */
export function challengeFailure(response: HttpResponse): string | undefined {
  if (response.status !== 401) return undefined;
  const header = response.headers['www-authenticate'];
  if (typeof header !== 'string') return '401 without one WWW-Authenticate header';
  const param = /^[a-z_]+="[\x20\x21\x23-\x5B\x5D-\x7E]*"$/;
  const match = /^Bearer (.*)$/.exec(header);
  const params = match?.[1].split(', ') ?? [];
  if (!match || !params.every((p) => param.test(p))) {
    return `WWW-Authenticate is not an RFC 6750 challenge: ${header}`;
  }
  return undefined;
}

export interface RegisteredRoute {
  method: Method;
  path: string;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The routes the Express application under a Nest app answers, as Express holds them. */
export function registeredRoutes(app: NestExpressApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap((layer) => {
    if (!layer.route) return [];
    const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
    // Nest mounts its middleware (e.g. the request logger) as one route taking every method.
    if (methods.length > 10) return [];
    return methods.map((m) => ({ method: m.toUpperCase() as Method, path: layer.route!.path }));
  });
}
