import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  EventTypes,
  type DomainEvent,
  type FeedbackCategory,
  type FeedbackChannel,
  type FeedbackLanguage,
  type FeedbackSnapshotV1,
} from '@relief/contracts';
import { hasRole, type AuthUser } from '@relief/auth';
import { OutboxService } from '@relief/messaging';
import { decodeCursor, keysetPage, type KeysetPage } from '@relief/database';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import {
  FEEDBACK_ACK_EVENT_TYPE,
  NotificationLedger,
  STOP_CONFIRMATION_EVENT_TYPE,
} from '../notifications/notification-ledger';
import { renderReply } from '../templates/reply.templates';
import { FeedbackException } from './feedback.exception';
import { parseFeedback } from './feedback-keywords';
import { detectLanguage } from './feedback-language';
import { topWords } from './feedback-summary';

/** One stored piece of feedback; `phone` only for operators and admins. */
export interface FeedbackRecord {
  id: string;
  channel: FeedbackChannel;
  receivedAt: Date;
  language: FeedbackLanguage;
  text: string;
  regionCode: string | null;
  incidentId: string | null;
  incidentReference: string | null;
  incidentMode: string | null;
  itemCode: string | null;
  category: FeedbackCategory | null;
  handled: boolean;
  version: number;
  phone?: string | null;
}

export interface FeedbackFilter {
  incidentId?: string;
  regionCode?: string;
  itemCode?: string;
  category?: FeedbackCategory;
  handled?: boolean;
  channel?: FeedbackChannel;
}

export interface WebFeedback {
  text: string;
  language?: FeedbackLanguage;
  regionCode?: string;
  incidentId?: string;
  itemCode?: string;
}

export interface FeedbackSummary {
  total: number;
  items: {
    itemCode: string | null;
    count: number;
    categories: Record<string, number>;
    topWords: { word: string; count: number }[];
  }[];
}

const COLUMNS = `f.id, f.channel, f.received_at, f.language, f.text, f.region_code, f.incident_id,
  f.incident_reference, f.incident_mode, f.item_code, f.category, f.handled, f.version, f.phone`;

interface Row {
  id: string;
  channel: FeedbackChannel;
  received_at: Date;
  language: FeedbackLanguage;
  text: string;
  region_code: string | null;
  incident_id: string | null;
  incident_reference: string | null;
  incident_mode: string | null;
  item_code: string | null;
  category: FeedbackCategory | null;
  handled: boolean;
  version: number;
  phone: string | null;
}

const HOUR_MS = 3_600_000;

/** How long after an SMS notification a text back from its number is read as a reply to it. */
export const REPLY_WINDOW_DAYS = 7;

/**
 * Feedback from affected people: stored once per gateway message, linked to a region, an
 * incident and an item where it can be, acknowledged once in the sender's language through the
 * delivery ledger; STOP / START keep the SMS suppression list. Operators list, categorise and
 * count it; partners read what concerns the items they delivered, without phone numbers.
 */
