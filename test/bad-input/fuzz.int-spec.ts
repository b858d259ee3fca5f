/**
 * Property-based bad input against every endpoint of the four services: each run takes a valid
 * call and spoils one thing (a body field, the whole body, a query parameter, a path parameter,
 * a header). Whatever comes in: never a 5xx; a refusal is problem details that name what was
 * spoilt (a field, a parameter, If-Match, the token); a refused call stores nothing; nothing
 * pollutes Object.prototype.
 *
 * Each endpoint first gets a fixed sweep (every body field null, left out, an array, an object;
 * every query parameter empty, repeated, overlong, 1e21; ids that are not ones), then random
 * runs, bounded so the file takes well under two minutes (FUZZ_RUNS=3 triples them). A failure
 * prints its seed and path: replay that endpoint's runs with
 *   FUZZ_SEED=<seed> FUZZ_PATH=<path> npx jest test/bad-input/fuzz -t '<endpoint>' --selectProjects integration
 */
import fc from 'fast-check';
import { challengeFailure, problemShapeFailure, render, type Problem } from './calls';
import {
  describeEndpoint,
  encodeQuery,
  ENDPOINTS,
  fillPath,
  type Endpoint,
  type ValidCall,
} from './endpoints';
import {
  compact,
  encodePayload,
  MAX_BODY,
  mutations,
  POLLUTION_MARK,
  PROTOTYPE_KEYS,
  sweep,
  withOwn,
  type Mutation,
} from './hostile';
import { badTokens, type BadToken } from './tokens';
import { World, type HttpRequest, type HttpResponse, type Who } from './world';

const MULTIPLIER = Number(process.env.FUZZ_RUNS ?? 1);

function runsFor(endpoint: Endpoint): number {
  const base =
    endpoint.method === 'POST' || endpoint.method === 'PATCH'
      ? 45
      : endpoint.path.includes(':')
        ? 25
        : endpoint.path.startsWith('/docs')
          ? 6
          : 20;
  return Math.max(1, Math.round(base * MULTIPLIER));
}

/**
 * The caller of the fuzz runs: one allowed to make the call, so the input is what is judged
 * (`self` for what only the person linked to a subscriber may call, e.g. their own ledger).
 */
function fuzzCaller(endpoint: Endpoint): Who {
  const order: Who[] = ['operator', 'admin', 'ownAgency', 'otherAgency', 'self'];
  return order.find((who) => endpoint.allowed.includes(who)) ?? 'anonymous';
}

/** The object at `path` inside a JSON body (the paths come from the body itself). */
function objectAt(body: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let current = body;
  for (const key of path) current = current[key] as Record<string, unknown>;
  return current;
}

/** The valid call with one thing spoilt. */
async function spoil(
  world: World,
  endpoint: Endpoint,
  valid: ValidCall,
  who: Who,
  m: Mutation,
): Promise<HttpRequest> {
  const call = await render(world, endpoint, valid, who);
  const headers = { ...call.headers };
  switch (m.kind) {
    case 'body-field': {
      const body = structuredClone(valid.body ?? {});
      const parent = objectAt(body, m.path.slice(0, -1));
      const key = m.path[m.path.length - 1];
      if (m.omit) delete parent[key];
      else withOwn(parent, key, m.value);
      return { ...call, body: JSON.stringify(body) };
    }
    case 'body-unknown': {
      const body = structuredClone(valid.body ?? {});
      withOwn(objectAt(body, m.at), m.key, m.value);
      return { ...call, body: JSON.stringify(body) };
    }
    case 'body-whole':
      return { ...call, body: m.json, contentType: 'application/json' };
    case 'body-raw':
      return { ...call, body: m.raw, contentType: m.contentType };
    case 'body-encoding':
      return {
        ...call,
        body: encodePayload(JSON.stringify(valid.body ?? {}), m.payload),
        contentType: m.contentType,
        headers: { ...headers, 'Content-Encoding': m.encoding },
      };
    case 'query-field':
      return {
        ...call,
        query: encodeQuery({ ...valid.query, [m.key]: m.values }),
      };
    case 'query-unknown': {
      const extra = encodeQuery({ [m.key]: m.value });
      return { ...call, query: call.query ? `${call.query}&${extra}` : extra };
    }
    case 'query-raw':
      return { ...call, query: call.query ? `${call.query}&${m.raw}` : m.raw };
    case 'param':
      return { ...call, path: fillPath(endpoint.path, { ...valid.params, [m.name]: m.value }) };
    case 'param-raw': {
      const path = fillPath(endpoint.path, { ...valid.params, [m.name]: 'RAW-PARAM' });
      return { ...call, path: path.replace('RAW-PARAM', m.raw) };
    }
    case 'authorization':
      delete headers.Authorization;
      if (m.value !== null) headers.Authorization = m.value;
      return { ...call, headers };
    case 'if-match':
      return { ...call, headers: { ...headers, 'If-Match': m.value } };
    case 'header':
      return { ...call, headers: { ...headers, [m.name]: m.value } };
    case 'idempotency-key':
      return { ...call, headers: { ...headers, 'Idempotency-Key': m.value } };
  }
}

