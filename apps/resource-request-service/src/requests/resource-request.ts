import type {
  IncidentMode,
  OfferRejectionReason,
  PartnerOrigin,
  ReasonParamsByCode,
  RequestPriority,
  RequestScope,
  RequestStatus,
} from '@relief/contracts';
import { assertQuantity, assertTodayOrLater, sameValue } from '@relief/runtime';
import type { Unit } from '../catalogue/catalogue';
import {
  coverage,
  coverageOf,
  sameCoverage,
  statusOf,
  type Coverage,
  type Pledge,
} from './coverage';
import { RequestException } from './request.exception';

/** Statuses from which nothing but coverage bookkeeping happens any more. */
export const ENDED: readonly RequestStatus[] = ['fulfilled', 'cancelled', 'closed'];

export interface RequestItem {
  /** Catalogue code, or null for a free item. */
  code: string | null;
  name: string;
  unit: Unit;
  /**
   * The kit composition version it refers to (GET /catalogue/items/{code}/versions): the kit's
   * latest when raised, or the one the operator named; null for an item without a composition.
   */
  version: number | null;
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

export interface DeliveryLocation {
  /** ISO 3166-2 code, e.g. KZ-AKT. */
  region: string;
  address: string | null;
  coordinates: Coordinates | null;
}

export interface ResourceRequestProps {
  id: string;
  incidentId: string;
  /** Its incident's mode (`exercise`, `test`: a drill), taken when raised and never changed. */
  mode: IncidentMode;
  item: RequestItem;
  quantity: number;
  priority: RequestPriority;
  /** Calendar date, YYYY-MM-DD. */
  neededBy: string;
  location: DeliveryLocation;
  notes: string | null;
  scope: RequestScope;
  status: RequestStatus;
  pledged: number;
  delivered: number;
  /** Why the request was cancelled or closed. */
  endReason: string | null;
  /** Increases with every change, including coverage changes driven by offer events. */
  version: number;
  raisedBy: string;
  raisedAt: Date;
  updatedAt: Date;
}

export interface RaiseRequest {
  incidentId: string;
  /** The incident's mode; `actual` when left out. */
  mode?: IncidentMode;
  item: RequestItem;
  quantity: number;
  priority: RequestPriority;
  neededBy: string;
  location: DeliveryLocation;
  notes?: string | null;
  scope: RequestScope;
}

export type RequestChanges = Partial<
  Pick<ResourceRequestProps, 'quantity' | 'priority' | 'neededBy' | 'location' | 'notes'>
>;

/**
 * Why a request closed with its incident, as events carry it: a code with params (templates
 * word it), and the English words kept as the request's end reason and the events' v1 `reason`.
 */
export type IncidentClosure = {
  [C in 'incident-closed' | 'incident-cancelled']: {
    reasonCode: C;
    reasonParams: ReasonParamsByCode[C];
    reason: string;
  };
}['incident-closed' | 'incident-cancelled'];

/** The closure of requests by an incident that reached `status`; `note` is its typed reason. */
export function incidentClosure(
  incidentReference: string,
  status: 'closed' | 'cancelled',
  note: string | null,
): IncidentClosure {
  const reason = `incident ${incidentReference} ${status}${note ? `: ${note}` : ''}`.slice(0, 1000);
  const reasonParams = { incidentReference, note };
  return status === 'cancelled'
    ? { reasonCode: 'incident-cancelled', reasonParams, reason }
    : { reasonCode: 'incident-closed', reasonParams, reason };
}

/** An acceptance refused by the request: the contract's code, its params, English for logs. */
export type Rejection = {
  [C in RejectionCode]: { code: C; params: ReasonParamsByCode[C]; reason: string };
}[RejectionCode];

/** What changed coverage: an offer event, or the ministry changing the requested quantity. */
export type CoverageCause =
  | { kind: 'offer-accepted' | 'offer-withdrawn' | 'offer-delivered'; offerId: string }
  | { kind: 'quantity-changed' };

/** Why an acceptance cannot be counted (the contract's vocabulary). */
export type RejectionCode = Exclude<OfferRejectionReason, 'request-not-found' | 'item-mismatch'>;

/** Facts the request emits; the service turns them into versioned contract events. */
export type RequestEvent =
  | { type: 'request.raised' }
  | {
      type: 'request.updated';
      changes: (keyof RequestChanges)[];
      /** The quantity before, when `quantity` is among the changes. */
      previousQuantity: number | null;
    }
  | { type: 'request.scope-changed'; from: RequestScope; to: RequestScope; reason: string | null }
  | {
      type: 'request.coverage-changed';
      previous: Coverage;
      previousStatus: RequestStatus;
      cause: CoverageCause;
    }
  | { type: 'request.fulfilled' }
  | { type: 'request.cancelled'; reason: string }
  | ({ type: 'request.closed' } & IncidentClosure);

export type AcceptanceDecision =
  { decision: 'count' } | { decision: 'duplicate' } | ({ decision: 'reject' } & Rejection);

/**
 * A ministry's need for one item against one incident. Plain class: it holds the rules, the
 * service persists it and ships its events.
 */
export class ResourceRequest {
  private constructor(private props: ResourceRequestProps) {}

