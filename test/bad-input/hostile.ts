/**
 * fast-check arbitraries of hostile input: each run takes a valid call of an endpoint and spoils
 * one thing of it (a body field, the whole body, a query parameter, a path parameter, a header),
 * so a refusal can be expected to name what was spoilt.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { ValidCall } from './endpoints';
import type { BadToken } from './tokens';

/** Every body cap of the platform is below this (MAX_BODY_BYTES, 64 KiB). */
export const MAX_BODY = 64 * 1024;

const STRINGS = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '0',
  '-1',
  '1.5',
  '1e309',
  '1e21',
  '1e20',
  '99999999999999999999',
  '9007199254740993',
  '2147483648',
  '0x1A',
  '0b101',
  '1_000',
  '٣',
  'true',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Eevil',
  '\uD800',
  '\uDC00x',
  'e\u0301',
  '👩‍👩‍👧‍👦',
  '𝕏𝕐',
  'İı',
  '../../../etc/passwd',
  '%00',
  '%',
  '%zz',
  '\\',
  '"',
  "'",
  "' OR '1'='1",
  '1; DROP TABLE incidents; --',
  '$1',
  ':id',
  '?#&=',
  '<script>alert(1)</script>',
  ']]>&amp;',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '2024-02-30',
  '2024-13-01',
  '2024-00-10',
  '0000-01-01',
  '-0001-01-01',
  '+275760-09-13T00:00:00.000Z',
  '+275761-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:00+25:00',
  '1970-01-01T00:00:00Z',
  '2000-01-01',
  'yesterday',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '{6f1c1a4e-0000-4000-8000-000000000000}',
  '6F1C1A4E-0000-4000-8000-000000000000',
  'KZ-15',
  'kz-15',
  'KZ-1234',
  'FL',
  'fl',
  'extreme',
  'admin',
  'UNICEF',
  'unicef',
  'ministry',
  'email',
  '+77012345678',
  '+7 701 234 56 78',
  '+999999999999999999999',
  'a@b',
  `x@${'a'.repeat(250)}.kz`,
];

const NUMBERS = [
  0,
  -0,
  -1,
  1,
  1.5,
  0.1,
  1e-7,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
  100_000_001,
  90.0000001,
  -180.5,
];

/** Strings of a given length in characters as class-validator counts them, twice as long for PostgreSQL. */
const paddedStrings = fc
  .constantFrom(32, 100, 150, 200, 320, 500, 1000, 2000, 4000)
  .chain((limit) =>
    fc.tuple(
      fc.integer({ min: limit - 1, max: limit + 1 }),
      fc.constantFrom('x', 'ж', '🙂', 'a\uFE0F', 'e\u0301'),
    ),
  )
  .map(([n, unit]) => unit.repeat(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: paddedStrings },
  { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 40_000 }).map((n) => 'x'.repeat(n)) },
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);

/** Keys no DTO has, some of which pollute prototypes when merged carelessly. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '$where',
    '$gt',
    '',
    ' ',
    'a.b',
    'a[0]',
    '0',
    'id',
    'version',
    'status',
    'partnerCode',
    'createdBy',
    'role',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** An object with `key` as an own property, even `__proto__` (JSON.stringify then writes it). */
export function withOwn(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/** A value that would pollute Object.prototype if merged into a plain object. */
export const POLLUTION_MARK = 'pollutedByBadInput';
const pollution = fc.constantFrom(
  withOwn({}, '__proto__', { [POLLUTION_MARK]: true }),
  { constructor: { prototype: { [POLLUTION_MARK]: true } } },
  withOwn({}, '__proto__', withOwn({}, '__proto__', { [POLLUTION_MARK]: true })),
);

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
  return value;
}

export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 })
        .map((entries) => entries.reduce<object>((o, [k, v]) => withOwn(o, k, v), {})),
    },
    { weight: 1, arbitrary: pollution },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 10, max: 3_000 }), fc.boolean())
        .map(([depth, asArray]) => nested(depth, 1, asArray)),
    },
  ),
})).value;

