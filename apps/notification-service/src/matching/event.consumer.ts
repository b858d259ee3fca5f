import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, INCIDENT_EVENT_TYPES, type ConsumedEvent } from '@relief/contracts';
import { HandleEvent, type EventContext } from '@relief/messaging';
import { FeedbackService } from '../feedback/feedback.service';
import { NotificationPlanner } from './notification-planner.service';

/**
 * The events people may hear about (and the incident ones that feed the read model); a
 * subscription names some of them. Every change of coverage is among them (issue 17 item 4): a
 * quantity cut (request.updated, previousQuantity), an accepted pledge withdrawn
 * (offer.withdrawn, releasedQuantity), a shortfall at delivery (offer.delivered,
 * shortfallQuantity). Feedback from affected people (issue 19) comes back from this service's own
 * feedback.events topic like any other event. Listed in docs/event-catalogue.md, "Notifiable events".
 */
export const NOTIFIABLE_EVENT_TYPES = [
  ...INCIDENT_EVENT_TYPES,
  EventTypes.RequestRaised,
  EventTypes.RequestUpdated,
  EventTypes.RequestScopeChanged,
  EventTypes.RequestCancelled,
  EventTypes.RequestFulfilled,
  EventTypes.RequestClosed,
  EventTypes.OfferAccepted,
  EventTypes.OfferDeclined,
  EventTypes.OfferWithdrawn,
  EventTypes.OfferDelivered,
  // This service's own feedback, heard only by subscriptions that name these types.
  EventTypes.FeedbackReceived,
  EventTypes.FeedbackCategorised,
] as const;

/** Thin: every handler hands the event and the consumer's transaction to the planner. */
@Controller()
export class EventConsumer {
  constructor(
    private readonly planner: NotificationPlanner,
    private readonly feedback: FeedbackService,
  ) {}

  @HandleEvent(EventTypes.IncidentReported)
  incidentReported(@Payload() e: ConsumedEvent<'incident.reported'>, @Ctx() ctx: EventContext) {
    return this.planner.incident(ctx.manager, e);
  }

  @HandleEvent(EventTypes.IncidentUpdated)
  incidentUpdated(@Payload() e: ConsumedEvent<'incident.updated'>, @Ctx() ctx: EventContext) {
    return this.planner.incident(ctx.manager, e);
  }

  @HandleEvent(EventTypes.IncidentSeverityChanged)
  severityChanged(
    @Payload() e: ConsumedEvent<'incident.severity-changed'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.planner.incident(ctx.manager, e);
  }

  @HandleEvent(EventTypes.IncidentStatusChanged)
  statusChanged(@Payload() e: ConsumedEvent<'incident.status-changed'>, @Ctx() ctx: EventContext) {
    return this.planner.incident(ctx.manager, e);
  }

  @HandleEvent(EventTypes.IncidentSituationUpdated)
  situationUpdated(
    @Payload() e: ConsumedEvent<'incident.situation-updated'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.planner.incident(ctx.manager, e);
  }

  @HandleEvent(EventTypes.IncidentClosed)
  incidentClosed(@Payload() e: ConsumedEvent<'incident.closed'>, @Ctx() ctx: EventContext) {
    return this.planner.incident(ctx.manager, e);
  }

  @HandleEvent(EventTypes.RequestRaised)
  requestRaised(@Payload() e: ConsumedEvent<'request.raised'>, @Ctx() ctx: EventContext) {
    return this.planner.request(ctx.manager, e);
  }

  @HandleEvent(EventTypes.RequestUpdated)
  requestUpdated(@Payload() e: ConsumedEvent<'request.updated'>, @Ctx() ctx: EventContext) {
    return this.planner.request(ctx.manager, e);
  }

  @HandleEvent(EventTypes.RequestScopeChanged)
  scopeChanged(@Payload() e: ConsumedEvent<'request.scope-changed'>, @Ctx() ctx: EventContext) {
    return this.planner.request(ctx.manager, e);
  }

  @HandleEvent(EventTypes.RequestCancelled)
  requestCancelled(@Payload() e: ConsumedEvent<'request.cancelled'>, @Ctx() ctx: EventContext) {
    return this.planner.request(ctx.manager, e);
  }

  @HandleEvent(EventTypes.RequestFulfilled)
  requestFulfilled(@Payload() e: ConsumedEvent<'request.fulfilled'>, @Ctx() ctx: EventContext) {
    return this.planner.request(ctx.manager, e);
  }

  @HandleEvent(EventTypes.RequestClosed)
  requestClosed(@Payload() e: ConsumedEvent<'request.closed'>, @Ctx() ctx: EventContext) {
    return this.planner.request(ctx.manager, e);
  }

  @HandleEvent(EventTypes.OfferAccepted)
  offerAccepted(@Payload() e: ConsumedEvent<'offer.accepted'>, @Ctx() ctx: EventContext) {
    return this.planner.offer(ctx.manager, e);
  }

  @HandleEvent(EventTypes.OfferDeclined)
  offerDeclined(@Payload() e: ConsumedEvent<'offer.declined'>, @Ctx() ctx: EventContext) {
    return this.planner.offer(ctx.manager, e);
  }

  @HandleEvent(EventTypes.OfferWithdrawn)
  offerWithdrawn(@Payload() e: ConsumedEvent<'offer.withdrawn'>, @Ctx() ctx: EventContext) {
    return this.planner.offer(ctx.manager, e);
  }

  @HandleEvent(EventTypes.FeedbackReceived)
  feedbackReceived(@Payload() e: ConsumedEvent<'feedback.received'>, @Ctx() ctx: EventContext) {
    return this.planner.feedback(ctx.manager, e);
  }

  @HandleEvent(EventTypes.FeedbackCategorised)
  feedbackCategorised(
    @Payload() e: ConsumedEvent<'feedback.categorised'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.planner.feedback(ctx.manager, e);
  }

  @HandleEvent(EventTypes.OfferDelivered)
  async offerDelivered(@Payload() e: ConsumedEvent<'offer.delivered'>, @Ctx() ctx: EventContext) {
    // Which partner delivered which item where: what a partner may read of feedback.
    await this.feedback.recordDelivery(ctx.manager, e.payload);
    return this.planner.offer(ctx.manager, e);
  }
}
