import { EventTypes, exampleEvent, type DomainEvent } from '@relief/contracts';
import { buildEnvelope, InvalidEventError } from './build-envelope';

const fixedClock = { now: () => new Date('2024-04-02T06:00:00.000Z'), newId: () => 'event-1' };

describe('buildEnvelope', () => {
  const event = exampleEvent(EventTypes.IncidentReported);

  it('wraps the event with id, time, producer, the correlation and actor of the work in progress', () => {
    const actor = { subject: 'user-7', organisationId: 'UNICEF', roles: ['agency'] };
    const built = buildEnvelope(event, {
      producer: 'incident-service',
      context: { correlationId: 'req-42', causationId: 'event-0', actor },
      ...fixedClock,
    });
    expect(built.envelope).toEqual({
      id: 'event-1',
      type: 'incident.reported',
      version: 1,
      occurredAt: '2024-04-02T06:00:00.000Z',
      aggregateId: event.aggregateId,
      correlationId: 'req-42',
      causationId: 'event-0',
      producer: 'incident-service',
      actor,
      payload: event.payload,
    });
    expect(JSON.parse(built.value)).toEqual(built.envelope);
    expect(built.definition.topic).toBe('incident.events');
  });

  it('puts the ids in Kafka headers too', () => {
    const { headers } = buildEnvelope(event, {
      producer: 'incident-service',
      context: { correlationId: 'req-42', causationId: 'event-0' },
      ...fixedClock,
    });
    expect(headers).toEqual({
      'event-id': 'event-1',
      'event-type': 'incident.reported',
      'event-version': '1',
      'correlation-id': 'req-42',
      'causation-id': 'event-0',
      producer: 'incident-service',
      'content-type': 'application/json',
    });
  });

  it('starts a new correlation when there is no request context (e.g. a scheduled job)', () => {
    const a = buildEnvelope(event, { producer: 'p' });
    const b = buildEnvelope(event, { producer: 'p' });
    expect(a.envelope.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.envelope.correlationId).not.toBe(b.envelope.correlationId);
    expect(a.envelope.causationId).toBeNull();
    expect(a.envelope.actor).toEqual({ subject: 'system:p', organisationId: null, roles: [] });
    expect(a.headers).not.toHaveProperty('causation-id');
    expect(a.envelope.id).not.toBe(b.envelope.id);
  });

  it('refuses a payload that breaks its class rules, naming the field', () => {
    const bad = exampleEvent(EventTypes.IncidentReported, { severity: 'Huge' as never });
    expect(() => buildEnvelope(bad, { producer: 'p' })).toThrow(InvalidEventError);
    expect(() => buildEnvelope(bad, { producer: 'p' })).toThrow(/severity/);
  });

  it('refuses fields the class does not declare (typos must not vanish silently)', () => {
    const typo = { ...event, payload: { ...event.payload, severityy: 'Minor' } };
    expect(() => buildEnvelope(typo, { producer: 'p' })).toThrow(/severityy/);
  });

  it('refuses a type or version missing from the catalogue', () => {
    const unknown = { ...event, version: 7 } as unknown as DomainEvent;
    expect(() => buildEnvelope(unknown, { producer: 'p' })).toThrow(/not in the event catalogue/);
  });

  it('refuses an aggregate id that is not the payload aggregate (it is the Kafka key)', () => {
    const offer = exampleEvent(EventTypes.OfferAccepted);
    const keyedByRequest = { ...offer, aggregateId: offer.payload.requestId! };
    expect(() => buildEnvelope(keyedByRequest, { producer: 'p' })).toThrow(/payload.offerId/);
  });

  it('refuses an event larger than consumers accept', () => {
    const big = exampleEvent(EventTypes.IncidentReported, { description: 'x'.repeat(3_000) });
    expect(() => buildEnvelope(big, { producer: 'p' })).not.toThrow();
    const huge = { ...big, payload: { ...big.payload, title: 'x'.repeat(300_000) } };
    expect(() => buildEnvelope(huge, { producer: 'p' })).toThrow(InvalidEventError);
  });
});