/** What one run spoils, as a plain object fast-check can print. */
export type Mutation =
  /**
   * A field of the body (a path into it) set to a hostile value, or left out (`omit`);
   * `refuse`: the value must be refused with a 400 naming the field (see shapedValues).
   */
  | { kind: 'body-field'; path: string[]; value: unknown; omit: boolean; refuse?: boolean }
  /** A field no DTO has, at the top or inside a nested object of the body. */
  | { kind: 'body-unknown'; at: string[]; key: string; value: unknown }
  /**
   * The whole body replaced by other JSON: an array, a string, a number, null, deep nesting;
   * `expect`: the codes one of which the refusal must carry.
   */
  | { kind: 'body-whole'; json: string; label: string; expect?: readonly string[] }
  /** Not JSON with a JSON content type, or another content type. */
  | {
      kind: 'body-raw';
      raw: string;
      contentType: string;
      label: string;
      expect?: readonly string[];
    }
  /** A query parameter of the valid call given hostile values (several: repeated key). */
  | { kind: 'query-field'; key: string; values: string[]; refuse?: boolean }
  /**
   * The valid body encoded as `payload` under a Content-Encoding and Content-Type, which may
   * not match it; `expect`: the codes one of which the refusal must carry.
   */
  | {
      kind: 'body-encoding';
      encoding: string;
      payload: Payload;
      contentType: string;
      expect?: readonly string[];
    }
  | { kind: 'query-unknown'; key: string; value: string }
  /** Raw bytes appended to the query string (malformed percent-encoding ...). */
  | { kind: 'query-raw'; raw: string }
  /** A path parameter given a hostile value, encoded. */
  | { kind: 'param'; name: string; value: string }
  /** A path parameter given raw (unencoded, possibly malformed) text. */
  | { kind: 'param-raw'; name: string; raw: string }
  /** `expect`: the refusal of an endpoint that is not public (401 unless the token is valid). */
  | { kind: 'authorization'; value: string | null; label: string; expect?: 401 | 403 }
  | { kind: 'if-match'; value: string }
  | { kind: 'header'; name: string; value: string }
  /** A POST's Idempotency-Key; one not `usable` must be refused with a 400 naming the header. */
  | { kind: 'idempotency-key'; value: string; usable: boolean };

/**
 * Percent-encoding of the UTF-8 bytes (as encodeURIComponent, which throws on a lone surrogate;
 * UTF-8 has no such thing, so it goes out as U+FFFD as any client would send it).
 */
export function encodeUtf8(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(c)
      ? c
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Leaf and object paths of a JSON object, e.g. ['location'], ['location', 'region']. */
export function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    [...prefix, key],
    ...pathsOf(child, [...prefix, key]),
  ]);
}

/** Object paths (where an unknown field can be added): the top ([]) and nested objects. */
function objectPathsOf(value: unknown): string[][] {
  return [
    [],
    ...pathsOf(value).filter((path) => {
      const child = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], value);
      return child !== null && typeof child === 'object' && !Array.isArray(child);
    }),
  ];
}

