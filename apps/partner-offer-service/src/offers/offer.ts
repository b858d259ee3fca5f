import { hasRole, type AuthUser } from '@relief/auth';
import {
  systemReason,
  type IncidentMode,
  type OfferStatus,
  type PartnerKind,
  type PartnerOrigin,
  type ReasonCode,
  type ReasonParamsV1,
} from '@relief/contracts';
import { assertQuantity, assertTodayOrLater } from '@relief/runtime';
import { actsFor } from '../partners/partner';
import { assertOfferableIncident, type IncidentView } from '../incidents/incident-view';
import { assertOfferable, assertOpen, mayAnswer, type RequestView } from '../requests/request-view';
import { OfferException } from './offer.exception';

export interface OfferItem {
  code: string | null;
  name: string;
  unit: string;
}

export interface OfferPartner {
  code: string;
  name: string;
  kind: PartnerKind;
  origin: PartnerOrigin;
}

export interface OfferProps {
  id: string;
  /** Increases with every change; the snapshot's `revision` and the HTTP ETag. */
  version: number;
  partner: OfferPartner;
  /** null: unsolicited, against the incident only (until an operator links it when accepting). */
  requestId: string | null;
  incidentId: string;
  incidentReference: string;
  /** Its incident's mode (a drill: `exercise`, `test`), from the request or incident; never changed. */
  mode: IncidentMode;
  item: OfferItem;
  /**
   * The kit composition version the offered items are of: the stockpile's when made from stock,
   * else the partner's word, else its request's; null when the item has none (or not known).
   */
  itemVersion: number | null;
  /**
   * The version its request names (null: unsolicited, or none): when it differs from
   * `itemVersion` the ministry sees it before it accepts (see the README).
   */
  requestItemVersion: number | null;
  /** Offered quantity. */
  quantity: number;
  /** YYYY-MM-DD the partner expects the items on site. */
  expectedDeliveryDate: string | null;
  conditions: string | null;
  note: string | null;
  status: OfferStatus;
  acceptedQuantity: number | null;
  /**
   * The request service counted the acceptance (request.coverage-changed naming this offer).
   * Until then the acceptance may still be reverted, so the offer cannot be dispatched.
   */
  pledgeConfirmed: boolean;
  expectedArrival: string | null;
  reportedQuantity: number | null;
  deliveryNote: string | null;
  deliveredQuantity: number | null;
  /** Why it was declined, withdrawn or its acceptance reverted. */
  reason: string | null;
  acceptanceReverted: boolean;
  /** The stockpile it is made from (its quantity is reserved there); null when not from stock. */
  stockpileId: string | null;
  publishedBy: string;
  publishedAt: Date;
  decidedBy: string | null;
  updatedAt: Date;
}

export type PublishTarget =
  | { kind: 'request'; request: RequestView | undefined; requestId: string; available: number }
  | { kind: 'incident'; incident: IncidentView | undefined; incidentId: string; item: OfferItem };

export interface PublishOffer {
  partner: OfferPartner;
  target: PublishTarget;
  quantity: number;
  /** Against a request it must be the request's unit (and may be left out). */
  unit?: string;
  expectedDeliveryDate?: string | null;
  conditions?: string | null;
  note?: string | null;
  /** The version the partner says its items are of (undefined: not said). */
  itemVersion?: number | null;
  /** The stockpile it is made from, already found to be the partner's (see OffersService). */
  stock?: { id: string; itemVersion: number | null };
}

export type OfferChanges = Partial<
  Pick<OfferProps, 'quantity' | 'expectedDeliveryDate' | 'conditions' | 'note'>
>;

/** What the request looks like to the acceptance, read under a row lock (see OffersService). */
export interface AcceptanceRoom {
  request: RequestView;
  /** requested − what live acceptances of this service already hold. */
  available: number;
}

