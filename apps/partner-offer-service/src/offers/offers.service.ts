import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { hasRole, type AuthUser } from '@relief/auth';
import type {
  OfferStatus,
  ReasonParamsV1,
  RequestOfferAcceptanceRejectedV1,
} from '@relief/contracts';
import { OutboxService } from '@relief/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { IncidentViewsService } from '../incidents/incident-views.service';
import { PartnerOfferServiceConfig } from '../partner-offer-service.config';
import { partnerCodeOf } from '../partners/partner';
import { PartnersService } from '../partners/partners.service';
import { availableFor } from '../requests/request-view';
import { RequestViewsService } from '../requests/request-views.service';
import { StockService } from '../stock/stock.service';
import {
  isMinistry,
  Offer,
  type AcceptanceRoom,
  type OfferChanges,
  type OfferEvent,
  type OfferItem,
  type OfferPartner,
  type OfferProps,
  type PublishTarget,
} from './offer';
import { toContractEvents } from './offer-events';
import { OfferEntity, toOfferProps, toOfferRow } from './offer.entity';
import { OfferException } from './offer.exception';

/** What a partner offers: against a request (its item), or unsolicited against an incident. */
export interface NewOffer {
  requestId?: string;
  incidentId?: string;
  item?: OfferItem;
  quantity: number;
  unit?: string;
  expectedDeliveryDate: string | null;
  conditions: string | null;
  note: string | null;
  /**
   * Made from this stockpile of the partner's: its quantity is reserved in the same transaction.
   * Null, as an offer reads back without stock, is no stockpile.
   */
  stockpileId?: string | null;
  /** The kit composition version the partner says its items are of. */
  itemVersion?: number | null;
}

export interface OfferFilter {
  requestId?: string;
  incidentId?: string;
  partnerCode?: string;
  status?: OfferStatus;
  limit: number;
  offset: number;
}

export interface OfferPage {
  items: Readonly<OfferProps>[];
  total: number;
  limit: number;
  offset: number;
}

/** Every write is one transaction: lock, let the offer decide, save, append its events. */
@Injectable()
export class OffersService {
  private readonly log = new Logger(OffersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly partners: PartnersService,
    private readonly requests: RequestViewsService,
    private readonly incidents: IncidentViewsService,
    private readonly stock: StockService,
    private readonly config: PartnerOfferServiceConfig,
    private readonly audit: AuditTrail,
  ) {}

  publish(input: NewOffer, user: AuthUser): Promise<Readonly<OfferProps>> {
    if (input.requestId !== undefined && input.incidentId !== undefined) {
      throw OfferException.invalidField(
        'request_or_incident',
        'incidentId',
        'leave out when requestId is given',
        'give requestId or incidentId, not both',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const partner = await this.offeringPartner(user, manager);
      // The stockpile first: its owner must be the one offering (before anything of it is told).
      // Never look a null id up: TypeORM drops a null condition and would find any stockpile.
      const stock =
        input.stockpileId === undefined || input.stockpileId === null
          ? undefined
          : await this.stock.ownStockpile(manager, input.stockpileId, partner.code);
      let target: PublishTarget;
      if (input.requestId !== undefined) {
        const request = await this.requests.find(manager, input.requestId);
        const held = request ? await this.requests.heldOn(manager, input.requestId) : 0;
        target = {
          kind: 'request',
          request,
          requestId: input.requestId,
          available: request ? availableFor(request, held) : 0,
        };
      } else {
        const { incidentId } = input;
        if (incidentId === undefined) throw new Error('validated above: requestId or incidentId');
        if (!input.item) {
          throw OfferException.invalidField(
            'item_required',
            'item',
            'required with incidentId',
            'an unsolicited offer names its item and unit',
          );
        }
        target = {
          kind: 'incident',
          incident: await this.incidents.find(manager, incidentId),
          incidentId,
          item: input.item,
        };
      }
      const { offer, events } = Offer.publish(
        {
          partner,
          target,
          quantity: input.quantity,
          unit: input.unit,
          expectedDeliveryDate: input.expectedDeliveryDate,
          conditions: input.conditions,
          note: input.note,
          itemVersion: input.itemVersion,
          stock: stock && { id: stock.id, itemVersion: stock.itemVersion },
        },
        { id: randomUUID(), by: user, now: new Date(), ministryCode: this.config.MINISTRY_CODE },
      );
      await manager.insert(OfferEntity, toOfferRow(offer.snapshot));
      if (stock) await this.stock.reserveForNewOffer(manager, stock, offer.snapshot, user);
      await this.outbox.appendAll(manager, toContractEvents(offer, events));
      return offer.snapshot;
    });
  }

  async get(id: string, user: AuthUser): Promise<Readonly<OfferProps>> {
    const row = await this.dataSource.manager.findOneBy(OfferEntity, { id });
    if (!row) throw notFound(id);
    const offer = this.restore(row);
    offer.assertVisibleTo(user);
    return offer.snapshot;
  }