  static raise(
    input: RaiseRequest,
    context: { id: string; by: string; now: Date },
  ): { request: ResourceRequest; events: RequestEvent[] } {
    assertQuantity(RequestException, input.quantity);
    assertNeededBy(input.neededBy, context.now);
    const request = new ResourceRequest({
      id: context.id,
      incidentId: input.incidentId,
      mode: input.mode ?? 'actual',
      item: input.item,
      quantity: input.quantity,
      priority: input.priority,
      neededBy: input.neededBy,
      location: input.location,
      notes: input.notes ?? null,
      scope: input.scope,
      status: 'open',
      pledged: 0,
      delivered: 0,
      endReason: null,
      version: 1,
      raisedBy: context.by,
      raisedAt: context.now,
      updatedAt: context.now,
    });
    return { request, events: [{ type: 'request.raised' }] };
  }

  static restore(props: ResourceRequestProps): ResourceRequest {
    return new ResourceRequest({ ...props });
  }

  get snapshot(): Readonly<ResourceRequestProps> {
    return this.props;
  }

  get id(): string {
    return this.props.id;
  }

  get version(): number {
    return this.props.version;
  }

  get coverage(): Coverage {
    return coverage(this.props.quantity, this.props.pledged, this.props.delivered);
  }

  get ended(): boolean {
    return ENDED.includes(this.props.status);
  }

  /** Optimistic concurrency: an edit based on an older version is refused. */
  assertVersion(expected: number): void {
    if (expected !== this.props.version) {
      throw new RequestException(
        'stale',
        'stale_version',
        `request ${this.props.id} is at version ${this.props.version}, not ${expected}; reload it and retry`,
        { currentVersion: this.props.version },
      );
    }
  }

  update(changes: RequestChanges, now: Date): RequestEvent[] {
    this.assertEditable('updated');
    const changed = (Object.keys(changes) as (keyof RequestChanges)[]).filter(
      (key) => changes[key] !== undefined && !sameValue(changes[key], this.props[key]),
    );
    if (changed.length === 0) return [];
    if (changes.quantity !== undefined) {
      assertQuantity(RequestException, changes.quantity);
      if (changes.quantity < this.props.pledged) {
        throw new RequestException(
          'conflict',
          'quantity_below_pledged',
          `${this.props.pledged} ${this.props.item.unit} are already pledged; the quantity cannot go below that`,
          { pledged: this.props.pledged },
        );
      }
    }
    if (changes.neededBy !== undefined) assertNeededBy(changes.neededBy, now);

    const before = this.coverage;
    const statusBefore = this.props.status;
    const previousQuantity = changed.includes('quantity') ? this.props.quantity : null;
    for (const key of changed) Object.assign(this.props, { [key]: changes[key] });
    const events: RequestEvent[] = [
      { type: 'request.updated', changes: changed, previousQuantity },
    ];
    events.push(...this.settleCoverage(before, statusBefore, { kind: 'quantity-changed' }));
    this.touch(now);
    return events;
  }

  changeScope(to: RequestScope, reason: string | null, now: Date): RequestEvent[] {
    this.assertEditable('re-scoped');
    if (to === this.props.scope) {
      throw new RequestException(
        'conflict',
        'scope_unchanged',
        `request ${this.props.id} is already ${to}`,
      );
    }
    const from = this.props.scope;
    this.props.scope = to;
    this.touch(now);
    return [{ type: 'request.scope-changed', from, to, reason }];
  }