/** Names a refusal of this spoiling should mention (a field, a parameter, a header). */
function namesOf(endpoint: Endpoint, m: Mutation): string[] {
  switch (m.kind) {
    case 'body-field':
      return [m.path.join('.')];
    case 'body-unknown':
      return [[...m.at, m.key].join('.')];
    case 'query-field':
    case 'query-unknown':
      return [m.key];
    case 'param':
      return [m.name];
    case 'param-raw':
      // Undecodable text: the router says which parameter text it could not decode.
      return [m.name, 'decode'];
    case 'if-match':
      return ['If-Match'];
    case 'idempotency-key':
      return m.usable ? [] : ['Idempotency-Key'];
    // The whole body, the token, other headers: no one field to name (other checks apply).
    case 'body-whole':
    case 'body-raw':
    case 'body-encoding':
    case 'query-raw':
    case 'authorization':
    case 'header':
      return [];
  }
}

/**
 * The problem names `name`: a field of `errors` is it, inside it or around it, or the text says
 * it (its last part is enough: a rule between two fields, e.g. "evacuated exceeds affected",
 * names both in words).
 */
function mentions(problem: Problem, name: string): boolean {
  const n = name.toLowerCase();
  const leaf = n.split('.').pop()!;
  const related = (field: string) => {
    const f = field.toLowerCase();
    return f === n || f.startsWith(`${n}.`) || n.startsWith(`${f}.`);
  };
  const says = (text: string) =>
    text.toLowerCase().includes(n) || (leaf.length >= 3 && text.toLowerCase().includes(leaf));
  return (
    (problem.errors ?? []).some((e) => related(e.field) || says(e.message)) || says(problem.detail)
  );
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : compact(value);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} chars)` : text;
}

/** A bulk endpoint takes bodies over 64 KiB: one of those is judged like any other there. */
function withoutTooLarge(
  endpoint: Endpoint,
  expected: readonly string[] | undefined,
): readonly string[] | undefined {
  if (!expected || !endpoint.maxBodyBytes) return expected;
  const rest = expected.filter((code) => code !== 'body_too_large');
  return rest.length > 0 ? rest : undefined;
}

const BODY_MUTATIONS: readonly Mutation['kind'][] = [
  'body-field',
  'body-unknown',
  'body-whole',
  'body-raw',
  'body-encoding',
];
/**
 * A spoilt body of a signed endpoint no longer matches its signature: 401 `bad_signature` (not
 * a token's refusal: no Bearer challenge), or 415 where body parsing does not take its type.
 */
const SIGNED_BODY_REFUSALS: readonly string[] = ['bad_signature', 'unsupported_media_type'];

/** What is wrong with the answer to a spoilt call, if anything. */
function judge(
  endpoint: Endpoint,
  m: Mutation,
  sent: HttpRequest,
  response: HttpResponse,
  stored: { before: Record<string, string>; after: Record<string, string> },
): string | undefined {
  if ((Object.prototype as Record<string, unknown>)[POLLUTION_MARK] !== undefined) {
    delete (Object.prototype as Record<string, unknown>)[POLLUTION_MARK];
    return 'Object.prototype was polluted';
  }
  const { status } = response;
  if (status >= 500) return `answered ${status}: ${show(response.text)}`;
  const isPublic = endpoint.allowed.includes('anonymous');
  if (m.kind === 'authorization' && !isPublic && status !== (m.expect ?? 401)) {
    return `${m.label} got ${status}, not ${m.expect ?? 401}`;
  }
  const signedBody = endpoint.signed === true && BODY_MUTATIONS.includes(m.kind);
  const challenge = signedBody && status === 401 ? undefined : challengeFailure(response);
  if (challenge) return challenge;
  // A spoilt field or key can make the whole body larger than the endpoint takes: then the
  // size is refused first (413), before any field is read.
  const oversized =
    (m.kind === 'body-field' || m.kind === 'body-unknown') &&
    sent.body !== undefined &&
    Buffer.byteLength(sent.body) > (endpoint.maxBodyBytes ?? MAX_BODY);
  const expected = signedBody
    ? SIGNED_BODY_REFUSALS
    : oversized
      ? ['body_too_large']
      : withoutTooLarge(
          endpoint,
          m.kind === 'body-whole' || m.kind === 'body-raw' || m.kind === 'body-encoding'
            ? m.expect
            : undefined,
        );
  if (expected && status < 400) return `${status}, not a refusal with ${expected.join(' or ')}`;
  // An impossible date, a bad cursor, a control character, a prototype key: always a 400.
  const mustRefuse =
    !signedBody &&
    !oversized &&
    (((m.kind === 'body-field' || m.kind === 'query-field') && m.refuse === true) ||
      (m.kind === 'body-unknown' && PROTOTYPE_KEYS.includes(m.key)) ||
      (m.kind === 'idempotency-key' && !m.usable));
  if (mustRefuse && status !== 400) {
    return `${status}, not a 400 refusing ${namesOf(endpoint, m).join(' or ')}: ${show(response.text)}`;
  }
  if (status < 400) return undefined;
  const shape = problemShapeFailure(response);
  if (shape) return `answered ${status} but ${shape}`;
  const changed = Object.keys(stored.before).filter((t) => stored.before[t] !== stored.after[t]);
  if (changed.length > 0) return `refused with ${status}, yet changed ${changed.join(', ')}`;
  const problem = response.json as Problem;
  if (expected && !expected.includes(problem.code)) {
    return `refused with ${problem.code}, not ${expected.join(' or ')}: ${show(problem)}`;
  }
  if (status === 400) {
    const names = namesOf(endpoint, m);
    if (names.length > 0 && !names.some((name) => mentions(problem, name))) {
      return `400 does not name ${names.join(' or ')}: ${show(problem)}`;
    }
  }
  return undefined;
}

describe('hostile input at every endpoint (real PostgreSQL and Kafka)', () => {
  let world: World;
  let bad: BadToken[];

  beforeAll(async () => {
    [world, bad] = await Promise.all([World.start('fuzz'), badTokens()]);
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  it.each(ENDPOINTS.map((e) => [describeEndpoint(e), e] as const))(
    '%s',
    async (_name, endpoint) => {
      const who = fuzzCaller(endpoint);
      const base = () => (endpoint.fuzzBase ?? endpoint.valid)(world, who);
      let valid = await base();
      // A write that went through may have moved the target on: start again from a fresh one,
      // a few times (a stale target still gets every input validated, then a 409).
      let stale = false;
      let refreshes = 3;
      // What is stored after the previous run: nothing else writes between two runs.
      let known: Record<string, string> | undefined;
      const shape = {
        method: endpoint.method,
        params: [...endpoint.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]),
        ifMatch: endpoint.ifMatch !== undefined,
      };
      const examples = sweep(shape, valid).map((m) => [m] as [Mutation]);
      await fc.assert(
        fc.asyncProperty(mutations(shape, valid, bad), async (m) => {
          if (stale && refreshes > 0) {
            [valid, stale, known, refreshes] = [await base(), false, undefined, refreshes - 1];
          }
          const call = await spoil(world, endpoint, valid, who, m);
          const before = known ?? (await world.snapshot(endpoint.service));
          const response = await world.send(endpoint.service, call);
          const after = await world.snapshot(endpoint.service);
          known = after;
          if (response.status < 400 && endpoint.writes) stale = true;
          const failure = judge(endpoint, m, call, response, { before, after });
          if (failure) throw new Error(`${describeEndpoint(endpoint)}: ${failure}`);
        }),
        {
          examples,
          // fast-check counts the examples among numRuns: the random runs come on top.
          numRuns: examples.length + runsFor(endpoint),
          seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
          path: process.env.FUZZ_PATH,
        },
      );
    },
    120_000,
  );
});
