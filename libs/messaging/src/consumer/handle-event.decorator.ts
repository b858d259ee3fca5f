import { applyDecorators, Catch, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type EventType } from '@relief/contracts';
import { throwError, type Observable } from 'rxjs';

/** Marks handlers declared through `@HandleEvent` (see `KafkaEventServer.listen`). */
export const HANDLE_EVENT_EXTRA = 'reliefHandleEvent';

/**
 * Hands a handler's error to the consumer unchanged. Nest's default RPC filter would replace it
 * with "Internal server error", and the consumer could no longer tell an outage (wait and retry)
 * from a bug (retry a few times, then dead-letter).
 */
@Catch()
export class KeepHandlerErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Declares a Kafka event handler in a `*.consumer.ts` controller:
 *
 * ```ts
 * @HandleEvent(EventTypes.IncidentReported)
 * async onReported(@Payload() event: ConsumedEvent<'incident.reported'>, @Ctx() ctx: EventContext) {
 *   await ctx.manager.save(...);
 * }
 * ```
 * It is `@EventPattern(type)` plus a filter that keeps the handler's error intact.
 */
export function HandleEvent(type: EventType): MethodDecorator {
  return applyDecorators(
    EventPattern(type, { [HANDLE_EVENT_EXTRA]: true }),
    UseFilters(KeepHandlerErrorFilter),
  );
}