export type OfferEvent =
  | { type: 'offer.published' }
  | { type: 'offer.updated'; changes: string[] }
  | { type: 'offer.accepted' }
  | {
      type: 'offer.declined';
      /** The person's words, or English for a system reason (v1 readers, the offer's record). */
      reason: string;
      acceptanceReverted: boolean;
      /** What templates word: `operator` for typed words, else the system's code and params. */
      reasonCode: ReasonCode;
      reasonParams: ReasonParamsV1;
    }
  | {
      type: 'offer.withdrawn';
      previousStatus: OfferStatus;
      reason: string | null;
      /** The accepted quantity released from its request's pledges; null if never accepted. */
      releasedQuantity: number | null;
    }
  | { type: 'offer.dispatched' }
  | { type: 'offer.delivered' };

/** Offers an agency may still withdraw: not once the goods are on their way. */
export const WITHDRAWABLE: readonly OfferStatus[] = ['published', 'accepted'];

/**
 * A partner's offer of assistance. Lifecycle:
 * published → accepted | declined | withdrawn; accepted → dispatched → delivered;
 * accepted → withdrawn (before dispatch); accepted → declined when the request side could not
 * count the acceptance (compensation, `acceptanceReverted`).
 */
export class Offer {
  private constructor(
    private props: OfferProps,
    private readonly ministryCode: string,
  ) {}

  static publish(
    input: PublishOffer,
    context: { id: string; by: AuthUser; now: Date; ministryCode: string },
  ): { offer: Offer; events: OfferEvent[] } {
    const { partner, target } = input;
    if (!actsFor(context.by, partner.code, context.ministryCode)) {
      throw OfferException.notYourPartner(partner.code);
    }
    if (partner.code === context.ministryCode) assertMinistryCover(input);
    assertQuantity(OfferException, input.quantity);
    assertFutureDate(input.expectedDeliveryDate ?? null, context.now);

    let placement: Pick<
      OfferProps,
      'requestId' | 'incidentId' | 'incidentReference' | 'mode' | 'item' | 'requestItemVersion'
    >;
    if (target.kind === 'request') {
      assertOfferable(target.request, target.requestId, partner.origin, target.available);
      const request = target.request;
      if (input.unit !== undefined && input.unit !== request.unit) {
        throw OfferException.unitMismatch(input.unit, request.unit);
      }
      placement = {
        requestId: request.requestId,
        incidentId: request.incidentId,
        incidentReference: request.incidentReference,
        mode: request.mode,
        item: { code: request.itemCode, name: request.itemName, unit: request.unit },
        requestItemVersion: request.itemVersion,
      };
    } else {
      assertOfferableIncident(target.incident, target.incidentId);
      placement = {
        requestId: null,
        incidentId: target.incident.incidentId,
        incidentReference: target.incident.reference,
        mode: target.incident.mode,
        item: target.item,
        requestItemVersion: null,
      };
    }
    const offer = new Offer(
      {
        id: context.id,
        version: 1,
        partner,
        ...placement,
        itemVersion: offeredItemVersion(input, placement),
        quantity: input.quantity,
        expectedDeliveryDate: input.expectedDeliveryDate ?? null,
        conditions: input.conditions ?? null,
        note: input.note ?? null,
        status: 'published',
        acceptedQuantity: null,
        pledgeConfirmed: false,
        expectedArrival: null,
        reportedQuantity: null,
        deliveryNote: null,
        deliveredQuantity: null,
        reason: null,
        acceptanceReverted: false,
        stockpileId: input.stock?.id ?? null,
        publishedBy: context.by.sub,
        publishedAt: context.now,
        decidedBy: null,
        updatedAt: context.now,
      },
      context.ministryCode,
    );
    return { offer, events: [{ type: 'offer.published' }] };
  }

  /** `ministryCode`: the ministry's own offers (from its stock) are owned by its operators. */
  static restore(props: OfferProps, ministryCode: string): Offer {
    return new Offer(
      { ...props, partner: { ...props.partner }, item: { ...props.item } },
      ministryCode,
    );
  }

  get snapshot(): Readonly<OfferProps> {
    return this.props;
  }

  get id(): string {
    return this.props.id;
  }

  get status(): OfferStatus {
    return this.props.status;
  }

  /** Quantity this offer holds against its request's need (0 when it holds nothing). */
  get pledgedQuantity(): number {
    return pledgedQuantityOf(this.props);
  }

