import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, type ConsumedEvent } from '@relief/contracts';
import { HandleEvent, type EventContext } from '@relief/messaging';
import { RequestViewsService } from '../requests/request-views.service';
import { OffersService } from './offers.service';

/**
 * request.events → the request read model (each event carries the whole request; older
 * revisions are ignored), plus the two answers to our acceptances: coverage-changed naming an
 * offer confirms it, offer-acceptance-rejected reverts it. When a request ends, its published
 * offers are declined. Offer rows are always locked before the request row, as acceptances do.
 */
@Controller()
export class RequestEventsConsumer {
  constructor(
    private readonly requests: RequestViewsService,
    private readonly offers: OffersService,
  ) {}

  @HandleEvent(EventTypes.RequestRaised)
  raised(@Payload() event: ConsumedEvent<'request.raised'>, @Ctx() ctx: EventContext) {
    return this.requests.apply(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.RequestUpdated)
  updated(@Payload() event: ConsumedEvent<'request.updated'>, @Ctx() ctx: EventContext) {
    return this.requests.apply(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.RequestScopeChanged)
  scopeChanged(@Payload() event: ConsumedEvent<'request.scope-changed'>, @Ctx() ctx: EventContext) {
    return this.requests.apply(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.RequestCoverageChanged)
  async coverageChanged(
    @Payload() event: ConsumedEvent<'request.coverage-changed'>,
    @Ctx() ctx: EventContext,
  ) {
    // Offer row first, then the request row: the order acceptances take them in.
    if (event.payload.offerId) await this.offers.confirmPledge(ctx.manager, event.payload.offerId);
    await this.requests.apply(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.RequestFulfilled)
  fulfilled(@Payload() event: ConsumedEvent<'request.fulfilled'>, @Ctx() ctx: EventContext) {
    return this.ended(event, ctx);
  }

  @HandleEvent(EventTypes.RequestCancelled)
  cancelled(@Payload() event: ConsumedEvent<'request.cancelled'>, @Ctx() ctx: EventContext) {
    return this.ended(event, ctx);
  }

  @HandleEvent(EventTypes.RequestClosed)
  closed(@Payload() event: ConsumedEvent<'request.closed'>, @Ctx() ctx: EventContext) {
    return this.ended(event, ctx);
  }

  /** A request that takes no more offers: its still-published offers are declined. */
  private async ended(
    event: ConsumedEvent<'request.fulfilled' | 'request.cancelled' | 'request.closed'>,
    ctx: EventContext,
  ): Promise<void> {
    const ended = (
      {
        'request.fulfilled': 'fulfilled',
        'request.cancelled': 'cancelled',
        'request.closed': 'closed',
      } as const
    )[event.type];
    await this.offers.declinePublishedOf(ctx.manager, event.payload.requestId, ended);
    await this.requests.apply(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.RequestOfferAcceptanceRejected)
  acceptanceRejected(
    @Payload() event: ConsumedEvent<'request.offer-acceptance-rejected'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.offers.revertAcceptance(ctx.manager, event.payload);
  }
}
