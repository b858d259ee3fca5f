import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** prev_hash of the first sealed row. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What a row's hash covers: every content column and its place in the chain. Read from
 * PostgreSQL the same way at seal and at verify time (AUDIT_CONTENT_SQL), so it hashes alike.
 */
export interface AuditContent {
  id: string;
  chainSeq: string;
  /** ISO 8601 in UTC with microseconds, as PostgreSQL stores it. */
  occurredAt: string;
  actorSubject: string;
  actorOrganisation: string | null;
  actorRoles: string[];
  correlationId: string;
  causationId: string | null;
  /** Left out of the hash when null: rows sealed before the column existed hash as they did. */
  eventId: string | null;
  objectType: string;
  objectId: string;
  action: string;
  changes: unknown;
}

/** The content columns as text where a driver could read them otherwise (bigint, timestamptz). */
export const AUDIT_CONTENT_SQL = `
  id::text AS "id",
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  actor_subject AS "actorSubject",
  actor_organisation AS "actorOrganisation",
  actor_roles AS "actorRoles",
  correlation_id AS "correlationId",
  causation_id AS "causationId",
  event_id::text AS "eventId",
  object_type AS "objectType",
  object_id AS "objectId",
  action AS "action",
  changes AS "changes"`;

/** sha256 (hex) of the previous row's hash followed by the row's canonical JSON (RFC 8785). */
export function chainHash(prevHash: string, content: AuditContent): string {
  const { eventId, ...before } = content;
  const canonical = canonicalize(eventId === null ? before : content);
  if (canonical === undefined) throw new Error(`audit entry ${content.id} has no JSON form`);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export type ChainProblem = 'hash-mismatch' | 'broken-link' | 'missing-seq';

export interface SealedRow extends Omit<AuditContent, 'chainSeq'> {
  chainSeq: string;
  prevHash: string;
  hash: string;
}

export interface ChainFinding {
  chainSeq: string;
  id: string;
  problem: ChainProblem;
}

/**
 * Walks a sealed chain in chain_seq order, one row at a time (so it can be fed in chunks):
 * each row must follow the previous one's number, point at its hash, and hash to what it holds.
 */
export class ChainWalker {
  private lastSeq = 0n;
  private lastHash = GENESIS_HASH;
  private problem: ChainFinding | null = null;

  get firstProblem(): ChainFinding | null {
    return this.problem;
  }

  /** False once a problem is found: what follows it proves nothing more. */
  accept(row: SealedRow): boolean {
    if (this.problem) return false;
    const seq = BigInt(row.chainSeq);
    const { prevHash, hash, ...content } = row;
    if (seq !== this.lastSeq + 1n) this.problem = finding(row, 'missing-seq');
    else if (prevHash !== this.lastHash) this.problem = finding(row, 'broken-link');
    else if (chainHash(prevHash, content) !== hash) this.problem = finding(row, 'hash-mismatch');
    this.lastSeq = seq;
    this.lastHash = hash;
    return this.problem === null;
  }
}

function finding(row: SealedRow, problem: ChainProblem): ChainFinding {
  return { chainSeq: row.chainSeq, id: row.id, problem };
}
