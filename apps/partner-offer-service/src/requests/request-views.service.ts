import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '@relief/auth';
import { modeOf, type RequestSnapshotV1, type RequestStatus } from '@relief/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { OfferException } from '../offers/offer.exception';
import { PartnersService } from '../partners/partners.service';
import { CLOSED_FOR_OFFERS, availableFor, type RequestView } from './request-view';
import { RequestViewEntity, toRequestView } from './request-view.entity';

/** What an offer in each status holds against its request's need (see pledgedQuantityOf). */
const HELD = `COALESCE(SUM(CASE WHEN o.status IN ('accepted', 'dispatched') THEN o.accepted_quantity
                                WHEN o.status = 'delivered' THEN o.delivered_quantity ELSE 0 END), 0)::int`;

/** A request as this service knows it, with what offers may still be accepted for. */
export type AvailableRequest = RequestView & { available: number };

export interface RequestViewFilter {
  incidentId?: string;
  status?: RequestStatus;
  limit: number;
  offset: number;
}

export interface AvailableRequestPage {
  items: AvailableRequest[];
  total: number;
  limit: number;
  offset: number;
}

@Injectable()
export class RequestViewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly partners: PartnersService,
  ) {}

  /** Stores a request snapshot unless a newer revision is already there (one statement). */
  async apply(manager: EntityManager, s: RequestSnapshotV1): Promise<void> {
    await manager.query(
      `INSERT INTO requests (id, revision, incident_id, incident_reference, region, item_code, item_name,
         unit, quantity, priority, needed_by, scope, status, pledged, delivered, remaining, mode,
         item_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
       ON CONFLICT (id) DO UPDATE SET
         revision = EXCLUDED.revision, incident_reference = EXCLUDED.incident_reference,
         region = EXCLUDED.region, item_code = EXCLUDED.item_code, item_name = EXCLUDED.item_name,
         unit = EXCLUDED.unit, quantity = EXCLUDED.quantity, priority = EXCLUDED.priority,
         needed_by = EXCLUDED.needed_by, scope = EXCLUDED.scope, status = EXCLUDED.status,
         pledged = EXCLUDED.pledged, delivered = EXCLUDED.delivered, remaining = EXCLUDED.remaining,
         mode = EXCLUDED.mode, item_version = EXCLUDED.item_version, updated_at = now()
       WHERE requests.revision < EXCLUDED.revision`,
      [
        s.requestId,
        s.revision,
        s.incidentId,
        s.incidentReference,
        s.region,
        s.itemCode,
        s.itemName,
        s.unit,
        s.quantity,
        s.priority,
        s.neededBy,
        s.scope,
        s.status,
        s.coverage.pledged,
        s.coverage.delivered,
        s.coverage.remaining,
        modeOf(s),
        s.itemVersion ?? null,
      ],
    );
  }

  /**
   * The request's row, locked until the transaction ends: every acceptance against it takes this
   * lock first, so two operators accepting at once are counted one after the other.
   */
  async lock(manager: EntityManager, requestId: string): Promise<RequestView | undefined> {
    const row = await manager.findOne(RequestViewEntity, {
      where: { requestId },
      lock: { mode: 'pessimistic_write' },
    });
    return row ? toRequestView(row) : undefined;
  }

  async find(manager: EntityManager, requestId: string): Promise<RequestView | undefined> {
    const row = await manager.findOneBy(RequestViewEntity, { requestId });
    return row ? toRequestView(row) : undefined;
  }

  /** Quantity this service's live acceptances hold against the request. */
  async heldOn(manager: EntityManager, requestId: string): Promise<number> {
    const [row] = await manager.query<{ held: number }[]>(
      `SELECT ${HELD} AS held FROM offers o WHERE o.request_id = $1`,
      [requestId],
    );
    return row.held;
  }

  async get(user: AuthUser, requestId: string): Promise<AvailableRequest> {
    const page = await this.query(user, { requestId, limit: 1, offset: 0 });
    if (page.items.length === 0) {
      throw new OfferException(
        'not-found',
        'request_not_found',
        `request ${requestId} is not known here`,
      );
    }
    return page.items[0];
  }

  /** Operators see every request; an agency sees the open ones its partner may answer. */
  list(user: AuthUser, filter: RequestViewFilter): Promise<AvailableRequestPage> {
    return this.query(user, filter);
  }

  private async query(
    user: AuthUser,
    q: RequestViewFilter & { requestId?: string },
  ): Promise<AvailableRequestPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.requestId) add('r.id = ?', q.requestId);
    if (q.incidentId) add('r.incident_id = ?', q.incidentId);
    if (q.status) add('r.status = ?', q.status);
    if (!hasRole(user, 'operator', 'admin')) {
      const partner = await this.partners.ofAgency(user);
      add('NOT (r.status = ANY(?))', CLOSED_FOR_OFFERS);
      where.push('r.quantity > h.held');
      if (partner.origin === 'international') where.push(`r.scope = 'international'`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM requests r
      CROSS JOIN LATERAL (SELECT ${HELD} AS held FROM offers o WHERE o.request_id = r.id) h ${filter}`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const rows = await this.dataSource.query<{ id: string; held: number }[]>(
      `SELECT r.id, h.held ${from}
       ORDER BY CASE r.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, r.needed_by, r.id
       LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    const entities = await this.dataSource.manager.findBy(
      RequestViewEntity,
      rows.map((r) => ({ requestId: r.id })),
    );
    const byId = new Map(entities.map((e) => [e.requestId, toRequestView(e)]));
    const items = rows.flatMap((r) => {
      const view = byId.get(r.id);
      return view ? [{ ...view, available: availableFor(view, r.held) }] : [];
    });
    return { items, total, limit: q.limit, offset: q.offset };
  }
}
