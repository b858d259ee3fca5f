import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, type ConsumedEvent, type ConsumedIncidentEvent } from '@relief/contracts';
import { HandleEvent, type EventContext } from '@relief/messaging';
import { IncidentViewsService } from './incident-views.service';

/** incident.events → the incident read model (for unsolicited offers). */
@Controller()
export class IncidentEventsConsumer {
  constructor(private readonly incidents: IncidentViewsService) {}

  private apply(event: ConsumedIncidentEvent, ctx: EventContext): Promise<void> {
    return this.incidents.apply(ctx.manager, event);
  }

  @HandleEvent(EventTypes.IncidentReported)
  reported(@Payload() event: ConsumedEvent<'incident.reported'>, @Ctx() ctx: EventContext) {
    return this.apply(event, ctx);
  }

  @HandleEvent(EventTypes.IncidentUpdated)
  updated(@Payload() event: ConsumedEvent<'incident.updated'>, @Ctx() ctx: EventContext) {
    return this.apply(event, ctx);
  }

  @HandleEvent(EventTypes.IncidentSeverityChanged)
  severityChanged(
    @Payload() event: ConsumedEvent<'incident.severity-changed'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.apply(event, ctx);
  }

  @HandleEvent(EventTypes.IncidentStatusChanged)
  statusChanged(
    @Payload() event: ConsumedEvent<'incident.status-changed'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.apply(event, ctx);
  }

  @HandleEvent(EventTypes.IncidentSituationUpdated)
  situationUpdated(
    @Payload() event: ConsumedEvent<'incident.situation-updated'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.apply(event, ctx);
  }

  @HandleEvent(EventTypes.IncidentClosed)
  closed(@Payload() event: ConsumedEvent<'incident.closed'>, @Ctx() ctx: EventContext) {
    return this.apply(event, ctx);
  }
}
