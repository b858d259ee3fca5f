import type { Problem } from './problems';

/** A refusal from the API, carrying its problem details. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.code);
  }
}

/** A 412: someone changed the record since this user read it (If-Match no longer matches). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.problem.status === 412;
}

let token: string | null = null;
export function setAccessToken(value: string | null): void {
  token = value;
}
export function accessToken(): string | null {
  return token;
}

export interface Answer<T> {
  data: T;
  /** The version from `ETag: "<n>"`, when the answer had one. */
  version: number | null;
}

export interface Call {
  method?: string;
  body?: unknown;
  /** The version being changed: sent as If-Match. */
  ifMatch?: number;
  signal?: AbortSignal;
}

/** One call through the gateway: `/api/<service>/<path>`, the user's bearer token. */
export async function api<T>(path: string, call: Call = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  if (call.ifMatch !== undefined) headers['If-Match'] = `"${call.ifMatch}"`;
  const method = call.method ?? (call.body === undefined ? 'GET' : 'POST');
  if (method === 'POST') headers['Idempotency-Key'] = idempotencyKeyOf(call.body);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: call.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', detail: String(error) });
  }
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object' && 'code' in parsed
        ? (parsed as Problem)
        : { status: response.status, code: '', detail: typeof parsed === 'string' ? parsed : '' };
    // A 429 (or 503) says when to come back in its Retry-After header, not in the body.
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError({
      ...problem,
      status: response.status,
      ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  return { data: parsed as T, version: versionOf(response.headers.get('ETag')) };
}

const submissionKeys = new WeakMap<object, string>();

/**
 * The Idempotency-Key of a submission, so that a POST retried on a poor link is applied once.
 * react-query gives every automatic retry of a mutation the same variables, hence the same body
 * object: its retries reuse the key, while a new submission (a new body) gets a fresh one.
 */
export function idempotencyKeyOf(body: unknown): string {
  if (body === null || typeof body !== 'object') return crypto.randomUUID();
  let key = submissionKeys.get(body);
  if (!key) {
    key = crypto.randomUUID();
    submissionKeys.set(body, key);
  }
  return key;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function versionOf(etag: string | null): number | null {
  const match = etag?.match(/^(?:W\/)?"(\d+)"$/);
  return match ? Number(match[1]) : null;
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * Refusals that only say "not yet": the event that makes it possible is still on its way to this
 * service (422 incident_unknown / request_unknown with Retry-After, 409 acceptance_not_confirmed).
 * Mutations retry them for about half a minute instead of asking the user to press again.
 */
export const NOT_YET = ['incident_unknown', 'request_unknown', 'acceptance_not_confirmed'];

export function retryNotYet(failures: number, error: unknown): boolean {
  return error instanceof ApiError && NOT_YET.includes(error.problem.code) && failures < 15;
}

export const NOT_YET_DELAY_MS = 2000;
