import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { stringify } from 'csv-stringify/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationException } from '../notifications/notification.exception';
import {
  csvColumnOf,
  csvRowsOf,
  mergeCsvRows,
  readSubscriberCsv,
  SUBSCRIBER_CSV_COLUMNS,
} from './subscriber-csv';
import {
  checkEntry,
  SubscriberImport,
  type ImportedSubscriber,
  type ImportedSubscription,
  type ImportReport,
  type StoredSubscriber,
  type SubscriberRecord,
} from './subscriber-import';

export type TransferFormat = 'csv' | 'json';

/** More than any ministry's list of stakeholders; an import beyond it is split by the importer. */
export const MAX_IMPORT_ENTRIES = 200_000;
/** Rows per INSERT: ~12 000 parameters, well below PostgreSQL's 65 535. */
const WRITE_CHUNK = 1000;
const EXPORT_PAGE = 1000;

interface SubscriberRow {
  id: string;
  reference: string | null;
  name: string;
  organisation: string;
  email: string | null;
  phone: string | null;
  language: StoredSubscriber['language'];
  channels: StoredSubscriber['channels'];
  userId: string | null;
  receiveExercises: boolean;
  createdAt: Date;
}

const SUBSCRIBER_COLUMNS = `id, reference, name, organisation, email, phone, language, channels,
  user_id AS "userId", receive_exercises AS "receiveExercises", created_at AS "createdAt"`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `($1, $2, …), ($n+1, …)` for a multi-row INSERT of `rows` rows of `width` values. */
function placeholders(rows: number, width: number): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
  ).join(', ');
}

/**
 * Bulk import and export of subscribers with their subscriptions (CSV and JSON, the same form
 * both ways). An import is one transaction: looked up and written in bulk, never a round trip
 * per row, and serialised with other imports so two of them cannot both create one person.
 */