function deepJson(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

const NOT_AN_OBJECT: readonly string[] = ['body_not_an_object'];
const NOT_JSON: readonly string[] = ['malformed_json'];

/** The code a refusal of this whole body must carry, where one is due. */
function expectedFor(value: unknown): readonly string[] | undefined {
  if (Array.isArray(value)) return NOT_AN_OBJECT;
  // body-parser's strict mode takes objects and arrays only.
  return value === null || typeof value !== 'object' ? NOT_JSON : undefined;
}

const wholeBodies = fc.oneof(
  fc.constantFrom(
    { json: '[]', label: 'an empty array', expect: NOT_AN_OBJECT },
    { json: '[{}]', label: 'an array of an object', expect: NOT_AN_OBJECT },
    { json: '"text"', label: 'a string', expect: NOT_JSON },
    { json: '42', label: 'a number', expect: NOT_JSON },
    { json: 'true', label: 'a boolean', expect: NOT_JSON },
    { json: 'null', label: 'null', expect: NOT_JSON },
    { json: '{}', label: 'an empty object' },
    {
      json: '{"__proto__":{"pollutedByBadInput":true}}',
      label: 'a prototype-polluting object',
      expect: ['validation_failed'],
    },
    {
      json: '{"constructor":{"prototype":{"pollutedByBadInput":true}}}',
      label: 'a constructor-polluting object',
      expect: ['validation_failed'],
    },
    {
      json: `{"a":${deepJson(9_000, '{"a":', '}')}}`,
      label: 'objects nested 9000 deep',
      expect: ['body_too_deep'],
    },
    { json: deepJson(20_000, '[', ']'), label: 'arrays nested 20000 deep', expect: NOT_AN_OBJECT },
    {
      json: `{"a":"${'x'.repeat(MAX_BODY)}"}`,
      label: 'a body over 64 KiB',
      expect: ['body_too_large'],
    },
    {
      json: `[${'{},'.repeat(20_000)}{}]`,
      label: 'an array of 20000 objects',
      expect: NOT_AN_OBJECT,
    },
  ),
  hostileValue.map((value) => {
    const json = JSON.stringify(value) ?? 'null';
    const tooLarge = Buffer.byteLength(json) > MAX_BODY;
    return {
      json,
      label: 'other JSON',
      expect: tooLarge ? ['body_too_large'] : expectedFor(value),
    };
  }),
);

const NOT_JSON_TYPE: readonly string[] = ['unsupported_media_type'];
const rawBodies = fc.constantFrom(
  { raw: '{"title":', contentType: 'application/json', label: 'truncated JSON', expect: NOT_JSON },
  { raw: '{"a":1,}', contentType: 'application/json', label: 'a trailing comma', expect: NOT_JSON },
  { raw: "{'a':1}", contentType: 'application/json', label: 'single quotes', expect: NOT_JSON },
  { raw: '{"a":NaN}', contentType: 'application/json', label: 'NaN', expect: NOT_JSON },
  { raw: '{} {}', contentType: 'application/json', label: 'two documents', expect: NOT_JSON },
  { raw: 'undefined', contentType: 'application/json', label: 'undefined', expect: NOT_JSON },
  // Empty: as if no body was sent (some endpoints take none).
  { raw: '', contentType: 'application/json', label: 'an empty body' },
  { raw: '\uFEFF{}', contentType: 'application/json', label: 'a byte order mark' },
  {
    raw: '{"a":1}',
    contentType: 'application/json; charset=utf-16',
    label: 'a UTF-16 charset',
    expect: [...NOT_JSON, 'unreadable_body'],
  },
  {
    raw: '{"a":1}',
    contentType: 'application/json; charset=koi8-r',
    label: 'a KOI8-R charset',
    expect: [...NOT_JSON, 'unreadable_body'],
  },
  { raw: '{"a":"\\ud800"}', contentType: 'application/json', label: 'a lone surrogate escape' },
  { raw: '{"a":"\\u0000"}', contentType: 'application/json', label: 'a NUL escape' },
  { raw: '{"title":"x"}', contentType: 'text/plain', label: 'text/plain', expect: NOT_JSON_TYPE },
  {
    raw: 'title=x&hazard=FL',
    contentType: 'application/x-www-form-urlencoded',
    label: 'a form',
    expect: NOT_JSON_TYPE,
  },
  {
    raw: '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n',
    contentType: 'multipart/form-data; boundary=b',
    label: 'multipart',
    expect: NOT_JSON_TYPE,
  },
  {
    raw: '<incident><title>x</title></incident>',
    contentType: 'application/xml',
    label: 'XML',
    expect: NOT_JSON_TYPE,
  },
  {
    raw: '{"title":"x"}',
    contentType: 'application/vnd.api+json',
    label: 'a JSON:API type',
    expect: NOT_JSON_TYPE,
  },
  {
    raw: '{"title":"x"}',
    contentType: 'garbage',
    label: 'a malformed type',
    expect: NOT_JSON_TYPE,
  },
  {
    raw: '{"title":"x"}',
    contentType: 'application/octet-stream',
    label: 'JSON sent as bytes',
    expect: NOT_JSON_TYPE,
  },
);

/** How the valid body is encoded before it goes out (`garbage`: random bytes). */
export type Payload = 'json' | 'gzip' | 'deflate' | 'br' | 'gzip-gzip' | 'bomb' | 'garbage';

/** Content-Encoding values: the codings body-parser decodes, identity, and ones it does not. */
const ENCODINGS = [
  'gzip',
  'deflate',
  'br',
  'identity',
  'GZIP',
  'x-unknown',
  'gzip, gzip',
  'compress',
];
/** What each coding body-parser knows turns back into JSON from. */
const DECODED: Record<string, Payload | undefined> = {
  gzip: 'gzip',
  GZIP: 'gzip',
  deflate: 'deflate',
  br: 'br',
  identity: 'json',
};

/**
 * The codes one of which a body under this Content-Encoding and Content-Type must be refused
 * with (a gzip bomb: body_too_large), or undefined where it may pass (the coding matches).
 */
export function encodingExpectation(
  encoding: string,
  payload: Payload,
  contentType: string,
): readonly string[] | undefined {
  if (contentType !== 'application/json') return NOT_JSON_TYPE;
  const decodes = DECODED[encoding];
  if (decodes === undefined) return ['unsupported_content_encoding'];
  if (decodes === 'json') return payload === 'json' ? undefined : NOT_JSON;
  if (payload === 'bomb' && decodes === 'gzip') return ['body_too_large'];
  if (payload === decodes) return undefined;
  // Bytes of another coding may happen to decode (into what is not JSON).
  return ['undecodable_body', ...NOT_JSON];
}

/** Inflates past every body limit (64 KiB) from a few hundred bytes. */
let bomb: Buffer | undefined;

/** The body's bytes as `payload` says. */
export function encodePayload(json: string, payload: Payload): Buffer {
  switch (payload) {
    case 'json':
      return Buffer.from(json);
    case 'gzip':
      return gzipSync(json);
    case 'deflate':
      return deflateSync(json);
    case 'br':
      return brotliCompressSync(json);
    case 'gzip-gzip':
      return gzipSync(gzipSync(json));
    case 'bomb':
      return (bomb ??= gzipSync(`{"a":"${'x'.repeat(4 * MAX_BODY * 16)}"}`));
    case 'garbage':
      return Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));
  }
}