  /** Agencies see and touch only their own partner's offers; operators and admins see all. */
  assertVisibleTo(actor: AuthUser): void {
    if (isMinistry(actor)) return;
    this.assertOwner(actor, 'see');
  }

  assertVersion(expected: number): void {
    if (expected !== this.props.version) {
      throw OfferException.staleVersion(this.props.id, this.props.version, expected);
    }
  }

  edit(actor: AuthUser, changes: OfferChanges, now: Date): OfferEvent[] {
    this.assertOwner(actor, 'edit');
    this.assertStatus(['published'], 'edited');
    if (changes.quantity !== undefined) assertQuantity(OfferException, changes.quantity);
    if (changes.expectedDeliveryDate !== undefined)
      assertFutureDate(changes.expectedDeliveryDate, now);
    const changed = (Object.keys(changes) as (keyof OfferChanges)[]).filter(
      (key) => changes[key] !== undefined && changes[key] !== this.props[key],
    );
    if (changed.length === 0) return [];
    for (const key of changed) Object.assign(this.props, { [key]: changes[key] });
    this.touch(now);
    return [{ type: 'offer.updated', changes: changed }];
  }

  /**
   * The ministry accepts all or part of the offer. Against a request, never beyond what remains
   * (`room.available`, computed under a lock on the request's row). An unsolicited offer may be
   * linked to a request of its incident when accepted, or accepted on its own (then it counts
   * towards no request).
   */
  accept(
    actor: AuthUser,
    quantity: number | undefined,
    room: AcceptanceRoom | undefined,
    now: Date,
  ): OfferEvent[] {
    this.assertMinistry(actor, 'accept');
    this.assertStatus(['published'], 'accepted');
    const accepted = quantity ?? this.props.quantity;
    assertQuantity(OfferException, accepted);
    if (accepted > this.props.quantity) {
      throw OfferException.quantityExceedsOffer(
        accepted,
        this.props.quantity,
        this.props.item.unit,
      );
    }
    if (room) {
      const { request, available } = room;
      if (this.props.requestId !== null && this.props.requestId !== request.requestId) {
        throw new Error(`offer ${this.props.id} belongs to request ${this.props.requestId}`);
      }
      if (this.props.requestId === null) this.link(request);
      assertOpen(request);
      if (!mayAnswer(request.scope, this.props.partner.origin)) {
        throw OfferException.requestDomesticOnly(request.requestId, this.props.partner.code);
      }
      if (accepted > available) {
        throw OfferException.quantityExceedsRemaining(
          request.requestId,
          available,
          request.unit,
          accepted,
        );
      }
    } else if (this.props.requestId !== null) {
      throw new Error(`accepting offer ${this.props.id} needs its request's room`);
    }
    this.props.status = 'accepted';
    this.props.acceptedQuantity = accepted;
    this.props.pledgeConfirmed = this.props.requestId === null;
    this.props.decidedBy = actor.sub;
    this.touch(now);
    return [{ type: 'offer.accepted' }];
  }

  decline(actor: AuthUser, reason: string, now: Date): OfferEvent[] {
    this.assertMinistry(actor, 'decline');
    this.assertStatus(['published'], 'declined');
    this.props.status = 'declined';
    this.props.reason = reason;
    this.props.decidedBy = actor.sub;
    this.touch(now);
    return [
      {
        type: 'offer.declined',
        reason,
        acceptanceReverted: false,
        reasonCode: 'operator',
        reasonParams: {},
      },
    ];
  }

  /**
   * Its request ended (cancelled, closed with its incident, or fulfilled): a published offer can
   * never be accepted now, so it is declined. Accepted offers are left as they are.
   */
  declineBecauseRequestEnded(
    requestStatus: 'cancelled' | 'closed' | 'fulfilled',
    now: Date,
  ): OfferEvent[] {
    if (this.props.status !== 'published') return [];
    const reason = `the request was ${requestStatus}`;
    this.props.status = 'declined';
    this.props.reason = reason;
    this.touch(now);
    const { reasonCode, reasonParams } = systemReason(`request-${requestStatus}`, {});
    return [
      { type: 'offer.declined', reason, acceptanceReverted: false, reasonCode, reasonParams },
    ];
  }

