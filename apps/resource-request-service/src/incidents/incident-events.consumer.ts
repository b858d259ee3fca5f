import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventTypes, type ConsumedEvent } from '@relief/contracts';
import { HandleEvent, type EventContext } from '@relief/messaging';
import { IncidentsService } from './incidents.service';

/** incident.events → the incident read model (every event carries the whole incident). */
@Controller()
export class IncidentEventsConsumer {
  constructor(private readonly incidents: IncidentsService) {}

  @HandleEvent(EventTypes.IncidentReported)
  reported(@Payload() event: ConsumedEvent<'incident.reported'>, @Ctx() ctx: EventContext) {
    return this.incidents.apply(ctx.manager, event);
  }

  @HandleEvent(EventTypes.IncidentUpdated)
  updated(@Payload() event: ConsumedEvent<'incident.updated'>, @Ctx() ctx: EventContext) {
    return this.incidents.apply(ctx.manager, event);
  }

  @HandleEvent(EventTypes.IncidentSeverityChanged)
  severityChanged(
    @Payload() event: ConsumedEvent<'incident.severity-changed'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.incidents.apply(ctx.manager, event);
  }

  @HandleEvent(EventTypes.IncidentStatusChanged)
  statusChanged(
    @Payload() event: ConsumedEvent<'incident.status-changed'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.incidents.apply(ctx.manager, event);
  }

  @HandleEvent(EventTypes.IncidentSituationUpdated)
  situationUpdated(
    @Payload() event: ConsumedEvent<'incident.situation-updated'>,
    @Ctx() ctx: EventContext,
  ) {
    return this.incidents.apply(ctx.manager, event);
  }

  @HandleEvent(EventTypes.IncidentClosed)
  closed(@Payload() event: ConsumedEvent<'incident.closed'>, @Ctx() ctx: EventContext) {
    return this.incidents.apply(ctx.manager, event);
  }
}