const bodyEncodings = fc
  .record({
    encoding: fc.constantFrom(...ENCODINGS),
    payload: fc.constantFrom<Payload>(
      'json',
      'gzip',
      'deflate',
      'br',
      'gzip-gzip',
      'bomb',
      'garbage',
    ),
    contentType: fc.constantFrom('application/json', 'application/json', 'text/plain'),
  })
  .map((c) => ({ ...c, expect: encodingExpectation(c.encoding, c.payload, c.contentType) }));

/** Keys class-transformer would drop without a word: refused like any unknown key. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Days that do not exist or years out of range: refused in every date field. */
const IMPOSSIBLE_DATES = [
  '2027-02-30',
  '2027-02-29',
  '2100-02-29',
  '2027-04-31',
  '2027-13-01',
  '2027-00-10',
  '0000-01-01',
  '1899-12-31',
  '10000-01-01',
  '+275760-09-13',
  '-271821-04-20',
];
/** Leap days and the bounds: may pass (or fail on another rule), never a 5xx. */
const BOUNDARY_DATES = ['2028-02-29', '2400-02-29', '9999-12-31', '1900-01-01'];
const IMPOSSIBLE_TIMESTAMPS = [
  ...IMPOSSIBLE_DATES.map((d) => `${d}T00:00:00.000Z`),
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:00:00-05:00',
  '2024-W01-1T00:00:00Z',
];
const BOUNDARY_TIMESTAMPS = [
  '2028-02-29T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1900-01-01T00:00:00.000Z',
];
/** C0 (but TAB, LF, CR), DEL, C1 and U+2028/2029: refused in every string field. */
const CONTROLS = [
  '\u0001',
  '\u0007',
  '\u000b',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
];
/** Refused in one-line fields, kept in free text. */
const LINE_BREAKS = ['\r\n', '\n', '\t', '\r'];

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SOME_ID = '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01';
/** Cursors that decode, but to what no page ends on. */
const HOSTILE_CURSORS = [
  ...[...IMPOSSIBLE_TIMESTAMPS, '0000-01-01T00:00:00.000Z'].map((r) => cursorOf({ r, i: SOME_ID })),
  cursorOf({ r: 0, i: SOME_ID }),
  cursorOf({ r: null, i: SOME_ID }),
  cursorOf({ r: '2024-04-02T06:00:00.000Z', i: 7 }),
  cursorOf({ r: '2024-04-02T06:00:00.000Z', i: [SOME_ID] }),
  cursorOf({ r: ['2024-04-02T06:00:00.000Z'], i: SOME_ID }),
  cursorOf([]),
  cursorOf('x'),
  cursorOf(null),
];

