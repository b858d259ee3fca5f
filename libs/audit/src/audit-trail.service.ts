import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RequestContext, systemActor, type Actor } from '@relief/observability';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_CONTENT_SQL, ChainWalker, type ChainFinding, type SealedRow } from './audit-chain';
import { AUDIT_OPTIONS, type AuditOptions } from './audit.options';

/** One state change to record. Who, when and from which request default to the work in progress. */
export interface AuditRecord {
  /** e.g. `incident`, `request`, `subscriber`, `partner`. */
  objectType: string;
  objectId: string;
  /** The event type (`request.scope-changed`) or `<object>.<verb>` (`subscriber.updated`). */
  action: string;
  /** What changed: the event's payload, or `{ before, after }`. Never secrets or tokens. */
  changes: object;
  actor?: Actor;
  correlationId?: string;
  /** The event being handled (a cascade's cause); defaults to the work in progress's. */
  causationId?: string | null;
  /** The id of the event this entry records (the outbox sets it); none for other changes. */
  eventId?: string;
  /** ISO 8601; defaults to the database's now(). */
  occurredAt?: string;
}

export interface AuditItem {
  id: string;
  chainSeq: string | null;
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  eventId: string | null;
  objectType: string;
  objectId: string;
  action: string;
  changes: unknown;
}

/** Which entries to read: an object's history, or the entry of one event (AuditHistoryQuery asks for one of them). */
export interface AuditHistoryFilter {
  objectId?: string;
  eventId?: string;
  objectType?: string;
  /** The last id of the previous page. */
  beforeId?: string;
  limit: number;
}

export interface AuditVerifyReport {
  /** True when every sealed row is in place and unchanged (see docs/architecture.md: what it cannot see). */
  ok: boolean;
  sealed: number;
  unsealed: number;
  firstProblem: ChainFinding | null;
}

const VERIFY_CHUNK = 1000;

/**
 * The service's audit trail: `record` inserts an unsealed row in the caller's transaction (no
 * lock: concurrent writers are not serialised; AuditSealer chains the rows later). `verify`
 * walks the sealed chain.
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly dataSource: DataSource,
  ) {}

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await this.recordAll(manager, [entry]);
  }

  /** Inserts the entries, in one statement, in the caller's open transaction. */
  async recordAll(manager: EntityManager, entries: AuditRecord[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the record could commit without the change, or the other way round.
      throw new Error('audit.record needs the EntityManager of an open transaction');
    }
    if (entries.length === 0) return;
    const context = RequestContext.current();
    const params: unknown[] = [];
    const rows = entries.map((entry) => {
      const actor = entry.actor ?? context?.actor ?? systemActor(this.options.serviceName);
      const first = params.length + 1;
      params.push(
        entry.occurredAt ?? null,
        actor.subject,
        actor.organisationId,
        actor.roles,
        entry.correlationId ?? context?.correlationId ?? randomUUID(),
        entry.causationId !== undefined ? entry.causationId : (context?.causationId ?? null),
        entry.eventId ?? null,
        entry.objectType,
        entry.objectId,
        entry.action,
        JSON.stringify(entry.changes),
      );
      const placeholders = Array.from({ length: 11 }, (_, i) => `$${first + i}`);
      placeholders[0] = `COALESCE(${placeholders[0]}::timestamptz, now())`;
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO audit_entries (occurred_at, actor_subject, actor_organisation, actor_roles,
         correlation_id, causation_id, event_id, object_type, object_id, action, changes)
       VALUES ${rows.join(', ')}`,
      params,
    );
  }

  /** The entries of an object, or of an event, newest first. */
  async history(query: AuditHistoryFilter): Promise<AuditItem[]> {
    const rows = await this.dataSource.query<(SealedRow & { chainSeq: string | null })[]>(
      `SELECT ${AUDIT_CONTENT_SQL}, chain_seq::text AS "chainSeq"
       FROM audit_entries
       WHERE ($1::text IS NULL OR object_id = $1)
         AND ($2::uuid IS NULL OR event_id = $2)
         AND ($3::text IS NULL OR object_type = $3)
         AND ($4::bigint IS NULL OR id < $4)
       ORDER BY id DESC
       LIMIT $5`,
      [
        query.objectId ?? null,
        query.eventId ?? null,
        query.objectType ?? null,
        query.beforeId ?? null,
        query.limit,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      chainSeq: row.chainSeq,
      occurredAt: row.occurredAt,
      actor: {
        subject: row.actorSubject,
        organisationId: row.actorOrganisation,
        roles: row.actorRoles,
      },
      correlationId: row.correlationId,
      causationId: row.causationId,
      eventId: row.eventId,
      objectType: row.objectType,
      objectId: row.objectId,
      action: row.action,
      changes: row.changes,
    }));
  }

  /**
   * Walks the sealed chain in chain_seq order, a chunk at a time (flat memory), and reports the
   * first row that is missing, points at the wrong predecessor, or does not hash to what it holds.
   */
  async verify(): Promise<AuditVerifyReport> {
    const walker = new ChainWalker();
    let after = '0';
    for (;;) {
      const rows = await this.dataSource.query<SealedRow[]>(
        `SELECT ${AUDIT_CONTENT_SQL}, chain_seq::text AS "chainSeq",
                prev_hash AS "prevHash", hash AS "hash"
         FROM audit_entries
         WHERE chain_seq > $1
         ORDER BY chain_seq
         LIMIT ${VERIFY_CHUNK}`,
        [after],
      );
      if (!rows.every((row) => walker.accept(row))) break;
      if (rows.length < VERIFY_CHUNK) break;
      after = rows[rows.length - 1].chainSeq;
    }
    const [{ sealed, unsealed }] = await this.dataSource.query<
      { sealed: number; unsealed: number }[]
    >(
      `SELECT count(*) FILTER (WHERE hash IS NOT NULL)::int AS sealed,
              count(*) FILTER (WHERE hash IS NULL)::int AS unsealed
       FROM audit_entries`,
    );
    const firstProblem = walker.firstProblem;
    return { ok: firstProblem === null, sealed, unsealed, firstProblem };
  }
}