  /** The partner takes its offer back; an accepted one releases its pledge. */
  withdraw(actor: AuthUser, reason: string | null, now: Date): OfferEvent[] {
    this.assertOwner(actor, 'withdraw');
    this.assertStatus(WITHDRAWABLE, 'withdrawn');
    const previousStatus = this.props.status;
    const releasedQuantity = previousStatus === 'accepted' ? this.props.acceptedQuantity : null;
    this.props.status = 'withdrawn';
    this.props.reason = reason;
    this.touch(now);
    return [{ type: 'offer.withdrawn', previousStatus, reason, releasedQuantity }];
  }

  dispatch(actor: AuthUser, expectedArrival: string | null, now: Date): OfferEvent[] {
    this.assertOwner(actor, 'dispatch');
    this.assertStatus(['accepted'], 'dispatched');
    if (!this.props.pledgeConfirmed) {
      throw OfferException.acceptanceNotConfirmed(this.props.id);
    }
    this.props.status = 'dispatched';
    this.props.expectedArrival = expectedArrival;
    this.touch(now);
    return [{ type: 'offer.dispatched' }];
  }

  /** The partner says what arrived; the ministry confirms it (confirmDelivery). */
  reportDelivery(actor: AuthUser, quantity: number, note: string | null, now: Date): OfferEvent[] {
    this.assertOwner(actor, 'report delivery of');
    this.assertStatus(['dispatched'], 'reported as delivered');
    this.assertDeliverable(quantity);
    this.props.reportedQuantity = quantity;
    this.props.deliveryNote = note;
    this.touch(now);
    return [{ type: 'offer.updated', changes: ['reportedQuantity', 'deliveryNote'] }];
  }

  /** An operator confirms what arrived: the reported quantity unless told otherwise. */
  confirmDelivery(actor: AuthUser, quantity: number | undefined, now: Date): OfferEvent[] {
    this.assertMinistry(actor, 'confirm delivery of');
    this.assertStatus(['dispatched'], 'confirmed as delivered');
    const delivered = quantity ?? this.props.reportedQuantity ?? this.props.acceptedQuantity;
    // A dispatched offer was accepted, so it always has an accepted quantity.
    if (delivered === null) throw new Error(`dispatched offer ${this.props.id} has no quantity`);
    this.assertDeliverable(delivered);
    this.props.status = 'delivered';
    this.props.deliveredQuantity = delivered;
    this.touch(now);
    return [{ type: 'offer.delivered' }];
  }

  /** request.coverage-changed named this offer: its acceptance is counted. */
  confirmPledge(): boolean {
    if (this.props.status !== 'accepted' || this.props.pledgeConfirmed) return false;
    this.props.pledgeConfirmed = true;
    return true;
  }

  /**
   * Compensation for request.offer-acceptance-rejected: the request side found no room (or the
   * request was no longer open), so the acceptance is reverted and the offer ends declined.
   * An offer withdrawn meanwhile stays withdrawn (nothing was counted either way).
   */
  revertAcceptance(
    rejection: { reason: string; reasonCode: ReasonCode; reasonParams: ReasonParamsV1 },
    now: Date,
  ): OfferEvent[] {
    if (this.props.status !== 'accepted' || this.props.pledgeConfirmed) return [];
    this.props.status = 'declined';
    this.props.acceptanceReverted = true;
    this.props.reason = rejection.reason;
    this.touch(now);
    return [{ type: 'offer.declined', acceptanceReverted: true, ...rejection }];
  }

  private link(request: RequestView): void {
    if (request.incidentId !== this.props.incidentId) {
      throw OfferException.requestOfAnotherIncident(request.requestId, this.props.id);
    }
    if (request.unit !== this.props.item.unit)
      throw OfferException.unitMismatch(this.props.item.unit, request.unit);
    // A version of another item says nothing of the request's item.
    if (request.itemCode !== this.props.item.code) this.props.itemVersion = null;
    this.props.requestItemVersion = request.itemVersion;
    this.props.requestId = request.requestId;
    this.props.item = { code: request.itemCode, name: request.itemName, unit: request.unit };
  }

