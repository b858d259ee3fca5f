import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EVENT_CATALOGUE, findEventDefinition, type EventDefinition } from './event-catalogue';
import { EventEnvelope } from './event-envelope';

/**
 * Largest message value a consumer accepts. Events carry snapshots, not documents: anything
 * bigger is a bug or an attack, and is dead-lettered before it is parsed.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

export type DecodeFailureReason =
  | 'too-large'
  | 'malformed-json'
  | 'invalid-envelope'
  | 'unknown-type'
  | 'unknown-version'
  | 'invalid-payload';

export interface DecodedEvent {
  ok: true;
  /** The envelope, its payload an instance of the definition's payload class. */
  envelope: EventEnvelope;
  definition: EventDefinition;
}

export interface DecodeFailure {
  ok: false;
  reason: DecodeFailureReason;
  /** Human readable; goes into the dead letter's `dlq-error` header. */
  detail: string;
  /** Set when the envelope itself was valid, so a consumer can tell which type it failed. */
  type?: string;
}

export type DecodeResult = DecodedEvent | DecodeFailure;

/**
 * Validation rules for incoming events: unknown fields are stripped, not rejected, so a producer
 * may add an optional field before every consumer knows it (forward compatibility). Missing or
 * wrong fields are rejected. `forbidUnknownValues` refuses anything that is not the class.
 */
const INCOMING = { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: true };

/** Turns a Kafka message value into a validated envelope and payload, or says why it cannot. */
export function decodeEvent(raw: Buffer | string | null | undefined): DecodeResult {
  if (raw === null || raw === undefined) {
    return fail('malformed-json', 'the message has no value');
  }
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_EVENT_BYTES) {
    return fail('too-large', `${size} bytes, the limit is ${MAX_EVENT_BYTES}`);
  }

  let plain: unknown;
  try {
    // Dropping `__proto__` keys keeps a crafted message from changing the prototype of the
    // instances class-transformer builds.
    plain = JSON.parse(raw.toString(), (key, value: unknown) =>
      key === '__proto__' ? undefined : value,
    );
  } catch (error) {
    return fail('malformed-json', (error as Error).message);
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return fail('invalid-envelope', 'the message value is not a JSON object');
  }

  const envelope = plainToInstance(EventEnvelope, plain);
  const envelopeErrors = validateSync(envelope, INCOMING);
  if (envelopeErrors.length > 0) {
    return fail('invalid-envelope', describeErrors(envelopeErrors));
  }

  const { type, version } = envelope;
  const definition = findEventDefinition(type, version);
  if (!definition) {
    return EVENT_CATALOGUE.some((d) => d.type === type)
      ? fail('unknown-version', `${type} has no version ${version} in the catalogue`, type)
      : fail('unknown-type', `${type} is not in the catalogue`, type);
  }

  const payload = plainToInstance(definition.payload, envelope.payload);
  const payloadErrors = validateSync(payload, INCOMING);
  if (payloadErrors.length > 0) {
    return fail('invalid-payload', `${type} v${version}: ${describeErrors(payloadErrors)}`, type);
  }
  envelope.payload = payload;
  return { ok: true, envelope, definition };
}

function fail(reason: DecodeFailureReason, detail: string, type?: string): DecodeFailure {
  return type === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, type };
}

/** `figures.dead: dead must not be less than 0; title: title must be a string` */
export function describeErrors(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((error) => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
      const nested = error.children?.length ? [describeErrors(error.children, path)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}