@Injectable()
export class FeedbackService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedbackService.name);
  private pruner: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly ledger: NotificationLedger,
    private readonly config: NotificationServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const prune = () =>
      void this.prunePhones().catch((error: unknown) =>
        this.logger.warn(`feedback phone pruning failed: ${String(error)}`),
      );
    prune();
    this.pruner = setInterval(prune, HOUR_MS);
    this.pruner.unref();
  }

  onModuleDestroy(): void {
    if (this.pruner) clearInterval(this.pruner);
  }

  /**
   * An inbound text, in one transaction: stored (nothing when the gateway's id was seen before),
   * STOP / START applied, the feedback.received event and one acknowledgement planned.
   * Returns whether it was new.
   */
  async receiveSms(sms: {
    provider: string;
    gatewayMessageId: string;
    from: string;
    text: string;
  }): Promise<boolean> {
    const text = sms.text.trim().slice(0, 1000) || '(empty)';
    const parsed = parseFeedback(text);
    return this.dataSource.transaction(async (manager) => {
      const subscriber = await this.subscriberOf(manager, sms.from);
      const language = detectLanguage(text, subscriber?.language ?? 'ru');
      // A region the sender names wins; else a reply to the last notification this number got
      // is about that notification's incident; else the region the subscriber follows.
      const replyTo = parsed.regionCode ? null : await this.lastNotifiedOf(manager, sms.from);
      const regionCode = parsed.regionCode ?? replyTo?.region ?? subscriber?.region ?? null;
      const incident =
        (replyTo?.incidentId ? await this.incidentById(manager, replyTo.incidentId) : null) ??
        (regionCode ? await this.activeIncidentOf(manager, regionCode) : null);
      const id = randomUUID();
      const stored = await manager.query<{ id: string }[]>(
        `INSERT INTO feedback (id, channel, provider, gateway_message_id, phone, command, received_at,
                               language, text, region_code, incident_id, incident_reference,
                               incident_mode, item_code, category, updated_at)
         VALUES ($1, 'sms', $2, $3, $4, $5, now(), $6, $7, $8, $9, $10, $11, $12, $13, now())
         ON CONFLICT ON CONSTRAINT feedback_once DO NOTHING RETURNING id`,
        [
          id,
          sms.provider.slice(0, 100),
          sms.gatewayMessageId.slice(0, 200),
          sms.from.slice(0, 20),
          parsed.command,
          language,
          text,
          regionCode,
          incident?.id ?? null,
          incident?.reference ?? null,
          incident?.mode ?? null,
          parsed.itemCode,
          parsed.category,
        ],
      );
      if (stored.length === 0) return false;
      if (parsed.command === 'stop') {
        await manager.query(
          `INSERT INTO sms_suppressions (phone, since, feedback_id) VALUES ($1, now(), $2)
           ON CONFLICT (phone) DO NOTHING`,
          [sms.from, id],
        );
      } else if (parsed.command === 'start') {
        await manager.query(`DELETE FROM sms_suppressions WHERE phone = $1`, [sms.from]);
      }
      const stopped = await this.isStopped(manager, sms.from);
      // A stopped number hears only the confirmation of its STOP.
      if (parsed.command === 'stop' || !stopped) {
        await this.ledger.planDirectSms(manager, {
          eventId: id,
          eventType:
            parsed.command === 'stop' ? STOP_CONFIRMATION_EVENT_TYPE : FEEDBACK_ACK_EVENT_TYPE,
          to: sms.from,
          language,
          text: renderReply(
            parsed.command === 'stop'
              ? 'stopped'
              : parsed.command === 'start'
                ? 'started'
                : 'received',
            language,
            { linked: incident !== null },
          ),
        });
      }
      // Commands are not feedback: kept (for idempotency) but neither published nor listed.
      if (!parsed.command) {
        const row = await this.row(manager, id);
        await this.outbox.appendAll(manager, [received(row)]);
      }
      return true;
    });
  }

  /** The public web form: no phone, no acknowledgement; at most N per client address and window. */
  async receiveWeb(input: WebFeedback, client: string): Promise<FeedbackRecord> {
    await this.takeRateToken(client);
    const parsed = parseFeedback(input.text);
    return this.dataSource.transaction(async (manager) => {
      const regionCode = input.regionCode ?? parsed.regionCode;
      const incident = input.incidentId
        ? await this.incidentById(manager, input.incidentId)
        : regionCode
          ? await this.activeIncidentOf(manager, regionCode)
          : null;
      const id = randomUUID();
      await manager.query(
        `INSERT INTO feedback (id, channel, received_at, language, text, region_code, incident_id,
                               incident_reference, incident_mode, item_code, category, updated_at)
         VALUES ($1, 'web', now(), $2, $3, $4, $5, $6, $7, $8, $9, now())`,
        [
          id,
          input.language ?? detectLanguage(input.text),
          input.text,
          regionCode ?? incident?.region ?? null,
          incident?.id ?? input.incidentId ?? null,
          incident?.reference ?? null,
          incident?.mode ?? null,
          input.itemCode ?? parsed.itemCode,
          parsed.category,
        ],
      );
      const row = await this.row(manager, id);
      await this.outbox.appendAll(manager, [received(row)]);
      return recordOf(row, false);
    });
  }

  async list(
    user: AuthUser,
    filter: FeedbackFilter,
    page: { limit: number; cursor?: string },
  ): Promise<KeysetPage<FeedbackRecord>> {
    const { where, params } = this.visible(user, filter);
    if (page.cursor) {
      const at = decodeCursor(page.cursor, ['r', 'i'] as const);
      if (!at)
        throw FeedbackException.invalidField(
          'invalid_cursor',
          'cursor',
          'is not a cursor this list gave',
        );
      params.push(at.r, at.i);
      where.push(
        `(f.received_at, f.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(page.limit + 1);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM feedback f WHERE ${where.join(' AND ')}
        ORDER BY f.received_at DESC, f.id DESC LIMIT $${params.length}`,
      params,
    );
    const operator = seesPhones(user);
    return keysetPage(
      rows.map((r) => recordOf(r, operator)),
      page.limit,
      (last) => ({ r: last.receivedAt.toISOString(), i: last.id }),
    );
  }

  /** Counts per item and category, with the words said most often (see feedback-summary.ts). */
  async summary(user: AuthUser, filter: FeedbackFilter): Promise<FeedbackSummary> {
    const { where, params } = this.visible(user, filter);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM feedback f WHERE ${where.join(' AND ')}`,
      params,
    );
    const byItem = new Map<string | null, Row[]>();
    for (const r of rows) byItem.set(r.item_code, [...(byItem.get(r.item_code) ?? []), r]);
    return {
      total: rows.length,
      items: [...byItem]
        .map(([itemCode, rs]) => ({
          itemCode,
          count: rs.length,
          categories: rs.reduce<Record<string, number>>((acc, r) => {
            const key = r.category ?? 'uncategorised';
            acc[key] = (acc[key] ?? 0) + 1;
            return acc;
          }, {}),
          topWords: topWords(rs.map((r) => r.text)),
        }))
        .sort((a, b) => b.count - a.count),
    };
  }

  async categorise(
    user: AuthUser,
    id: string,
    change: { category?: FeedbackCategory; handled?: boolean },
    basedOn: number,
  ): Promise<FeedbackRecord> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Row[]>(
        `SELECT ${COLUMNS} FROM feedback f WHERE f.id = $1 AND f.command IS NULL FOR UPDATE`,
        [id],
      );
      const current = rows[0];
      if (!current)
        throw new FeedbackException('not-found', 'feedback_not_found', `no feedback ${id}`);
      if (current.version !== basedOn) {
        throw new FeedbackException(
          'stale',
          'stale_version',
          `feedback ${id} is at version ${current.version}, not ${basedOn}`,
        );
      }
      const role = user.roles.includes('admin') ? 'admin' : 'operator';
      await manager.query(
        `UPDATE feedback SET category = $2, handled = $3, categorised_by = $4,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, change.category ?? current.category, change.handled ?? current.handled, role],
      );
      const row = await this.row(manager, id);
      await this.outbox.appendAll(manager, [
        {
          type: EventTypes.FeedbackCategorised,
          version: 1,
          aggregateId: id,
          payload: { ...snapshotOf(row), handled: row.handled, categorisedBy: role },
        },
      ]);
      return recordOf(row, true);
    });
  }

  /** Blanks the phone numbers kept longer than FEEDBACK_PHONE_RETENTION_DAYS; the text stays. */
  async prunePhones(): Promise<number> {
    const pruned = await this.dataSource.query<{ id: string }[]>(
      `UPDATE feedback SET phone = NULL, updated_at = now()
        WHERE phone IS NOT NULL AND received_at < now() - make_interval(days => $1)
        RETURNING id`,
      [this.config.FEEDBACK_PHONE_RETENTION_DAYS],
    );
    return pruned.length;
  }

  /** In the consumer's transaction: this partner delivered this item for this incident. */
  async recordDelivery(
    manager: EntityManager,
    delivery: { partnerCode: string; incidentId: string; itemCode: string | null },
  ): Promise<void> {
    if (!delivery.itemCode) return;
    await manager.query(
      `INSERT INTO feedback_deliveries (partner_code, incident_id, item_code) VALUES (upper($1), $2, $3)
       ON CONFLICT DO NOTHING`,
      [delivery.partnerCode, delivery.incidentId, delivery.itemCode],
    );
  }

  /** What the caller may read: operators and admins everything, an agency its deliveries' items. */
  private visible(user: AuthUser, filter: FeedbackFilter): { where: string[]; params: unknown[] } {
    const where = ['f.command IS NULL'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (!seesPhones(user)) {
      if (!hasRole(user, 'agency') || !user.org) where.push('false');
      else
        add(
          `EXISTS (SELECT 1 FROM feedback_deliveries d WHERE d.partner_code = upper(?)
                     AND d.incident_id = f.incident_id AND d.item_code = f.item_code)`,
          user.org,
        );
    }
    if (filter.incidentId) add('f.incident_id = ?', filter.incidentId);
    if (filter.regionCode) add('f.region_code = ?', filter.regionCode);
    if (filter.itemCode) add('f.item_code = ?', filter.itemCode);
    if (filter.category) add('f.category = ?', filter.category);
    if (filter.handled !== undefined) add('f.handled = ?', filter.handled);
    if (filter.channel) add('f.channel = ?', filter.channel);
    return { where, params };
  }

  /** One counter row per client address and window, shared by every replica. */
  private async takeRateToken(client: string): Promise<void> {
    const windowS = this.config.FEEDBACK_WEB_RATE_WINDOW_S;
    const [row] = await this.dataSource.query<{ count: number; retry: number }[]>(
      `INSERT INTO feedback_rate_limits AS r (client, window_start, count) VALUES ($1, now(), 1)
       ON CONFLICT (client) DO UPDATE
          SET count = CASE WHEN r.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE r.count + 1 END,
              window_start = CASE WHEN r.window_start <= now() - make_interval(secs => $2) THEN now() ELSE r.window_start END
       RETURNING count, ceil(extract(epoch FROM r.window_start + make_interval(secs => $2) - now()))::int AS retry`,
      [client.slice(0, 100), windowS],
    );
    if (row.count > this.config.FEEDBACK_WEB_RATE_LIMIT) {
      throw new FeedbackException(
        'too-many',
        'too_many_feedback',
        `at most ${this.config.FEEDBACK_WEB_RATE_LIMIT} messages per ${windowS} s from one address`,
        { retryAfterSeconds: Math.max(1, row.retry) },
      );
    }
  }

  private async row(manager: EntityManager, id: string): Promise<Row> {
    const [row] = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM feedback f WHERE f.id = $1`, [
      id,
    ]);
    return row;
  }

  private async isStopped(manager: EntityManager, phone: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM sms_suppressions WHERE phone = $1`, [
      phone,
    ]);
    return rows.length > 0;
  }

  /** A registered subscriber with this phone: their language, and their region if they follow one. */
  private async subscriberOf(
    manager: EntityManager,
    phone: string,
  ): Promise<{ language: FeedbackLanguage; region: string | null } | null> {
    const [row] = await manager.query<{ language: FeedbackLanguage; regions: string[] | null }[]>(
      `SELECT s.language,
              (SELECT array_agg(DISTINCT r) FROM subscriptions x, unnest(x.regions) r
                WHERE x.subscriber_id = s.id) AS regions
         FROM subscribers s WHERE s.phone = $1 LIMIT 1`,
      [phone],
    );
    if (!row) return null;
    return { language: row.language, region: row.regions?.length === 1 ? row.regions[0] : null };
  }

  /**
   * What the newest SMS notification this number got in the last REPLY_WINDOW_DAYS was about
   * (its event's incident and region); null when it got none (acknowledgements are no event).
   */
  private async lastNotifiedOf(
    manager: EntityManager,
    phone: string,
  ): Promise<{ incidentId: string | null; region: string | null } | null> {
    const [row] = await manager.query<{ incident_id: string | null; region: string | null }[]>(
      `SELECT e.incident_id, e.region
         FROM notifications n JOIN notified_events e ON e.event_id = n.event_id
        WHERE n.channel = 'sms' AND n.recipient = $1 AND n.status IN ('sent', 'unknown')
          AND n.created_at > now() - make_interval(days => $2)
        ORDER BY n.created_at DESC LIMIT 1`,
      [phone, REPLY_WINDOW_DAYS],
    );
    return row ? { incidentId: row.incident_id, region: row.region } : null;
  }

  /** The newest incident of the region that is not over, as incident events told it. */
  private async activeIncidentOf(
    manager: EntityManager,
    region: string,
  ): Promise<IncidentLink | null> {
    const [row] = await manager.query<IncidentLink[]>(
      `SELECT id, region, reference, mode FROM incidents
        WHERE region = $1 AND (status IS NULL OR status NOT IN ('closed', 'cancelled'))
        ORDER BY last_event_at DESC LIMIT 1`,
      [region],
    );
    return row ?? null;
  }

  private async incidentById(manager: EntityManager, id: string): Promise<IncidentLink | null> {
    const [row] = await manager.query<IncidentLink[]>(
      `SELECT id, region, reference, mode FROM incidents WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }
}

interface IncidentLink {
  id: string;
  region: string;
  reference: string | null;
  mode: string;
}

function seesPhones(user: AuthUser): boolean {
  return hasRole(user, 'operator', 'admin');
}

function recordOf(r: Row, withPhone: boolean): FeedbackRecord {
  return {
    id: r.id,
    channel: r.channel,
    receivedAt: new Date(r.received_at),
    language: r.language,
    text: r.text,
    regionCode: r.region_code,
    incidentId: r.incident_id,
    incidentReference: r.incident_reference,
    incidentMode: r.incident_mode,
    itemCode: r.item_code,
    category: r.category,
    handled: r.handled,
    version: r.version,
    ...(withPhone ? { phone: r.phone } : {}),
  };
}

function snapshotOf(r: Row): FeedbackSnapshotV1 {
  return {
    feedbackId: r.id,
    channel: r.channel,
    receivedAt: new Date(r.received_at).toISOString(),
    language: r.language,
    text: r.text,
    regionCode: r.region_code,
    incidentId: r.incident_id,
    incidentReference: r.incident_reference,
    itemCode: r.item_code,
    category: r.category,
    mode: (r.incident_mode as FeedbackSnapshotV1['mode']) ?? null,
  };
}

function received(r: Row): DomainEvent<'feedback.received'> {
  return {
    type: EventTypes.FeedbackReceived,
    version: 1,
    aggregateId: r.id,
    payload: snapshotOf(r),
  };
}
