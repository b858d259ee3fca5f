import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AGGREGATE_ID_FIELDS,
  describeErrors,
  findEventDefinition,
  MAX_EVENT_BYTES,
  type DomainEvent,
  type EventDefinition,
  type EventEnvelope,
} from '@relief/contracts';
import { systemActor, type RequestContextData } from '@relief/observability';

/** Thrown by the outbox for an event no consumer would accept: a bug in the producer. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export interface BuiltEvent {
  definition: EventDefinition;
  envelope: EventEnvelope;
  /** The envelope as JSON: the Kafka message value. */
  value: string;
  headers: Record<string, string>;
}

export interface EnvelopeSource {
  producer: string;
  /** RequestContext.current() at append time. */
  context?: RequestContextData;
  now?: () => Date;
  newId?: () => string;
}

/**
 * Outgoing rules are strict (unknown fields rejected) while incoming ones are lenient: a producer
 * finds out about a typo at once instead of consumers silently dropping the field.
 */
const OUTGOING = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/**
 * Wraps a domain event in its envelope: a new id, the time, the producer, the correlation
 * (from the request or event being handled; a fresh id when there is none, e.g. a scheduled job)
 * and causation (the event being handled) ids, and the actor (the caller, or the actor of the
 * event being handled; `system:<producer>` when no person started the work). Validates the payload against its class.
 */
export function buildEnvelope(event: DomainEvent, source: EnvelopeSource): BuiltEvent {
  const definition = findEventDefinition(event.type, event.version);
  if (!definition) {
    throw new InvalidEventError(`${event.type} v${event.version} is not in the event catalogue`);
  }
  const payload: object = plainToInstance(definition.payload, event.payload as object);
  const errors = validateSync(payload, OUTGOING);
  if (errors.length > 0) {
    throw new InvalidEventError(`${event.type} v${event.version}: ${describeErrors(errors)}`);
  }
  const keyField = AGGREGATE_ID_FIELDS[definition.topic];
  const keyValue = (event.payload as object as Record<string, unknown>)[keyField];
  if (!event.aggregateId || keyValue !== event.aggregateId) {
    // The aggregate id is the Kafka key: a wrong one would break per-aggregate order.
    throw new InvalidEventError(
      `${event.type}: aggregateId "${event.aggregateId}" must equal payload.${keyField} "${String(keyValue)}"`,
    );
  }

  const envelope: EventEnvelope = {
    id: (source.newId ?? randomUUID)(),
    type: event.type,
    version: event.version,
    occurredAt: (source.now?.() ?? new Date()).toISOString(),
    aggregateId: event.aggregateId,
    correlationId: source.context?.correlationId ?? randomUUID(),
    causationId: source.context?.causationId ?? null,
    producer: source.producer,
    actor: source.context?.actor ?? systemActor(source.producer),
    payload: event.payload,
  };
  const value = JSON.stringify(envelope);
  if (Buffer.byteLength(value) > MAX_EVENT_BYTES) {
    throw new InvalidEventError(`${event.type}: the event is larger than ${MAX_EVENT_BYTES} bytes`);
  }
  return { definition, envelope, value, headers: eventHeaders(envelope) };
}

/** Kafka headers: let tools and consumers route and trace without parsing the value. */
export function eventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    'event-id': envelope.id,
    'event-type': envelope.type,
    'event-version': String(envelope.version),
    'correlation-id': envelope.correlationId,
    ...(envelope.causationId ? { 'causation-id': envelope.causationId } : {}),
    producer: envelope.producer,
    'content-type': 'application/json',
  };
}
