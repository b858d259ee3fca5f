/**
 * The event types a subscription may name (NOTIFIABLE_EVENT_TYPES of the notification-service,
 * src/matching/event.consumer.ts), grouped as the form shows them. Their words are the audit
 * history's (`audit.action.*`). A subscription naming none hears every event but feedback:
 * feedback is heard only by the subscriptions that name its types. Apart from
 * the screens' code (it imports nothing), so test/architecture/console-event-types.spec.ts can keep
 * it the same as the service's list: the console cannot import the service.
 */
export const SUBSCRIPTION_EVENT_GROUPS = {
  incident: [
    'incident.reported',
    'incident.updated',
    'incident.severity-changed',
    'incident.status-changed',
    'incident.situation-updated',
    'incident.closed',
  ],
  request: [
    'request.raised',
    'request.updated',
    'request.scope-changed',
    'request.cancelled',
    'request.fulfilled',
    'request.closed',
  ],
  offer: ['offer.accepted', 'offer.declined', 'offer.withdrawn', 'offer.delivered'],
  feedback: ['feedback.received', 'feedback.categorised'],
} as const satisfies Record<string, readonly string[]>;
export type SubscriptionEventGroup = keyof typeof SUBSCRIPTION_EVENT_GROUPS;

export const SUBSCRIPTION_EVENT_TYPES: readonly string[] =
  Object.values(SUBSCRIPTION_EVENT_GROUPS).flat();