  private assertDeliverable(quantity: number): void {
    assertQuantity(OfferException, quantity);
    const accepted = this.props.acceptedQuantity ?? 0;
    if (quantity > accepted) {
      throw OfferException.quantityExceedsAccepted(quantity, accepted, this.props.item.unit);
    }
  }

  /** Its partner's agency; for the ministry's own offer, the ministry's operators and admins. */
  private assertOwner(actor: AuthUser, action: string): void {
    if (!actsFor(actor, this.props.partner.code, this.ministryCode)) {
      throw OfferException.notYourOffer(this.props.partner.code, action, this.props.id);
    }
  }

  private assertMinistry(actor: AuthUser, action: string): void {
    if (!isMinistry(actor)) {
      throw OfferException.ministryOnly(action);
    }
  }

  private assertStatus(allowed: readonly OfferStatus[], what: string): void {
    if (!allowed.includes(this.props.status)) {
      throw OfferException.inStatus(this.props.id, this.props.status, what);
    }
  }

  private touch(now: Date): void {
    this.props.version += 1;
    this.props.updatedAt = now;
  }
}

export function isMinistry(actor: AuthUser): boolean {
  return hasRole(actor, 'operator', 'admin');
}

/** What an offer in this state holds against its request's need. */
export function pledgedQuantityOf(
  offer: Pick<OfferProps, 'status' | 'acceptedQuantity' | 'deliveredQuantity'>,
): number {
  switch (offer.status) {
    case 'accepted':
    case 'dispatched':
      return offer.acceptedQuantity ?? 0;
    case 'delivered':
      return offer.deliveredQuantity ?? 0;
    case 'published':
    case 'declined':
    case 'withdrawn':
      return 0;
  }
}

/**
 * The ministry is no partner: it offers only to cover a request from its own stock (a stockpile
 * the ministry owns; OffersService checked that), never unsolicited and never without stock.
 */
function assertMinistryCover(input: PublishOffer): void {
  if (input.target.kind !== 'request') {
    throw OfferException.invalidField(
      'request_required',
      'requestId',
      'required: the ministry offers its stock against a request',
      'the ministry covers requests from its own stock; it makes no unsolicited offers',
    );
  }
  if (!input.stock) {
    throw OfferException.invalidField(
      'stockpile_required',
      'stockpileId',
      'required: the ministry offers from its own stock',
      'the ministry offers only from a stockpile it owns',
    );
  }
}

/**
 * The version the offered items are of: the stockpile's when made from stock (what the partner
 * says must agree with it), else what the partner says, else what the request names. A request's
 * version that differs from the stock's is allowed and shown (`requestItemVersion`): the ministry
 * decides when it accepts.
 */
function offeredItemVersion(
  input: PublishOffer,
  placement: Pick<OfferProps, 'item' | 'requestItemVersion'>,
): number | null {
  const said = input.itemVersion;
  if (said !== undefined && said !== null) {
    if (!Number.isInteger(said) || said < 1) {
      throw OfferException.invalidField(
        'invalid_item_version',
        'itemVersion',
        'must be a whole number of at least 1, or null',
      );
    }
    if (placement.item.code === null) {
      throw OfferException.invalidField(
        'version_of_free_item',
        'itemVersion',
        'only a catalogue item (item.code) has versions',
      );
    }
  }
  if (input.stock) {
    if (said !== undefined && said !== input.stock.itemVersion) {
      throw OfferException.invalidField(
        'stock_version_mismatch',
        'itemVersion',
        `leave out, or ${input.stock.itemVersion ?? 'null'}: the stockpile's version`,
        `stockpile ${input.stock.id} holds version ${input.stock.itemVersion ?? 'none'}, not ${said ?? 'none'}`,
      );
    }
    return input.stock.itemVersion;
  }
  return said !== undefined ? said : placement.requestItemVersion;
}

/** A delivery date, when given, is a real day and not in the past. */
function assertFutureDate(date: string | null, now: Date): void {
  assertTodayOrLater(OfferException, date, 'expectedDeliveryDate', now, {
    invalid: 'invalid_date',
    past: 'date_in_past',
  });
}