/**
 * A value made for one field from the shape of its valid value. `refuse`: it must be a 400
 * naming the field; `swept`: the sweep sends it every run (the random runs draw from all).
 */
export interface ShapedValue {
  value: string;
  refuse: boolean;
  swept: boolean;
}

/** Of the control characters, those the sweep puts in every string field. */
const SWEPT_CONTROLS = new Set(['\u0001', '\u001b', '\u2028']);

/**
 * Values aimed at the class of a field, judged by its valid value: dates and timestamps get
 * impossible and boundary ones, a `cursor` cursors decoding to extreme values, every string
 * control characters (and an address a CR LF in a quoted local part).
 */
export function shapedValues(key: string, valid: unknown): ShapedValue[] {
  if (typeof valid !== 'string') return [];
  const all = (values: string[], refuse: boolean) =>
    values.map((value) => ({ value, refuse, swept: true }));
  if (key === 'cursor') return all(HOSTILE_CURSORS, true);
  if (/^\d{4}-\d{2}-\d{2}$/.test(valid)) {
    return [...all(IMPOSSIBLE_DATES, true), ...all(BOUNDARY_DATES, false)];
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(valid)) {
    return [...all(IMPOSSIBLE_TIMESTAMPS, true), ...all(BOUNDARY_TIMESTAMPS, false)];
  }
  // In the middle: a trimmed field would lose it at either end.
  const inside = (c: string) => `${valid.slice(0, 1)}${c}${valid.slice(1) || 'x'}`;
  return [
    ...CONTROLS.map((c) => ({ value: inside(c), refuse: true, swept: SWEPT_CONTROLS.has(c) })),
    ...LINE_BREAKS.map((c) => ({ value: inside(c), refuse: false, swept: false })),
    ...(valid.includes('@') ? all(['"a\r\nb"@example.kz', '"a\u2028b"@example.kz'], true) : []),
  ];
}

/** The value at a path of a JSON body. */
function valueAt(body: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], body);
}

/**
 * Node refuses a request line and headers over 16 KiB (431) before any application code runs;
 * hostile text in the URL stays well below.
 */
export const urlString = hostileString.filter((s) => encodeUtf8(s).length <= 3_000);

/** What Node lets a client put in a header value, within its 16 KiB for all of them. */
const headerString = hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length <= 8_000);

