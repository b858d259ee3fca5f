import type { SubscriberProps, SubscriptionProps } from '../subscribers/subscriber';
import { Matcher, type EventFacts } from './matcher';

const subscriber = (id: string, over: Partial<SubscriberProps> = {}): SubscriberProps => ({
  id,
  name: id,
  organisation: 'ministry',
  email: `${id}@example.kz`,
  phone: '+77012345678',
  language: 'ru',
  channels: ['email', 'sms'],
  userId: null,
  ...over,
});
const subscription = (
  subscriberId: string,
  over: Partial<SubscriptionProps> = {},
): SubscriptionProps => ({
  id: `${subscriberId}-s`,
  subscriberId,
  eventTypes: [],
  regions: [],
  hazards: [],
  minSeverity: null,
  ...over,
});
const facts = (over: Partial<EventFacts> = {}): EventFacts => ({
  type: 'incident.reported',
  region: 'KZ-15',
  hazard: 'FL',
  severity: 'Severe',
  partnerCode: null,
  ...over,
});
const names = (r: { subscriber: SubscriberProps; channel: string }[]) =>
  r.map((x) => `${x.subscriber.id}:${x.channel}`).sort();

describe('Matcher', () => {
  const m = new Matcher();

  it('matches event type, region, hazard and minimum severity; all filters must hold', () => {
    const subs = [
      subscriber('a'),
      subscriber('b'),
      subscriber('c'),
      subscriber('d'),
      subscriber('e'),
    ];
    const subscriptions = [
      subscription('a', { eventTypes: ['incident.reported'], regions: ['KZ-15'] }),
      subscription('b', { regions: ['KZ-31'] }),
      subscription('c', { hazards: ['EQ'] }),
      subscription('d', { minSeverity: 'Extreme' }),
      subscription('e', { minSeverity: 'Moderate', hazards: ['FL', 'FF'] }),
    ];
    expect(names(m.match(facts(), subs, subscriptions))).toEqual([
      'a:email',
      'a:sms',
      'e:email',
      'e:sms',
    ]);
  });

  it('Unknown severity is below Minor; an unknown region fails a region filter', () => {
    const subs = [subscriber('a'), subscriber('b')];
    const subscriptions = [
      subscription('a', { minSeverity: 'Minor' }),
      subscription('b', { regions: ['KZ-15'] }),
    ];
    expect(m.match(facts({ severity: 'Unknown', region: null }), subs, subscriptions)).toEqual([]);
  });

  it('partners get their own offer outcomes without subscribing, and only their own', () => {
    const subs = [
      subscriber('unicef', { organisation: 'UNICEF-KZ', channels: ['email'] }),
      subscriber('ifrc', { organisation: 'IFRC', channels: ['email'] }),
    ];
    const accepted = facts({ type: 'offer.accepted', partnerCode: 'unicef-kz' });
    expect(names(m.match(accepted, subs, []))).toEqual(['unicef:email']);
    // offer.published is not an "own offer" event.
    expect(m.match({ ...accepted, type: 'offer.published' }, subs, [])).toEqual([]);
  });

  it('matches request.closed like request.cancelled: by type, region and the incident hazard', () => {
    const subs = [subscriber('outcomes'), subscriber('cancellations'), subscriber('ifrc')];
    const subscriptions = [
      subscription('outcomes', {
        eventTypes: ['request.cancelled', 'request.closed'],
        regions: ['KZ-15'],
        hazards: ['FL'],
      }),
      subscription('cancellations', { eventTypes: ['request.cancelled'] }),
      // Partners hear of their own offers without subscribing, not of request outcomes.
      subscription('ifrc', { eventTypes: ['offer.accepted'] }),
    ];
    const closed = facts({ type: 'request.closed' });
    expect(names(m.match(closed, subs, subscriptions))).toEqual(['outcomes:email', 'outcomes:sms']);
    expect(names(m.match({ ...closed, type: 'request.cancelled' }, subs, subscriptions))).toEqual([
      'cancellations:email',
      'cancellations:sms',
      'outcomes:email',
      'outcomes:sms',
    ]);
    // A request of an incident not (yet) known: hazard unknown, the hazard filter does not hold.
    expect(m.match({ ...closed, hazard: null, severity: null }, subs, subscriptions)).toEqual([]);
  });

  it('sends once per channel even when several subscriptions match, and skips channels without address', () => {
    const subs = [subscriber('a', { phone: null, channels: ['email', 'sms'] })];
    const subscriptions = [subscription('a'), subscription('a', { id: 'x', regions: ['KZ-15'] })];
    expect(names(m.match(facts(), subs, subscriptions))).toEqual(['a:email']);
  });
});
