import { DomainException } from '../domain.exception';
import {
  callerOf,
  canonicalJson,
  decideRepeat,
  fingerprintOf,
  IDEMPOTENCY_LEASE_MS,
  isFinalAnswer,
  parseIdempotencyKey,
  type KeyRecord,
} from './idempotency';

describe('parseIdempotencyKey', () => {
  it.each(['a', '4f1c2d9e-0b7a-4c59-9d3e-2f8a1b6c7d90', 'x'.repeat(200), 'with space ~!'])(
    'takes %j',
    (key) => expect(parseIdempotencyKey(key)).toBe(key),
  );

  it.each([
    '',
    'x'.repeat(201),
    'tab\there',
    'caf\u00e9',
    'new\nline',
    '\u0000',
    'emoji \u{1F600}',
  ])('refuses %j with a 400 naming the header', (key) => {
    const error = (() => {
      try {
        parseIdempotencyKey(key);
      } catch (e) {
        return e;
      }
    })() as DomainException;
    expect(error).toBeInstanceOf(DomainException);
    expect(error).toMatchObject({ kind: 'invalid', code: 'invalid_idempotency_key' });
    expect(error.details.fields).toEqual([
      { field: 'Idempotency-Key', message: expect.stringContaining('printable ASCII') },
    ]);
  });

  it('reads a repeated header as Node joins it', () => {
    expect(parseIdempotencyKey(['a', 'b'])).toBe('a, b');
  });
});

describe('callerOf', () => {
  it('is the subject and organisation of the token, or anonymous', () => {
    expect(callerOf({ sub: 'unicef-dana', org: 'unicef' })).toBe('unicef-dana@unicef');
    expect(callerOf({ sub: 'op-aliya' })).toBe('op-aliya@');
    expect(callerOf(undefined)).toBe('anonymous');
  });
});

describe('canonicalJson and fingerprintOf', () => {
  it('sorts keys at every level, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });

  const request = {
    method: 'POST',
    path: '/offers',
    query: {},
    body: { quantity: 10, requestId: 'r1' },
  };

  it('is the same for the same request written in another key order', () => {
    expect(fingerprintOf(request)).toBe(
      fingerprintOf({ ...request, body: { requestId: 'r1', quantity: 10 } }),
    );
    expect(fingerprintOf(request)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['body', { body: { quantity: 11, requestId: 'r1' } }],
    ['path', { path: '/offers/1/accept' }],
    ['query', { query: { dryRun: 'true' } }],
    ['method', { method: 'PATCH' }],
    ['no body', { body: undefined }],
    ['If-Match', { ifMatch: '"3"' }],
  ])('differs when the %s differs', (_what, change) => {
    expect(fingerprintOf({ ...request, ...change })).not.toBe(fingerprintOf(request));
  });
});

describe('decideRepeat', () => {
  const answer = { status: 201, headers: { etag: '"1"' }, body: '{"id":"x"}' };
  const completed: KeyRecord = { fingerprint: 'f', state: 'completed', ageMs: 10, answer };
  const running: KeyRecord = { fingerprint: 'f', state: 'in_progress', ageMs: 10, answer: null };
  const codeOf = (record: KeyRecord, fingerprint = 'f') => {
    const decision = decideRepeat(record, fingerprint);
    return decision.kind === 'refuse'
      ? [decision.error.kind, decision.error.code]
      : [decision.kind, decision.answer];
  };

  it('replays the stored answer of the same request', () => {
    expect(codeOf(completed)).toEqual(['replay', answer]);
  });

  it('refuses another request under the same key (422), whatever the first one is doing', () => {
    expect(codeOf(completed, 'g')).toEqual(['unprocessable', 'idempotency_key_reused']);
    expect(codeOf(running, 'g')).toEqual(['unprocessable', 'idempotency_key_reused']);
  });

  it('answers 409 while the first is running, with a retry hint', () => {
    expect(codeOf(running)).toEqual(['conflict', 'idempotency_key_in_progress']);
    const decision = decideRepeat(running, 'f');
    expect(decision.kind === 'refuse' && decision.error.details.retryAfterSeconds).toBe(1);
  });

  it('never runs again a first request that was cut off before storing its answer', () => {
    expect(codeOf({ ...running, ageMs: IDEMPOTENCY_LEASE_MS })).toEqual([
      'conflict',
      'idempotency_outcome_unknown',
    ]);
  });
});

describe('isFinalAnswer', () => {
  it('keeps successes and refusals, not failures nor "retry later"', () => {
    expect(isFinalAnswer(201, false)).toBe(true);
    expect(isFinalAnswer(204, false)).toBe(true);
    expect(isFinalAnswer(400, false)).toBe(true);
    expect(isFinalAnswer(409, false)).toBe(true);
    expect(isFinalAnswer(422, true)).toBe(false);
    expect(isFinalAnswer(500, false)).toBe(false);
    expect(isFinalAnswer(503, false)).toBe(false);
  });
});
