/**
 * Every endpoint of the four services × every kind of caller (no token, operator, an agency of
 * the partner owning the target, an agency of another partner, admin, and for the
 * notification-service the person a subscriber is linked to, and validly signed strangers
 * without a usable identity): only what is allowed succeeds,
 * a refused call gets 401/403 (404 where the service hides that the target exists) as problem
 * details, and changes nothing that is stored. A versioned write by an allowed caller without
 * If-Match is 428 `if_match_required`, with another version 412 `stale_version`, and changes
 * nothing either. Every caller of a POST sends the same Idempotency-Key, and none gets
 * another's answer.
 */
import { randomUUID } from 'node:crypto';
import {
  challengeFailure,
  problemShapeFailure,
  registeredRoutes,
  render,
  type Problem,
} from './calls';
import { describeEndpoint, ENDPOINTS, type Endpoint, type ValidCall } from './endpoints';
import { STRANGER_REFUSAL, type Stranger } from './tokens';
import {
  callersOf,
  SERVICE_NAMES,
  World,
  type HttpRequest,
  type HttpResponse,
  type Who,
} from './world';

function expectedRefusal(endpoint: Endpoint, who: Who): number {
  if (who in STRANGER_REFUSAL) return STRANGER_REFUSAL[who as Stranger];
  return endpoint.refused?.[who] ?? (who === 'anonymous' ? 401 : 403);
}

/**
 * The platform's If-Match rule on a versioned write, for a caller allowed to make it: without
 * the header 428 `if_match_required`, naming a version other than the current one 412
 * `stale_version`; both in problem details, changing nothing.
 */
async function preconditionFailures(
  world: World,
  endpoint: Endpoint,
  who: Who,
  call: HttpRequest,
  valid: ValidCall,
): Promise<string[]> {
  const failures: string[] = [];
  const { 'If-Match': _sent, ...withoutIfMatch } = call.headers ?? {};
  const variants: [string, HttpRequest, number, string][] = [
    ['without If-Match', { ...call, headers: withoutIfMatch }, 428, 'if_match_required'],
    [
      'with another version in If-Match',
      { ...call, headers: { ...withoutIfMatch, 'If-Match': `"${(valid.ifMatch ?? 1) + 1}"` } },
      412,
      'stale_version',
    ],
  ];
  for (const [what, request, status, code] of variants) {
    const before = await world.snapshot(endpoint.service);
    const response = await world.send(endpoint.service, request);
    const after = await world.snapshot(endpoint.service);
    const problem = response.json as Partial<Problem> | undefined;
    if (response.status !== status || problem?.code !== code) {
      failures.push(
        `${who} ${what}: expected ${status} ${code}, got ${response.status} ${response.text.slice(0, 300)}`,
      );
    } else {
      const shape = problemShapeFailure(response);
      if (shape) failures.push(`${who} ${what}: ${shape}`);
    }
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    if (changed.length > 0)
      failures.push(`${who} ${what}: refused, yet changed ${changed.join(', ')}`);
  }
  return failures;
}

/**
 * Every caller of a POST sends the same Idempotency-Key: keys are kept per caller, so none may
 * get another's answer (a refusal stays a refusal, each allowed caller makes its own change).
 * Not on a public route: no token is verified there, every caller is `anonymous`.
 */
function withSharedKey(endpoint: Endpoint, call: HttpRequest, key: string): HttpRequest {
  if (endpoint.method !== 'POST' || endpoint.allowed.includes('anonymous')) return call;
  return { ...call, headers: { ...call.headers, 'Idempotency-Key': key } };
}

describe('authorization matrix: every endpoint × every caller (real PostgreSQL and Kafka)', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start('authz');
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  it.each(SERVICE_NAMES)('lists every route %s-service registers, and no other', (service) => {
    const registered = registeredRoutes(world.services[service].app)
      .map((r) => describeEndpoint({ service, ...r }))
      .sort();
    const listed = ENDPOINTS.filter((e) => e.service === service)
      .map(describeEndpoint)
      .sort();
    expect({ missingFromTheTable: registered.filter((r) => !listed.includes(r)) }).toEqual({
      missingFromTheTable: [],
    });
    expect({ notRegistered: listed.filter((l) => !registered.includes(l)) }).toEqual({
      notRegistered: [],
    });
  });

  it.each(ENDPOINTS.map((e) => [describeEndpoint(e), e] as const))(
    '%s',
    async (_name, endpoint) => {
      const { service } = endpoint;
      const callers = callersOf(service);
      const failures: string[] = [];
      let shared: ValidCall | undefined;
      const key = randomUUID();
      const replayed = (who: Who, response: HttpResponse) => {
        if (response.headers['idempotent-replayed'] !== undefined) {
          failures.push(`${who}: got another caller's answer under the same Idempotency-Key`);
        }
      };

      // Refused callers first, all on one target: a refused call must leave it as it was.
      for (const who of callers.filter((c) => !endpoint.allowed.includes(c))) {
        shared ??= await endpoint.valid(world, who);
        const call = withSharedKey(endpoint, await render(world, endpoint, shared, who), key);
        const before = await world.snapshot(service);
        const response = await world.send(service, call);
        const after = await world.snapshot(service);
        replayed(who, response);
        const expected = expectedRefusal(endpoint, who);
        if (response.status !== expected) {
          failures.push(
            `${who}: expected ${expected}, got ${response.status} ${response.text.slice(0, 300)}`,
          );
        } else {
          const shape = problemShapeFailure(response);
          if (shape) failures.push(`${who}: ${shape}`);
          const challenge = challengeFailure(response);
          if (challenge) failures.push(`${who}: ${challenge}`);
        }
        const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
        if (changed.length > 0) {
          failures.push(`${who}: refused, yet changed ${changed.join(', ')}`);
        }
      }

      // Allowed callers: each write on a fresh target that can take it.
      for (const who of callers.filter((c) => endpoint.allowed.includes(c))) {
        const valid = endpoint.writes || !shared ? await endpoint.valid(world, who) : shared;
        shared ??= valid;
        const call = await render(world, endpoint, valid, who);
        if (endpoint.ifMatch === 'required') {
          failures.push(...(await preconditionFailures(world, endpoint, who, call, valid)));
        }
        const before = await world.snapshot(service);
        const response = await world.send(service, withSharedKey(endpoint, call, key));
        const after = await world.snapshot(service);
        replayed(who, response);
        if (endpoint.answers !== undefined) {
          if (response.status !== endpoint.answers) {
            failures.push(`${who}: expected ${endpoint.answers}, got ${response.status}`);
          }
          continue;
        }
        if (response.status < 200 || response.status > 299) {
          failures.push(
            `${who}: expected 2xx, got ${response.status} ${response.text.slice(0, 300)}`,
          );
          continue;
        }
        const unseen = endpoint.sees?.(world, who, response.json);
        if (unseen) failures.push(`${who}: ${unseen}`);
        // The detector of stored changes must see the change an allowed write makes.
        const changed = Object.keys(before).some((table) => before[table] !== after[table]);
        if (endpoint.writes && !changed) failures.push(`${who}: allowed write changed nothing`);
        if (!endpoint.writes && changed) failures.push(`${who}: a read changed what is stored`);
      }
      expect(failures).toEqual([]);
    },
    60_000,
  );
});
