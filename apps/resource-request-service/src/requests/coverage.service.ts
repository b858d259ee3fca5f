import { Injectable, Logger } from '@nestjs/common';
import {
  EventTypes,
  type OfferAcceptedV1,
  type OfferDeliveredV1,
  type OfferDispatchedV1,
  type OfferWithdrawnV1,
  type ReasonParamsByCode,
} from '@relief/contracts';
import { OutboxService } from '@relief/messaging';
import type { EntityManager } from 'typeorm';
import type { Pledge } from './coverage';
import { PledgeEntity, toPledge } from './pledge.entity';
import { deliverPledge, dispatchPledge, newPledge, rejectedPledge, releasePledge } from './pledge';
import { RequestsService, type LockedRequest } from './requests.service';
import type { CoverageCause, Rejection } from './resource-request';

/** The one refusal the request cannot decide itself: there is no such request. */
type NotFound = {
  code: 'request-not-found';
  params: ReasonParamsByCode['request-not-found'];
  reason: string;
};

/**
 * The request side of the offer lifecycle: the authority on coverage. Each offer event is applied
 * under a lock on its request's row, so events of different offers of one request (which Kafka
 * may deliver in parallel from different partitions) are counted one after the other.
 */
@Injectable()
export class CoverageService {
  private readonly log = new Logger(CoverageService.name);

  constructor(
    private readonly requests: RequestsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Counts an acceptance if the request still has room for it; otherwise records it as rejected
   * and emits request.offer-acceptance-rejected, which makes the offer side revert it.
   */
  async onOfferAccepted(manager: EntityManager, offer: OfferAcceptedV1): Promise<void> {
    if (offer.requestId === null) return; // unsolicited, accepted on its own: counts nowhere
    const target = {
      offerId: offer.offerId,
      requestId: offer.requestId,
      partnerCode: offer.partnerCode,
      partnerName: offer.partnerName,
    };
    const locked = await this.requests.lock(manager, offer.requestId);
    if (!locked) {
      await this.reject(
        manager,
        offer,
        {
          code: 'request-not-found',
          params: {},
          reason: `request ${offer.requestId} does not exist`,
        },
        0,
      );
      return;
    }
    const ledger = await this.ledger(manager, offer.requestId);
    const existing = ledger.find((p) => p.offerId === offer.offerId);
    const decision = locked.request.decideAcceptance(
      existing,
      offer.acceptedQuantity,
      offer.partnerOrigin,
    );
    switch (decision.decision) {
      case 'duplicate':
        return;
      case 'reject':
        await this.putPledge(
          manager,
          target,
          rejectedPledge(offer.offerId, offer.acceptedQuantity),
          decision.reason,
        );
        await this.reject(manager, offer, decision, locked.request.coverage.remaining);
        this.log.warn(`acceptance of offer ${offer.offerId} rejected: ${decision.reason}`);
        return;
      case 'count': {
        const pledge = newPledge(offer.offerId, offer.acceptedQuantity);
        await this.putPledge(manager, target, pledge, null);
        await this.recount(manager, locked, replace(ledger, pledge), {
          kind: 'offer-accepted',
          offerId: offer.offerId,
        });
      }
    }
  }

  /** A withdrawn accepted offer frees its share of the need. */
  async onOfferWithdrawn(manager: EntityManager, offer: OfferWithdrawnV1): Promise<void> {
    await this.follow(manager, offer, (pledge) => releasePledge(pledge), 'offer-withdrawn');
  }

  async onOfferDispatched(manager: EntityManager, offer: OfferDispatchedV1): Promise<void> {
    await this.follow(manager, offer, (pledge) => dispatchPledge(pledge), undefined);
  }

  async onOfferDelivered(manager: EntityManager, offer: OfferDeliveredV1): Promise<void> {
    await this.follow(
      manager,
      offer,
      (pledge) => deliverPledge(pledge, offer.deliveredQuantity),
      'offer-delivered',
    );
  }

  private async follow(
    manager: EntityManager,
    offer: { offerId: string; requestId: string | null; partnerCode: string; partnerName: string },
    step: (pledge: Pledge | undefined) => Pledge | undefined,
    cause: 'offer-withdrawn' | 'offer-delivered' | undefined,
  ): Promise<void> {
    if (offer.requestId === null) return;
    const locked = await this.requests.lock(manager, offer.requestId);
    if (!locked) return;
    const ledger = await this.ledger(manager, offer.requestId);
    const next = step(ledger.find((p) => p.offerId === offer.offerId));
    if (!next) return; // an offer we never counted (its acceptance was rejected), or a replay
    await this.putPledge(manager, { ...offer, requestId: offer.requestId }, next, null);
    if (cause) {
      await this.recount(manager, locked, replace(ledger, next), {
        kind: cause,
        offerId: offer.offerId,
      });
    }
  }

  private async recount(
    manager: EntityManager,
    locked: LockedRequest,
    ledger: Pledge[],
    cause: CoverageCause,
  ): Promise<void> {
    const events = locked.request.recount(ledger, cause, new Date());
    await this.requests.save(manager, locked, events);
  }

  private async ledger(manager: EntityManager, requestId: string): Promise<Pledge[]> {
    const rows = await manager.find(PledgeEntity, { where: { requestId } });
    return rows.map(toPledge);
  }

  private async putPledge(
    manager: EntityManager,
    offer: { offerId: string; requestId: string; partnerCode: string; partnerName: string },
    pledge: Pledge,
    reason: string | null,
  ): Promise<void> {
    await manager.upsert(
      PledgeEntity,
      {
        offerId: offer.offerId,
        requestId: offer.requestId,
        partnerCode: offer.partnerCode,
        partnerName: offer.partnerName,
        state: pledge.state,
        quantity: pledge.quantity,
        deliveredQuantity: pledge.deliveredQuantity,
        reason,
        updatedAt: new Date(),
      },
      ['offerId'],
    );
  }

  private async reject(
    manager: EntityManager,
    offer: OfferAcceptedV1,
    rejection: Rejection | NotFound,
    remaining: number,
  ): Promise<void> {
    // Only an acceptance against a request can be rejected by the request side.
    const { requestId } = offer;
    if (!requestId) throw new Error(`offer ${offer.offerId} was accepted against no request`);
    await this.outbox.append(manager, {
      type: EventTypes.RequestOfferAcceptanceRejected,
      version: 1,
      aggregateId: requestId,
      payload: {
        requestId,
        offerId: offer.offerId,
        incidentId: offer.incidentId,
        partnerCode: offer.partnerCode,
        acceptedQuantity: offer.acceptedQuantity,
        remainingQuantity: remaining,
        // The code and its params are what people read; the English detail is for logs.
        reason: rejection.code,
        detail: rejection.reason,
        reasonParams: { ...rejection.params },
      },
    });
  }
}

function replace(ledger: Pledge[], pledge: Pledge): Pledge[] {
  return [...ledger.filter((p) => p.offerId !== pledge.offerId), pledge];
}