const queryValues = fc.oneof(
  { weight: 4, arbitrary: urlString.map((s) => [s]) },
  { weight: 1, arbitrary: hostileNumber.map((n) => [String(n)]) },
  { weight: 2, arbitrary: fc.array(urlString, { minLength: 2, maxLength: 3 }) },
);

const rawQueries = fc.constantFrom(
  '%',
  '%zz=1',
  'a=%E0%A4%A',
  '%00=%00',
  '&&&',
  '=',
  '==1',
  'limit[]=5',
  'limit[a]=5',
  '__proto__[pollutedByBadInput]=1',
  'constructor[prototype][pollutedByBadInput]=1',
  `a=${'x'.repeat(6_000)}`,
  Array.from({ length: 1_200 }, (_, i) => `k${i}=1`).join('&'),
);

const rawParams = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%C0%AF',
  'a%2Fb',
  '%2F',
  '%20',
  '%FF%FE',
);

function authorizations(bad: readonly BadToken[]) {
  const first = bad[0]?.value ?? 'x';
  return fc.oneof(
    fc.constantFrom(
      { value: null, label: 'no Authorization header' },
      { value: '', label: 'empty' },
      { value: 'Bearer', label: 'no token' },
      { value: 'Bearer ', label: 'blank token' },
      { value: 'Basic YWRtaW46YWRtaW4=', label: 'basic credentials' },
      { value: 'Bearer a.b.c', label: 'three garbage parts' },
      { value: 'Bearer ....', label: 'dots only' },
      { value: 'Bearer eyJhbGciOiJFUzI1NiJ9', label: 'a header only' },
      { value: `Bearer ${first} ${first}`, label: 'two tokens' },
      { value: `Bearer ${'A'.repeat(8_000)}`, label: 'an 8 KB token' },
    ),
    fc
      .constantFrom(...bad)
      .map((t) => ({ value: `Bearer ${t.value}`, label: t.label, expect: t.expect })),
    headerString.map((s) => ({ value: `Bearer ${s}`, label: 'a hostile token' })),
  );
}

const ifMatches = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '*',
    '"abc"',
    'W/"1"',
    '"1", "2"',
    '"0"',
    '"-1"',
    '"1.5"',
    '"99999999999"',
    '"2147483648"',
    `"${'9'.repeat(2_000)}"`,
    'null',
    '"',
    'W/',
  ),
  headerString,
);

/** Over Node's 16 KiB for the header block: a 431, in problem details like every refusal. */
const OVERSIZED_HEADER = { name: 'X-Filler', value: 'f'.repeat(20_000) };

const headers = fc.oneof(
  fc.integer({ min: 1_000, max: 8_000 }).map((n) => ({ name: 'X-Filler', value: 'f'.repeat(n) })),
  fc.constant(OVERSIZED_HEADER),
  fc.constantFrom(
    { name: 'X-Correlation-Id', value: 'x'.repeat(4_000) },
    { name: 'X-Correlation-Id', value: '<script>' },
    { name: 'Accept', value: 'text/csv' },
    { name: 'Accept', value: 'application/xml' },
    { name: 'Accept-Language', value: 'kk;q=NaN' },
    { name: 'X-Forwarded-For', value: '::1, 999.999.999.999' },
  ),
);

/** Keys a POST may carry (judged like any call) and keys it must refuse (400 naming the header). */
const idempotencyKeys = fc.oneof(
  fc.uuid().map((value) => ({ value, usable: true })),
  fc.stringMatching(/^[\x21-\x7e]{1,200}$/).map((value) => ({ value, usable: true })),
  fc
    .constantFrom('', ' ', 'k'.repeat(201), 'k'.repeat(5_000), 'cl\u00e9', 'tab\there', '\u00ff')
    .map((value) => ({ value, usable: false })),
);

