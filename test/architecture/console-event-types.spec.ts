/**
 * The console's subscription form offers the event types the notification-service accepts in a
 * subscription: the console cannot import the service (lint boundaries), so it keeps its own
 * list, and this is what keeps the two the same.
 */
// eslint-disable-next-line no-restricted-imports -- the two apps' lists under test
import { NOTIFIABLE_EVENT_TYPES } from '../../apps/notification-service/src/matching/event.consumer';
// eslint-disable-next-line no-restricted-imports -- the two apps' lists under test
import { SUBSCRIPTION_EVENT_TYPES } from '../../apps/console/web/src/subscription-event-types';

describe("the console's subscription event types", () => {
  it('are the notifiable event types of the notification-service, each once', () => {
    expect([...SUBSCRIPTION_EVENT_TYPES].sort()).toEqual([...NOTIFIABLE_EVENT_TYPES].sort());
    expect(new Set(SUBSCRIPTION_EVENT_TYPES).size).toBe(SUBSCRIPTION_EVENT_TYPES.length);
  });
});
