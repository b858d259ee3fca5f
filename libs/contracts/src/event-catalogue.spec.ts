import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeErrors } from './decode-event';
import {
  AGGREGATE_ID_FIELDS,
  EVENT_CATALOGUE,
  EventTypes,
  eventTypesOf,
  findEventDefinition,
  isKnownEventType,
  topicOf,
  type DomainEvent,
} from './event-catalogue';
import { EVENT_EXAMPLES, exampleEvent } from './event-examples';
import { IncidentSeverityChangedV1 } from './events/incident.events';
import { ALL_TOPICS, Topics } from './topics';

describe('event catalogue', () => {
  it('holds each (type, version) once, and versions of a type count up from 1', () => {
    const keys = EVENT_CATALOGUE.map((d) => `${d.type}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const type of new Set(EVENT_CATALOGUE.map((d) => d.type))) {
      const versions = EVENT_CATALOGUE.filter((d) => d.type === type)
        .map((d) => d.version)
        .sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it('defines every EventTypes constant and nothing else', () => {
    expect(new Set(EVENT_CATALOGUE.map((d) => d.type))).toEqual(new Set(Object.values(EventTypes)));
  });

  it('sends each type to the topic of its aggregate (`incident.x` to incident.events ...)', () => {
    for (const definition of EVENT_CATALOGUE) {
      const aggregate = definition.type.split('.')[0];
      expect(definition.topic).toBe(`${aggregate}.events`);
    }
  });

  it('keys every topic by an aggregate id field its payloads carry', () => {
    for (const definition of EVENT_CATALOGUE) {
      const field = AGGREGATE_ID_FIELDS[definition.topic];
      expect(Object.keys(EVENT_EXAMPLES[definition.type])).toContain(field);
    }
  });

  it('has a valid example for every definition', () => {
    for (const definition of EVENT_CATALOGUE) {
      const payloadClass: new () => object = definition.payload;
      const payload = plainToInstance(payloadClass, EVENT_EXAMPLES[definition.type] as object);
      const errors = validateSync(payload, {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
      });
      expect(`${definition.type}: ${describeErrors(errors)}`).toBe(`${definition.type}: `);
    }
  });

  it('finds definitions by type and version', () => {
    expect(findEventDefinition('incident.severity-changed', 1)?.payload).toBe(
      IncidentSeverityChangedV1,
    );
    expect(findEventDefinition('incident.severity-changed', 2)).toBeUndefined();
    expect(findEventDefinition('incident.unknown', 1)).toBeUndefined();
  });

  it('lists the types of a topic, and the topic of a type', () => {
    expect(eventTypesOf(Topics.Notifications)).toEqual([
      'notification.sent',
      'notification.failed',
    ]);
    expect(eventTypesOf('no.such.topic')).toEqual([]);
    expect(ALL_TOPICS.flatMap((t) => eventTypesOf(t)).sort()).toEqual(
      Object.values(EventTypes).sort(),
    );
    expect(topicOf('offer.accepted')).toBe(Topics.Offers);
    expect(topicOf('offer.eaten')).toBeUndefined();
    expect(isKnownEventType('request.raised')).toBe(true);
    expect(isKnownEventType('request.razed')).toBe(false);
  });

  it('builds example events keyed by their aggregate', () => {
    const event = exampleEvent('request.offer-acceptance-rejected');
    expect(event.aggregateId).toBe(EVENT_EXAMPLES['request.offer-acceptance-rejected'].requestId);
    expect(exampleEvent('offer.accepted', { offerId: 'x' }).aggregateId).toBe('x');
  });

  it('types a domain event so the payload must match its type (compile-time check)', () => {
    const ok: DomainEvent = {
      type: EventTypes.OfferDelivered,
      version: 1,
      aggregateId: 'a',
      payload: EVENT_EXAMPLES['offer.delivered'],
    };
    // @ts-expect-error an offer.withdrawn payload lacks deliveredQuantity
    const wrong: DomainEvent = {
      type: EventTypes.OfferDelivered,
      version: 1,
      aggregateId: 'a',
      payload: EVENT_EXAMPLES['offer.withdrawn'],
    };
    const unknownVersion: DomainEvent = {
      type: EventTypes.OfferDelivered,
      // @ts-expect-error there is no version 2 yet
      version: 2,
      aggregateId: 'a',
      payload: EVENT_EXAMPLES['offer.delivered'],
    };
    expect([ok, wrong, unknownVersion]).toHaveLength(3);
  });
});
