import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decideRepeat,
  type KeyRecord,
  type RepeatDecision,
  type StoredAnswer,
} from './idempotency';

/** Where a key lives: the caller, the method and the route's template, and the key itself. */
export interface KeyScope {
  caller: string;
  method: string;
  route: string;
  key: string;
}

interface KeyRow {
  fingerprint: string;
  state: KeyRecord['state'];
  age_ms: number;
  status: number | null;
  headers: Record<string, string>;
  body: string | null;
}

const SCOPE = 'caller = $1 AND method = $2 AND route = $3 AND key = $4';
const PRUNE_SLICE = 5000;

/** The idempotency_keys table, in plain SQL (see idempotency.ts for the rules). */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the key for a first request (`run`), or says what a repeat gets. The insert comes
   * first, so of two requests at once only one runs; a key released in between is taken again.
   */
  async begin(scope: KeyScope, fingerprint: string): Promise<{ kind: 'run' } | RepeatDecision> {
    const params = [scope.caller, scope.method, scope.route, scope.key];
    // Twice at most: a key is released only by a request that failed, which a retry follows.
    for (let attempt = 0; ; attempt += 1) {
      const inserted = await this.dataSource.query<unknown[]>(
        `INSERT INTO idempotency_keys (caller, method, route, key, fingerprint)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
        [...params, fingerprint],
      );
      if (inserted.length > 0) return { kind: 'run' };
      const [row] = await this.dataSource.query<KeyRow[]>(
        `SELECT fingerprint, state, status, headers, body,
                (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms
           FROM idempotency_keys WHERE ${SCOPE}`,
        params,
      );
      if (row || attempt > 0) {
        return decideRepeat(row ? recordOf(row) : justTaken(fingerprint), fingerprint);
      }
    }
  }

  /** Keeps the first request's answer for its repeats. */
  async complete(scope: KeyScope, answer: StoredAnswer): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET state = 'completed', status = $5, headers = $6, body = $7, completed_at = now()
        WHERE ${SCOPE}`,
      [
        scope.caller,
        scope.method,
        scope.route,
        scope.key,
        answer.status,
        answer.headers,
        answer.body,
      ],
    );
  }

  /** Gives the key back (the answer was not final): the next request with it runs. */
  async release(scope: KeyScope): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE ${SCOPE}`, [
      scope.caller,
      scope.method,
      scope.route,
      scope.key,
    ]);
  }

  /** Deletes keys older than `retentionHours`, a slice at a time; returns how many. */
  async prune(retentionHours: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM idempotency_keys WHERE ctid IN (
           SELECT ctid FROM idempotency_keys
            WHERE created_at < now() - make_interval(hours => $1) LIMIT ${PRUNE_SLICE})`,
        [retentionHours],
      );
      total += deleted;
      if (deleted < PRUNE_SLICE) return total;
    }
  }
}

/** A key released and taken again while this request looked: treat it as in progress. */
function justTaken(fingerprint: string): KeyRecord {
  return { fingerprint, state: 'in_progress', ageMs: 0, answer: null };
}

function recordOf(row: KeyRow): KeyRecord {
  return {
    fingerprint: row.fingerprint,
    state: row.state,
    ageMs: Number(row.age_ms),
    answer:
      row.state === 'completed' && row.status !== null
        ? { status: row.status, headers: row.headers, body: row.body }
        : null,
  };
}
