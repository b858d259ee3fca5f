import { createHash } from 'node:crypto';
import { DomainException } from '../domain.exception';

/** The request header a client names a write with, so that its retries are applied once. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on an answer that is the stored answer of an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Answer headers kept with the stored answer and sent again on a replay. */
export const REPLAYED_HEADERS = ['location', 'etag'] as const;

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * How long a first request may take before a repeat stops being told "still running": past it
 * the request was most likely cut off (a crash between its commit and storing its answer).
 * Handlers are bounded well below it (statement_timeout 30 s).
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

/** The key as sent, or a 400 naming the header (1–200 printable ASCII characters). */
export function parseIdempotencyKey(value: string | string[]): string {
  const key = Array.isArray(value) ? value.join(', ') : value;
  if (key.length >= 1 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && PRINTABLE_ASCII.test(key)) {
    return key;
  }
  throw DomainException.invalidField(
    'invalid_idempotency_key',
    IDEMPOTENCY_KEY_HEADER,
    `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters (a UUID, say)`,
    `the ${IDEMPOTENCY_KEY_HEADER} header is not a usable key`,
  );
}

/** Who a key belongs to: one caller's keys never meet another's. */
export function callerOf(user: { sub: string; org?: string } | undefined): string {
  return user ? `${user.sub}@${user.org ?? ''}` : 'anonymous';
}

/** JSON with every object's keys sorted, so the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

export interface RequestShape {
  method: string;
  /** The path as called (ids in it), not the route's template. */
  path: string;
  query: unknown;
  body: unknown;
  /** The version the write is based on: a write on another version is another request. */
  ifMatch?: string;
}

/** SHA-256 (hex) of what makes two requests the same request (headers aside from If-Match are not). */
export function fingerprintOf(request: RequestShape): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        method: request.method.toUpperCase(),
        path: request.path,
        query: request.query ?? {},
        body: request.body ?? null,
        ifMatch: request.ifMatch ?? null,
      }),
    )
    .digest('hex');
}

/** An answer as stored and replayed. */
export interface StoredAnswer {
  status: number;
  /** Lower-case names, see REPLAYED_HEADERS. */
  headers: Record<string, string>;
  /** JSON text of the body; null when there was none. */
  body: string | null;
}

/** The row a repeat finds. */
export interface KeyRecord {
  fingerprint: string;
  state: 'in_progress' | 'completed';
  /** Since the first request began (measured by the database's clock). */
  ageMs: number;
  answer: StoredAnswer | null;
}

export type RepeatDecision =
  { kind: 'replay'; answer: StoredAnswer } | { kind: 'refuse'; error: DomainException };

/**
 * What a request gets when its key is already taken. A different request under the same key is
 * refused whatever the first one's state; the same one gets the stored answer, or a 409 while
 * there is none. A first request that never stored its answer is never run again: it may have
 * taken effect, and running it twice is what the key is there to prevent.
 */
export function decideRepeat(record: KeyRecord, fingerprint: string): RepeatDecision {
  if (record.fingerprint !== fingerprint) {
    return {
      kind: 'refuse',
      error: new DomainException(
        'unprocessable',
        'idempotency_key_reused',
        `this ${IDEMPOTENCY_KEY_HEADER} was used for a different request (another body, path or query); send a new key for a new request`,
      ),
    };
  }
  if (record.state === 'completed' && record.answer)
    return { kind: 'replay', answer: record.answer };
  if (record.ageMs < IDEMPOTENCY_LEASE_MS) {
    return {
      kind: 'refuse',
      error: new DomainException(
        'conflict',
        'idempotency_key_in_progress',
        `a request with this ${IDEMPOTENCY_KEY_HEADER} is still being handled; retry in a moment`,
        { retryAfterSeconds: 1 },
      ),
    };
  }
  return {
    kind: 'refuse',
    error: new DomainException(
      'conflict',
      'idempotency_outcome_unknown',
      `the request first sent with this ${IDEMPOTENCY_KEY_HEADER} was interrupted before its answer was recorded; it may have taken effect: check before sending it again under a new key`,
    ),
  };
}

/**
 * Whether an answer is final and kept for repeats: a success, or a refusal of the request as it
 * is (4xx). A 5xx, and a refusal that says to retry later (Retry-After: the event it needs has
 * not arrived yet), release the key instead, so the retry runs again.
 */
export function isFinalAnswer(status: number, retryLater: boolean): boolean {
  return status >= 200 && status < 500 && !retryLater;
}
