import { randomUUID } from 'node:crypto';
import { decodeEvent, MAX_EVENT_BYTES } from './decode-event';
import { EVENT_EXAMPLES } from './event-examples';
import { IncidentFiguresV1, IncidentReportedV1 } from './events/incident.events';

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    type: 'incident.reported',
    version: 1,
    occurredAt: '2024-04-02T06:00:00.000Z',
    aggregateId: EVENT_EXAMPLES['incident.reported'].incidentId,
    correlationId: 'req-1',
    causationId: null,
    producer: 'incident-service',
    payload: { ...EVENT_EXAMPLES['incident.reported'] },
    ...overrides,
  };
}

const encode = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('decodeEvent', () => {
  it('returns the envelope with the payload as an instance of its class', () => {
    const result = decodeEvent(encode(envelope()));
    if (!result.ok) throw new Error(result.detail);
    expect(result.definition.type).toBe('incident.reported');
    expect(result.envelope.payload).toBeInstanceOf(IncidentReportedV1);
    expect((result.envelope.payload as IncidentReportedV1).figures).toBeInstanceOf(
      IncidentFiguresV1,
    );
  });

  it('accepts a string as well as bytes', () => {
    expect(decodeEvent(JSON.stringify(envelope())).ok).toBe(true);
  });

  it('strips unknown envelope and payload fields instead of rejecting them', () => {
    const value = envelope({ traceId: 'x' });
    (value.payload as Record<string, unknown>).addedInAMinorRelease = 'ignored';
    const result = decodeEvent(encode(value));
    if (!result.ok) throw new Error(result.detail);
    expect(result.envelope).not.toHaveProperty('traceId');
    expect(result.envelope.payload).not.toHaveProperty('addedInAMinorRelease');
  });

  it('rejects an oversized message before parsing it', () => {
    const result = decodeEvent(Buffer.alloc(MAX_EVENT_BYTES + 1, 0x20));
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it.each([['{not json'], [''], ['\u0000']])('rejects malformed JSON %j', (raw) => {
    expect(decodeEvent(raw)).toMatchObject({ ok: false, reason: 'malformed-json' });
  });

  it('rejects a missing value as malformed', () => {
    expect(decodeEvent(null)).toMatchObject({ ok: false, reason: 'malformed-json' });
  });

  it.each([['[]'], ['42'], ['"text"'], ['null']])('rejects a non-object value %s', (raw) => {
    expect(decodeEvent(raw)).toMatchObject({ ok: false, reason: 'invalid-envelope' });
  });

  it.each([
    ['id', { id: 'not-a-uuid' }],
    ['type', { type: 'Incident Reported' }],
    ['version', { version: 0 }],
    ['version', { version: '1' }],
    ['occurredAt', { occurredAt: 'yesterday' }],
    ['aggregateId', { aggregateId: '' }],
    ['correlationId', { correlationId: undefined }],
    ['producer', { producer: 7 }],
    ['payload', { payload: [] }],
  ])('rejects an envelope with a bad %s', (field, overrides) => {
    const result = decodeEvent(encode(envelope(overrides)));
    expect(result).toMatchObject({ ok: false, reason: 'invalid-envelope' });
    expect(!result.ok && result.detail).toContain(field);
  });

  it('rejects a type the catalogue does not know, naming it', () => {
    const result = decodeEvent(encode(envelope({ type: 'incident.teleported' })));
    expect(result).toMatchObject({
      ok: false,
      reason: 'unknown-type',
      type: 'incident.teleported',
    });
  });

  it('rejects a version the catalogue does not know', () => {
    const result = decodeEvent(encode(envelope({ version: 99 })));
    expect(result).toMatchObject({
      ok: false,
      reason: 'unknown-version',
      type: 'incident.reported',
    });
  });

  it('rejects an invalid payload, naming the nested field', () => {
    const payload = { ...EVENT_EXAMPLES['incident.reported'], figures: { affected: -1 } };
    const result = decodeEvent(encode(envelope({ payload })));
    expect(result).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(!result.ok && result.detail).toContain('figures.affected');
    expect(!result.ok && result.detail).toContain('figures.dead');
  });

  it('rejects a payload missing a required field and one with a wrong enum value', () => {
    const { title: _title, ...withoutTitle } = EVENT_EXAMPLES['incident.reported'];
    expect(decodeEvent(encode(envelope({ payload: withoutTitle })))).toMatchObject({
      reason: 'invalid-payload',
    });
    const badSeverity = { ...EVENT_EXAMPLES['incident.reported'], severity: 'Huge' };
    expect(decodeEvent(encode(envelope({ payload: badSeverity })))).toMatchObject({
      reason: 'invalid-payload',
    });
  });

  it('does not let __proto__ keys reach the instances', () => {
    const raw = JSON.stringify(envelope()).replace(
      '"payload":{',
      '"payload":{"__proto__":{"polluted":true},',
    );
    const result = decodeEvent(raw);
    if (!result.ok) throw new Error(result.detail);
    expect(result.envelope.payload).toBeInstanceOf(IncidentReportedV1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