  /** Operators and admins see every offer; an agency only its own partner's. */
  async list(query: OfferFilter, user: AuthUser): Promise<OfferPage> {
    let partnerCode = query.partnerCode?.toUpperCase();
    if (!hasRole(user, 'operator', 'admin')) {
      // Fails closed: a caller who is neither the ministry nor an agency of a partner sees nothing.
      const own = hasRole(user, 'agency') ? partnerCodeOf(user) : undefined;
      if (own === undefined) {
        throw new OfferException(
          'forbidden',
          'organisation_required',
          'only the ministry and partner agencies may list offers',
        );
      }
      if (partnerCode !== undefined && partnerCode !== own) {
        throw new OfferException(
          'forbidden',
          'not_your_offer',
          `you may list the offers of ${own} only`,
        );
      }
      partnerCode = own;
    }
    const { limit, offset } = query;
    const qb = this.dataSource.manager.createQueryBuilder(OfferEntity, 'o');
    if (query.requestId) qb.andWhere('o.request_id = :requestId', { requestId: query.requestId });
    if (query.incidentId)
      qb.andWhere('o.incident_id = :incidentId', { incidentId: query.incidentId });
    if (partnerCode) qb.andWhere('o.partner_code = :partnerCode', { partnerCode });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('o.published_at', 'DESC')
      .addOrderBy('o.id', 'ASC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { items: rows.map(toOfferProps), total, limit, offset };
  }

  edit(
    id: string,
    changes: OfferChanges,
    version: number,
    user: AuthUser,
  ): Promise<Readonly<OfferProps>> {
    return this.change(id, version, user, (offer, now) => offer.edit(user, changes, now));
  }

  /**
   * Reserves in one place: the offer row, then its request's read-model row, are locked; what
   * remains is computed under that lock from our own live acceptances, so two operators accepting
   * the last units at once are served one after the other and the second finds no room.
   */
  accept(
    id: string,
    input: { quantity?: number; requestId?: string },
    version: number,
    user: AuthUser,
  ): Promise<Readonly<OfferProps>> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lockOffer(manager, id);
      offer.assertVersion(version);
      const requestId = offer.snapshot.requestId ?? input.requestId ?? null;
      if (offer.snapshot.requestId !== null && input.requestId && input.requestId !== requestId) {
        throw OfferException.invalidField(
          'request_mismatch',
          'requestId',
          'leave out: the offer already answers a request',
          `offer ${id} answers request ${requestId}`,
        );
      }
      let room: AcceptanceRoom | undefined;
      if (requestId !== null) {
        const request = await this.requests.lock(manager, requestId);
        if (!request) {
          throw new OfferException(
            'unprocessable',
            'request_unknown',
            `request ${requestId} is not known here yet; retry in a few seconds`,
            { retryAfterSeconds: 5 },
          );
        }
        room = {
          request,
          available: availableFor(request, await this.requests.heldOn(manager, requestId)),
        };
      }
      const before = holdOf(offer);
      const events = offer.accept(user, input.quantity, room, new Date());
      return this.save(manager, offer, events, before, user.sub);
    });
  }

  decline(
    id: string,
    reason: string,
    version: number,
    user: AuthUser,
  ): Promise<Readonly<OfferProps>> {
    return this.change(id, version, user, (offer, now) => offer.decline(user, reason, now));
  }

  withdraw(
    id: string,
    reason: string | null,
    version: number,
    user: AuthUser,
  ): Promise<Readonly<OfferProps>> {
    return this.change(id, version, user, (offer, now) => offer.withdraw(user, reason, now));
  }

  dispatch(id: string, expectedArrival: string | null, version: number, user: AuthUser) {
    return this.change(id, version, user, (offer, now) =>
      offer.dispatch(user, expectedArrival, now),
    );
  }

  reportDelivery(
    id: string,
    quantity: number,
    note: string | null,
    version: number,
    user: AuthUser,
  ) {
    return this.change(id, version, user, (offer, now) =>
      offer.reportDelivery(user, quantity, note, now),
    );
  }

  confirmDelivery(id: string, quantity: number | undefined, version: number, user: AuthUser) {
    return this.change(id, version, user, (offer, now) =>
      offer.confirmDelivery(user, quantity, now),
    );
  }

  /** The request ended: its published offers are declined (lock order: offers, then request). */
  async declinePublishedOf(
    manager: EntityManager,
    requestId: string,
    requestStatus: 'cancelled' | 'closed' | 'fulfilled',
  ): Promise<void> {
    const rows = await manager.find(OfferEntity, {
      where: { requestId, status: 'published' },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const row of rows) {
      const offer = this.restore(row);
      const before = holdOf(offer);
      const events = offer.declineBecauseRequestEnded(requestStatus, new Date());
      await this.save(manager, offer, events, before, SYSTEM_ACTOR);
    }
  }

  /** request.coverage-changed naming an offer: its acceptance was counted; it may be dispatched. */
  async confirmPledge(manager: EntityManager, offerId: string): Promise<void> {
    const row = await manager.findOne(OfferEntity, {
      where: { id: offerId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) return;
    const offer = this.restore(row);
    if (!offer.confirmPledge()) return;
    await manager.save(OfferEntity, toOfferRow(offer.snapshot));
    // No event of its own: recorded here, with the actor and cause of the coverage event handled.
    await this.audit.record(manager, {
      objectType: 'offer',
      objectId: offerId,
      action: 'offer.pledge-confirmed',
      changes: { before: { pledgeConfirmed: false }, after: { pledgeConfirmed: true } },
    });
  }

  /** Compensation: the request side could not count the acceptance; the offer ends declined. */
  async revertAcceptance(
    manager: EntityManager,
    rejection: RequestOfferAcceptanceRejectedV1,
  ): Promise<void> {
    const row = await manager.findOne(OfferEntity, {
      where: { id: rejection.offerId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) return;
    const offer = this.restore(row);
    // English for the offer's record and v1 readers; people read the code with its params.
    const reason = `acceptance reverted: the request could not count it (${rejection.reason}${
      rejection.detail ? `: ${rejection.detail}` : ''
    })`.slice(0, 1000);
    const before = holdOf(offer);
    const events = offer.revertAcceptance(
      {
        reason,
        reasonCode: rejection.reason,
        reasonParams: { ...rejectionParams(rejection, offer.snapshot.item.unit) },
      },
      new Date(),
    );
    if (events.length === 0) {
      this.log.warn(`rejection of offer ${rejection.offerId} ignored: it is ${offer.status}`);
      return;
    }
    this.log.warn(`offer ${rejection.offerId}: ${reason}`);
    await this.save(manager, offer, events, before, SYSTEM_ACTOR);
  }

  private change(
    id: string,
    version: number,
    user: AuthUser,
    act: (offer: Offer, now: Date) => OfferEvent[],
  ): Promise<Readonly<OfferProps>> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lockOffer(manager, id);
      // Ownership is checked before the version, so another partner learns nothing from a 412.
      offer.assertVisibleTo(user);
      offer.assertVersion(version);
      const before = holdOf(offer);
      return this.save(manager, offer, act(offer, new Date()), before, user.sub);
    });
  }

  /**
   * Who offers: an agency its registered partner; operators and admins the ministry, which is no
   * partner here and offers only its own stock against a request (Offer.publish).
   */
  private async offeringPartner(user: AuthUser, manager: EntityManager): Promise<OfferPartner> {
    if (isMinistry(user)) {
      return {
        code: this.config.MINISTRY_CODE,
        name: this.config.MINISTRY_NAME,
        kind: 'government',
        origin: 'domestic',
      };
    }
    const { code, name, kind, origin } = await this.partners.ofAgency(user, manager, true);
    return { code, name, kind, origin };
  }

  private restore(row: OfferEntity): Offer {
    return Offer.restore(toOfferProps(row), this.config.MINISTRY_CODE);
  }

  private async lockOffer(manager: EntityManager, id: string): Promise<Offer> {
    const row = await manager.findOne(OfferEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw notFound(id);
    return this.restore(row);
  }

  private async save(
    manager: EntityManager,
    offer: Offer,
    events: OfferEvent[],
    before: StockHold,
    actor: string,
  ): Promise<Readonly<OfferProps>> {
    if (events.length > 0) {
      await manager.save(OfferEntity, toOfferRow(offer.snapshot));
      // An offer made from stock moves it in the same transaction (released, reserved, dispatched).
      await this.stock.followOffer(manager, before, offer.snapshot, actor);
      await this.outbox.appendAll(manager, toContractEvents(offer, events));
    }
    return offer.snapshot;
  }
}

/** What an offer held of its stock before a change (see stock/offer-stock.ts). */
type StockHold = Pick<OfferProps, 'status' | 'quantity' | 'acceptedQuantity'>;

function holdOf(offer: Offer): StockHold {
  const { status, quantity, acceptedQuantity } = offer.snapshot;
  return { status, quantity, acceptedQuantity };
}

/** Who moved stock when an event of another service did it (a request ended, a rejection). */
const SYSTEM_ACTOR = 'system:partner-offer-service';

function notFound(id: string): OfferException {
  return new OfferException('not-found', 'offer_not_found', `offer ${id} does not exist`);
}

/**
 * The params of a rejection's code: those it carries, or for an event from before
 * `reasonParams` was added, what its own fields say (quantities, the offer's unit).
 */
export function rejectionParams(
  rejection: RequestOfferAcceptanceRejectedV1,
  unit: string,
): ReasonParamsV1 {
  if (rejection.reasonParams) return rejection.reasonParams;
  return rejection.reason === 'quantity-exceeds-remaining'
    ? { quantity: rejection.acceptedQuantity, remaining: rejection.remainingQuantity, unit }
    : {};
}