@Injectable()
export class SubscriberTransferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async import(format: TransferFormat, body: unknown): Promise<ImportReport> {
    const batch = format === 'csv' ? this.readCsv(body) : this.readJson(body);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('subscriber-import'))`);
      const plan = batch.plan(await this.stored(manager, batch), new Date(), randomUUID);
      await this.write(manager, plan.subscribers, plan.subscriptions);
      // One entry per import (not per row: an import holds tens of thousands), with its counts.
      const { refusedRows: _refused, ...counts } = plan.report;
      await this.audit.record(manager, {
        objectType: 'subscriber-import',
        objectId: randomUUID(),
        action: 'subscriber.imported',
        changes: counts,
      });
      return plan.report;
    });
  }

  /** The export, page by page in the list's order (name, id). */
  async *export(format: TransferFormat): AsyncGenerator<string> {
    let first = true;
    if (format === 'csv') yield stringify([[...SUBSCRIBER_CSV_COLUMNS]]);
    else yield '{"subscribers":[';
    for await (const page of this.pages()) {
      if (format === 'csv') {
        yield stringify(page.flatMap((s) => csvRowsOf(s)));
        continue;
      }
      const json = page.map((s) => JSON.stringify(s)).join(',\n');
      yield first ? `\n${json}` : `,\n${json}`;
      first = false;
    }
    if (format === 'json') yield '\n]}\n';
  }

  private readCsv(body: unknown): SubscriberImport {
    if (typeof body !== 'string' || body.trim() === '') throw emptyBody();
    const { rows, refused } = readSubscriberCsv(body);
    if (rows.length > MAX_IMPORT_ENTRIES) throw tooMany(rows.length);
    const checked = rows.map((row) => {
      const result = checkEntry(row.entry, row.row);
      return 'refused' in result
        ? { row, refused: result.refused.map((r) => ({ ...r, field: csvColumnOf(r.field) })) }
        : { row, subscriber: result.subscriber };
    });
    const merged = mergeCsvRows(checked);
    const batch = new SubscriberImport();
    batch.refuse(...refused, ...merged.refused);
    for (const person of merged.people) batch.add(person.rows, person.subscriber);
    return batch;
  }

  private readJson(body: unknown): SubscriberImport {
    if (body === undefined) throw emptyBody();
    const entries = (body as { subscribers?: unknown }).subscribers;
    const extra = Object.keys(body as object).find((key) => key !== 'subscribers');
    if (extra !== undefined) {
      throw NotificationException.invalidField(
        'validation_failed',
        extra,
        `property ${extra} should not exist`,
        'the body holds `subscribers` only',
      );
    }
    if (!Array.isArray(entries)) {
      throw NotificationException.invalidField(
        'validation_failed',
        'subscribers',
        'must be an array of subscribers',
        'the body must be { "subscribers": [...] }',
      );
    }
    if (entries.length > MAX_IMPORT_ENTRIES) throw tooMany(entries.length);
    const batch = new SubscriberImport();
    entries.forEach((entry: unknown, i) => {
      const result = checkEntry(entry, i + 1);
      if ('refused' in result) batch.refuse(...result.refused);
      else batch.add([i + 1], result.subscriber);
    });
    return batch;
  }

  /** Every stored subscriber the import may match, with its subscriptions, in two queries. */
  private async stored(
    manager: EntityManager,
    batch: SubscriberImport,
  ): Promise<StoredSubscriber[]> {
    const { references, emails, phones, userIds } = batch.lookups();
    const rows: SubscriberRow[] = await manager.query(
      `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers
        WHERE reference = ANY($1) OR lower(email) = ANY($2) OR phone = ANY($3) OR user_id = ANY($4)`,
      [references, emails, phones, userIds],
    );
    return this.withSubscriptions(manager, rows);
  }

  private async withSubscriptions(
    manager: EntityManager,
    rows: SubscriberRow[],
  ): Promise<StoredSubscriber[]> {
    const subscriptions: (ImportedSubscription & { subscriberId: string })[] = await manager.query(
      `SELECT subscriber_id AS "subscriberId", event_types AS "eventTypes", regions, hazards,
              incident_ids AS "incidentIds", item_codes AS "itemCodes", min_severity AS "minSeverity"
         FROM subscriptions WHERE subscriber_id = ANY($1) ORDER BY created_at, id`,
      [rows.map((r) => r.id)],
    );
    const bySubscriber = new Map<string, ImportedSubscription[]>();
    for (const { subscriberId, ...subscription } of subscriptions) {
      bySubscriber.set(subscriberId, [...(bySubscriber.get(subscriberId) ?? []), subscription]);
    }
    return rows.map((row) => ({ ...row, subscriptions: bySubscriber.get(row.id) ?? [] }));
  }

  private async write(
    manager: EntityManager,
    subscribers: SubscriberRecord[],
    replaced: { subscriberId: string; subscriptions: ImportedSubscription[] }[],
  ): Promise<void> {
    for (const chunk of chunks(subscribers, WRITE_CHUNK)) {
      await manager.query(
        `INSERT INTO subscribers (id, reference, name, organisation, email, phone, language,
                                  channels, user_id, receive_exercises, created_at, updated_at)
         VALUES ${placeholders(chunk.length, 12)}
         ON CONFLICT (id) DO UPDATE SET
           reference = EXCLUDED.reference, name = EXCLUDED.name,
           organisation = EXCLUDED.organisation, email = EXCLUDED.email, phone = EXCLUDED.phone,
           language = EXCLUDED.language, channels = EXCLUDED.channels,
           user_id = EXCLUDED.user_id, receive_exercises = EXCLUDED.receive_exercises,
           updated_at = EXCLUDED.updated_at`,
        chunk.flatMap((s) => [
          s.id,
          s.reference,
          s.name,
          s.organisation,
          s.email,
          s.phone,
          s.language,
          s.channels,
          s.userId,
          s.receiveExercises,
          s.createdAt,
          s.updatedAt,
        ]),
      );
    }
    const ids = replaced.map((r) => r.subscriberId);
    if (ids.length > 0) {
      await manager.query(`DELETE FROM subscriptions WHERE subscriber_id = ANY($1)`, [ids]);
    }
    const now = new Date();
    const rows = replaced.flatMap(({ subscriberId, subscriptions }) =>
      subscriptions.map((s) => [
        randomUUID(),
        subscriberId,
        s.eventTypes,
        s.regions,
        s.hazards,
        s.incidentIds,
        s.itemCodes,
        s.minSeverity,
        now,
      ]),
    );
    for (const chunk of chunks(rows, WRITE_CHUNK)) {
      await manager.query(
        `INSERT INTO subscriptions (id, subscriber_id, event_types, regions, hazards,
                                    incident_ids, item_codes, min_severity, created_at)
         VALUES ${placeholders(chunk.length, 9)}`,
        chunk.flat(),
      );
    }
  }

  private async *pages(): AsyncGenerator<ImportedSubscriber[]> {
    let after: SubscriberRow | undefined;
    for (;;) {
      const rows: SubscriberRow[] = await this.dataSource.query(
        `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers
          WHERE $1::varchar IS NULL OR (name, id) > ($1, $2::uuid)
          ORDER BY name, id LIMIT $3`,
        [after?.name ?? null, after?.id ?? null, EXPORT_PAGE],
      );
      if (rows.length === 0) return;
      const page = await this.withSubscriptions(this.dataSource.manager, rows);
      yield page.map(
        ({
          reference,
          name,
          organisation,
          email,
          phone,
          language,
          channels,
          userId,
          receiveExercises,
          subscriptions,
        }) => ({
          reference,
          name,
          organisation,
          email,
          phone,
          language,
          channels,
          userId,
          receiveExercises,
          subscriptions,
        }),
      );
      if (rows.length < EXPORT_PAGE) return;
      after = rows.at(-1);
    }
  }
}

function emptyBody(): NotificationException {
  return NotificationException.invalidField(
    'body_missing',
    'body',
    'must hold the subscribers to import',
    'nothing to import',
  );
}

function tooMany(count: number): NotificationException {
  return NotificationException.invalidField(
    'import_too_large',
    'body',
    `must hold at most ${MAX_IMPORT_ENTRIES} rows`,
    `${count} rows: split the import`,
  );
}