  cancel(reason: string, now: Date): RequestEvent[] {
    this.assertEditable('cancelled');
    this.props.status = 'cancelled';
    this.props.endReason = reason;
    this.touch(now);
    return [{ type: 'request.cancelled', reason }];
  }

  /**
   * Its incident's region was corrected: a request still in progress is delivered in the new one
   * (a request's region is its incident's). Ended requests keep the region they ended in.
   */
  moveToRegion(region: string, now: Date): RequestEvent[] {
    if (this.ended || this.props.location.region === region) return [];
    this.props.location = { ...this.props.location, region };
    this.touch(now);
    return [{ type: 'request.updated', changes: ['location'], previousQuantity: null }];
  }

  /** Its incident closed: a request still in progress closes with it; ended ones stay as they are. */
  closeWithIncident(closure: IncidentClosure, now: Date): RequestEvent[] {
    if (this.ended) return [];
    this.props.status = 'closed';
    this.props.endReason = closure.reason;
    this.touch(now);
    return [{ type: 'request.closed', ...closure }];
  }

  /**
   * The request side is the authority on coverage: an acceptance made elsewhere is counted only if
   * the request still takes pledges and has room for it.
   */
  decideAcceptance(
    existing: Pledge | undefined,
    quantity: number,
    partnerOrigin: PartnerOrigin,
  ): AcceptanceDecision {
    if (existing && existing.state !== 'rejected' && existing.state !== 'released') {
      return { decision: 'duplicate' };
    }
    const { status, scope, id } = this.props;
    if (status === 'cancelled' || status === 'closed' || status === 'fulfilled') {
      return {
        decision: 'reject',
        code: 'request-not-open',
        params: { requestStatus: status },
        reason: `request ${id} is ${status}`,
      };
    }
    if (scope === 'domestic' && partnerOrigin === 'international') {
      return {
        decision: 'reject',
        code: 'request-domestic-only',
        params: {},
        reason: `request ${id} is open to domestic partners only`,
      };
    }
    const { remaining } = this.coverage;
    if (quantity > remaining) {
      return {
        decision: 'reject',
        code: 'quantity-exceeds-remaining',
        params: { quantity, remaining, unit: this.props.item.unit },
        reason: `only ${remaining} ${this.props.item.unit} remain to be pledged on request ${id}; ${quantity} cannot be accepted`,
      };
    }
    return { decision: 'count' };
  }

  /** Recomputes coverage from the whole ledger (after an offer event changed it). */
  recount(pledges: readonly Pledge[], cause: CoverageCause, now: Date): RequestEvent[] {
    const before = this.coverage;
    const statusBefore = this.props.status;
    const after = coverageOf(this.props.quantity, pledges);
    this.props.pledged = after.pledged;
    this.props.delivered = after.delivered;
    const events = this.settleCoverage(before, statusBefore, cause);
    if (events.length > 0) this.touch(now);
    return events;
  }

  private settleCoverage(
    before: Coverage,
    previousStatus: RequestStatus,
    cause: CoverageCause,
  ): RequestEvent[] {
    const after = this.coverage;
    if (sameCoverage(before, after)) return [];
    const events: RequestEvent[] = [
      { type: 'request.coverage-changed', previous: before, previousStatus, cause },
    ];
    if (this.props.status !== 'cancelled' && this.props.status !== 'closed') {
      const wasFulfilled = this.props.status === 'fulfilled';
      this.props.status = statusOf(after);
      if (this.props.status === 'fulfilled' && !wasFulfilled) {
        events.push({ type: 'request.fulfilled' });
      }
    }
    return events;
  }

  private assertEditable(action: string): void {
    if (this.ended) {
      throw new RequestException(
        'conflict',
        `request_${this.props.status}`,
        `request ${this.props.id} is ${this.props.status} and can no longer be ${action}`,
        { status: this.props.status },
      );
    }
  }

  private touch(now: Date): void {
    this.props.version += 1;
    this.props.updatedAt = now;
  }
}

function assertNeededBy(neededBy: string, now: Date): void {
  assertTodayOrLater(RequestException, neededBy, 'neededBy', now, {
    invalid: 'invalid_needed_by',
    past: 'needed_by_in_past',
  });
}