/** Every kind of spoiling that applies to this endpoint and its valid call. */
export function mutations(
  shape: { method: string; params: string[]; ifMatch: boolean },
  valid: ValidCall,
  bad: readonly BadToken[],
): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [];
  const takesBody = shape.method === 'POST' || shape.method === 'PATCH';
  if (takesBody) {
    const paths = pathsOf(valid.body ?? {});
    if (paths.length > 0) {
      options.push(
        fc.record({
          kind: fc.constant('body-field' as const),
          path: fc.constantFrom(...paths),
          value: hostileValue,
          omit: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
        }),
      );
    }
    options.push(
      fc.record({
        kind: fc.constant('body-unknown' as const),
        at: fc.constantFrom(...objectPathsOf(valid.body ?? {})),
        key: hostileKey,
        value: hostileValue,
      }),
      wholeBodies.map((b) => ({ kind: 'body-whole' as const, ...b })),
      rawBodies.map((b) => ({ kind: 'body-raw' as const, ...b })),
    );
  }
  const keys = Object.keys(valid.query ?? {});
  if (keys.length > 0) {
    options.push(
      fc.record({
        kind: fc.constant('query-field' as const),
        key: fc.constantFrom(...keys),
        values: queryValues,
      }),
    );
  }
  options.push(
    fc.record({ kind: fc.constant('query-unknown' as const), key: hostileKey, value: urlString }),
    rawQueries.map((raw) => ({ kind: 'query-raw' as const, raw })),
  );
  if (shape.params.length > 0) {
    options.push(
      fc.record({
        kind: fc.constant('param' as const),
        name: fc.constantFrom(...shape.params),
        value: fc.oneof(urlString, fc.uuid()),
      }),
      fc.record({
        kind: fc.constant('param-raw' as const),
        name: fc.constantFrom(...shape.params),
        raw: rawParams,
      }),
    );
  }
  options.push(authorizations(bad).map((a) => ({ kind: 'authorization' as const, ...a })));
  if (shape.ifMatch) options.push(ifMatches.map((value) => ({ kind: 'if-match' as const, value })));
  options.push(headers.map((h) => ({ kind: 'header' as const, ...h })));
  if (shape.method === 'POST') {
    options.push(idempotencyKeys.map((k) => ({ kind: 'idempotency-key' as const, ...k })));
  }
  if (takesBody) {
    options.push(bodyEncodings.map((e) => ({ kind: 'body-encoding' as const, ...e })));
  }
  // Values aimed at each field's class (dates, cursors, control characters), drawn from all.
  const shaped: Mutation[] = [
    ...(takesBody ? pathsOf(valid.body ?? {}) : []).flatMap((path) =>
      shapedValues(path[path.length - 1], valueAt(valid.body, path)).map(
        ({ value, refuse }): Mutation => ({ kind: 'body-field', path, value, omit: false, refuse }),
      ),
    ),
    ...keys.flatMap((key) =>
      shapedValues(key, valid.query![key]).map(({ value, refuse }): Mutation => ({
        kind: 'query-field',
        key,
        values: [value],
        refuse,
      })),
    ),
  ];
  // Copied: printable() marks each drawn mutation, and a constant is drawn again and again.
  if (shaped.length > 0) options.push(fc.constantFrom(...shaped).map((m) => ({ ...m })));
  // The body is where most rules are: weigh its spoilings more.
  return fc
    .oneof(...options.map((arbitrary, i) => ({ arbitrary, weight: takesBody && i < 4 ? 3 : 1 })))
    .map(printable);
}

/**
 * Spoilings tried on every endpoint before the random ones, so that the commonest mistakes of a
 * client reach every field each run: null, left out, an array or an object where a value is
 * expected; an empty, repeated, overlong or huge numeric query parameter; an id that is not one;
 * each date field's impossible and boundary dates, each cursor's extreme ones, a few control
 * characters in each string; bodies in the wrong Content-Encoding; an oversized header block;
 * an empty and an overlong Idempotency-Key on a POST.
 */
