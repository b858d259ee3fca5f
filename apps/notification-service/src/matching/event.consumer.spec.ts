import type { FeedbackService } from '../feedback/feedback.service';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EVENT_EXAMPLES, type EventType } from '@relief/contracts';
import type { EventContext } from '@relief/messaging';
import type { EntityManager } from 'typeorm';
import { TEMPLATED_EVENT_TYPES } from '../templates/templates';
import { EventConsumer, NOTIFIABLE_EVENT_TYPES } from './event.consumer';
import type { NotificationPlanner } from './notification-planner.service';

/** The `@HandleEvent` methods of the consumer, by the event type each one handles. */
function handlers(): Map<string, string> {
  const prototype = EventConsumer.prototype as unknown as Record<string, object>;
  const byType = new Map<string, string>();
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const patterns = Reflect.getMetadata(PATTERN_METADATA, prototype[name]) as string[] | undefined;
    for (const type of patterns ?? []) {
      expect({ type, handlers: byType.has(type) ? 2 : 1 }).toEqual({ type, handlers: 1 });
      byType.set(type, name);
    }
  }
  return byType;
}

describe('EventConsumer', () => {
  it('handles every notifiable event type (those subscriptions may name), and nothing else', () => {
    expect([...handlers().keys()].sort()).toEqual([...NOTIFIABLE_EVENT_TYPES].sort());
  });

  it('tells every coverage change: a quantity cut, a withdrawn pledge, a shortfall (issue 17)', () => {
    expect(NOTIFIABLE_EVENT_TYPES).toEqual(
      expect.arrayContaining(['request.updated', 'offer.withdrawn', 'offer.delivered']),
    );
    expect(handlers().get('request.updated')).toBe('requestUpdated');
    expect(handlers().get('offer.withdrawn')).toBe('offerWithdrawn');
  });

  it('has a text of its own for every notifiable type, and no text for a type it never consumes', () => {
    expect([...TEMPLATED_EVENT_TYPES].sort()).toEqual([...NOTIFIABLE_EVENT_TYPES].sort());
  });

  it('hands each event to the planner of its aggregate (request.closed to the request planner)', async () => {
    const calls: string[] = [];
    const record = (kind: string) => (_m: EntityManager, e: { type: string }) => {
      calls.push(`${kind}:${e.type}`);
      return Promise.resolve();
    };
    const planner = {
      incident: record('incident'),
      request: record('request'),
      offer: record('offer'),
      feedback: record('feedback'),
    } as unknown as NotificationPlanner;
    const feedback = { recordDelivery: () => Promise.resolve() } as unknown as FeedbackService;
    const consumer = new EventConsumer(planner, feedback) as unknown as Record<
      string,
      (e: object, ctx: EventContext) => Promise<void>
    >;
    const ctx = { manager: {} } as EventContext;
    for (const [type, method] of handlers()) {
      await consumer[method]({ type, payload: EVENT_EXAMPLES[type as EventType] }, ctx);
    }
    expect(calls.sort()).toEqual(
      NOTIFIABLE_EVENT_TYPES.map((type) => `${type.split('.')[0]}:${type}`).sort(),
    );
    expect(calls).toContain('request:request.closed');
    expect(calls).toContain('request:request.updated');
    expect(calls).toContain('offer:offer.withdrawn');
    expect(calls).toContain('feedback:feedback.categorised');
  });
});
