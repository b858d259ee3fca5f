import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, type ConsumedEvent } from '@relief/contracts';
import { HandleEvent, type EventContext } from '@relief/messaging';
import { CoverageService } from './coverage.service';

/** offer.events → coverage. Published, updated and declined offers change no coverage. */
@Controller()
export class OfferEventsConsumer {
  constructor(private readonly coverage: CoverageService) {}

  @HandleEvent(EventTypes.OfferAccepted)
  accepted(@Payload() event: ConsumedEvent<'offer.accepted'>, @Ctx() ctx: EventContext) {
    return this.coverage.onOfferAccepted(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.OfferWithdrawn)
  withdrawn(@Payload() event: ConsumedEvent<'offer.withdrawn'>, @Ctx() ctx: EventContext) {
    return this.coverage.onOfferWithdrawn(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.OfferDispatched)
  dispatched(@Payload() event: ConsumedEvent<'offer.dispatched'>, @Ctx() ctx: EventContext) {
    return this.coverage.onOfferDispatched(ctx.manager, event.payload);
  }

  @HandleEvent(EventTypes.OfferDelivered)
  delivered(@Payload() event: ConsumedEvent<'offer.delivered'>, @Ctx() ctx: EventContext) {
    return this.coverage.onOfferDelivered(ctx.manager, event.payload);
  }
}