export function sweep(
  shape: { method: string; params: string[]; ifMatch: boolean },
  valid: ValidCall,
): Mutation[] {
  const sweeps: Mutation[] = [];
  if (shape.method === 'POST' || shape.method === 'PATCH') {
    for (const path of pathsOf(valid.body ?? {})) {
      sweeps.push(
        { kind: 'body-field', path, value: null, omit: false },
        { kind: 'body-field', path, value: undefined, omit: true },
        { kind: 'body-field', path, value: [], omit: false },
        { kind: 'body-field', path, value: { [POLLUTION_MARK]: 1 }, omit: false },
      );
    }
    sweeps.push(
      { kind: 'body-unknown', at: [], key: '__proto__', value: { [POLLUTION_MARK]: true } },
      { kind: 'body-whole', json: '[]', label: 'an empty array', expect: NOT_AN_OBJECT },
      {
        kind: 'body-raw',
        raw: '{"a":',
        contentType: 'application/json',
        label: 'a truncated body',
        expect: NOT_JSON,
      },
      {
        kind: 'body-raw',
        raw: 'a=1',
        contentType: 'text/plain',
        label: 'text/plain',
        expect: NOT_JSON_TYPE,
      },
    );
  }
  if (shape.method === 'POST' || shape.method === 'PATCH') {
    for (const path of pathsOf(valid.body ?? {})) {
      for (const { value, refuse } of shapedValues(
        path[path.length - 1],
        valueAt(valid.body, path),
      ).filter((v) => v.swept)) {
        sweeps.push({ kind: 'body-field', path, value, omit: false, refuse });
      }
    }
    sweeps.push(
      {
        kind: 'body-unknown',
        at: [],
        key: 'constructor',
        value: { prototype: { [POLLUTION_MARK]: 1 } },
      },
      ...[
        ['gzip', 'json'],
        ['br', 'gzip'],
        ['x-unknown', 'json'],
        ['gzip, gzip', 'gzip-gzip'],
        ['identity', 'gzip'],
        ['gzip', 'bomb'],
      ].map(([encoding, payload]): Mutation => ({
        kind: 'body-encoding',
        encoding,
        payload: payload as Payload,
        contentType: 'application/json',
        expect: encodingExpectation(encoding, payload as Payload, 'application/json'),
      })),
    );
  }
  sweeps.push({ kind: 'header', ...OVERSIZED_HEADER });
  if (shape.method === 'POST') {
    sweeps.push(
      { kind: 'idempotency-key', value: '', usable: false },
      { kind: 'idempotency-key', value: 'k'.repeat(201), usable: false },
    );
  }
  for (const key of Object.keys(valid.query ?? {})) {
    for (const { value, refuse } of shapedValues(key, valid.query![key]).filter((v) => v.swept)) {
      sweeps.push({ kind: 'query-field', key, values: [value], refuse });
    }
    sweeps.push(
      { kind: 'query-field', key, values: [''] },
      { kind: 'query-field', key, values: [valid.query![key], valid.query![key]] },
      { kind: 'query-field', key, values: ['x'.repeat(300)] },
      { kind: 'query-field', key, values: ['1e21'] },
    );
  }
  for (const name of shape.params) {
    sweeps.push(
      { kind: 'param', name, value: 'not-an-id' },
      { kind: 'param', name, value: '00000000-0000-0000-0000-000000000000' },
    );
  }
  if (shape.ifMatch) sweeps.push({ kind: 'if-match', value: '"abc"' });
  sweeps.push({ kind: 'authorization', value: 'Bearer a.b.c', label: 'three garbage parts' });
  return sweeps.map(printable);
}

/** Long texts cut in what fast-check prints (a failure report stays readable). */
export function compact(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v,
  );
  return text.length > 600
    ? `${text.slice(0, 300)}…(${text.length} chars)…${text.slice(-200)}`
    : text;
}

function printable(m: Mutation): Mutation {
  Object.defineProperty(m, fc.toStringMethod, { value: () => compact(m), enumerable: false });
  return m;
}
