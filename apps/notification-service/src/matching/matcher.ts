import type { Hazard, NotificationChannel, Severity } from '@relief/contracts';
import {
  severityRank,
  type SubscriberProps,
  type SubscriptionProps,
} from '../subscribers/subscriber';

/** What an event is about, from its payload and (for offers) the incident read model. */
export interface EventFacts {
  type: string;
  region: string | null;
  hazard: Hazard | null;
  severity: Severity | null;
  /** Set for offer.* events: whose offer it is. */
  partnerCode: string | null;
}

export interface Recipient {
  subscriber: SubscriberProps;
  channel: NotificationChannel;
}

/** Partners hear about the fate of their own offers without subscribing to it. */
export const PARTNER_OWN_OFFER_EVENTS: readonly string[] = [
  'offer.accepted',
  'offer.declined',
  'offer.delivered',
];

/**
 * Who gets which event, by which channels. Pure: the caller loads subscribers, their
 * subscriptions and the facts. A subscriber appears at most once per channel however many of
 * their subscriptions match.
 */
export class Matcher {
  match(
    facts: EventFacts,
    subscribers: readonly SubscriberProps[],
    subscriptions: readonly SubscriptionProps[],
  ): Recipient[] {
    const bySubscriber = new Map<string, SubscriptionProps[]>();
    for (const s of subscriptions) {
      bySubscriber.set(s.subscriberId, [...(bySubscriber.get(s.subscriberId) ?? []), s]);
    }
    const recipients: Recipient[] = [];
    for (const subscriber of subscribers) {
      const wanted =
        this.ownOffer(facts, subscriber) ||
        (bySubscriber.get(subscriber.id) ?? []).some((s) => this.covers(s, facts));
      if (!wanted) continue;
      for (const channel of subscriber.channels) {
        if (channel === 'email' && !subscriber.email) continue;
        if (channel === 'sms' && !subscriber.phone) continue;
        recipients.push({ subscriber, channel });
      }
    }
    return recipients;
  }

  private ownOffer(facts: EventFacts, subscriber: SubscriberProps): boolean {
    return (
      PARTNER_OWN_OFFER_EVENTS.includes(facts.type) &&
      facts.partnerCode !== null &&
      subscriber.organisation.toUpperCase() === facts.partnerCode.toUpperCase()
    );
  }

  /** Every filter of a subscription must hold; an empty filter holds for anything. */
  covers(s: SubscriptionProps, facts: EventFacts): boolean {
    if (s.eventTypes.length > 0 && !s.eventTypes.includes(facts.type)) return false;
    // A filtered subscription does not match an event whose region/hazard we do not know.
    if (s.regions.length > 0 && (!facts.region || !s.regions.includes(facts.region))) return false;
    if (s.hazards.length > 0 && (!facts.hazard || !s.hazards.includes(facts.hazard))) return false;
    if (s.minSeverity) {
      if (!facts.severity) return false;
      if (severityRank(facts.severity) < severityRank(s.minSeverity)) return false;
    }
    return true;
  }
}
