/**
 * A case: the assistance chain in small (an incident, an international request for it, UNICEF's
 * offer of the whole quantity, its acceptance), driven like a careful client: a call that got no
 * answer may have taken effect, so before trying again it looks whether it did. And the three
 * final states each case must reach.
 */
import { sleep, describeError } from '@relief/testing';
import { type FaultWorld, type Reply } from './fault-world';

export interface Case {
  index: number;
  title: string;
  quantity: number;
  incidentId?: string;
  reference?: string;
  requestId?: string;
  offerId?: string;
  /** Offered from this stockpile (reserved with the offer). */
  stockpileId?: string;
}

class Fatal extends Error {}

/**
 * A write that must happen once: `act` until it answers `ok`; after a failed attempt, first
 * `find` whether the effect is there (an answer lost is not a write lost).
 */
async function once<T>(
  world: FaultWorld,
  what: string,
  act: () => Promise<Reply>,
  find: () => Promise<T | undefined>,
  ok: (reply: Reply) => boolean,
  retryable: (reply: Reply) => boolean = () => false,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let attempted = false;
  let unanswered = false;
  let last = '';
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${what}: gave up after ${timeoutMs} ms (${last})`);
    try {
      if (attempted) {
        const found = await find();
        if (found !== undefined) {
          if (unanswered) world.http.lostAnswers += 1;
          return found;
        }
      }
      attempted = true;
      unanswered = false;
      let reply: Reply;
      try {
        reply = await act();
      } catch (error) {
        unanswered = true;
        throw error;
      }
      if (ok(reply)) return reply.body as T;
      last = `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`;
      if (reply.status < 500 && !retryable(reply)) throw new Fatal(`${what}: ${last}`);
    } catch (error) {
      if (error instanceof Fatal) throw error;
      last = describeError(error);
    }
    await sleep(300);
  }
}

export async function runCase(world: FaultWorld, c: Case): Promise<void> {
  const incident = await once<{ id: string; reference: string }>(
    world,
    `case ${c.index}: file the incident`,
    () =>
      world.send('incident-service', 'operator', 'POST', '/incidents', {
        title: c.title,
        hazard: 'FL',
        region: 'KZ-15',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Observed',
        figures: { affected: 100 + c.index, evacuated: c.index },
      }),
    async () => {
      const page = await world.send('incident-service', 'operator', 'GET', '/incidents?limit=100');
      if (page.status !== 200) throw new Error(`GET /incidents: ${page.status}`);
      return (page.body.items as { id: string; reference: string; title: string }[]).find(
        (i) => i.title === c.title,
      );
    },
    (reply) => reply.status === 201,
  );
  c.incidentId = incident.id;
  c.reference = incident.reference;

  const request = await once<{ id: string }>(
    world,
    `case ${c.index}: raise the request`,
    () =>
      world.send('resource-request-service', 'operator', 'POST', '/requests', {
        incidentId: incident.id,
        item: { code: 'WASH-HYGIENE-KIT' },
        quantity: c.quantity,
        priority: 'high',
        neededBy: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
        location: { region: 'KZ-15', address: 'Aktobe, evacuation centre' },
        scope: 'international',
      }),
    async () => {
      const page = await world.send(
        'resource-request-service',
        'operator',
        'GET',
        `/requests?incidentId=${incident.id}`,
      );
      if (page.status !== 200) throw new Error(`GET /requests: ${page.status}`);
      return (page.body.items as { id: string; version: number }[])[0];
    },
    (reply) => reply.status === 201,
    (reply) => reply.status === 422 && reply.body.code === 'incident_unknown',
  );
  c.requestId = request.id;

  const offer = await once<{ id: string; version: number }>(
    world,
    `case ${c.index}: publish UNICEF's offer`,
    () =>
      world.send('partner-offer-service', 'unicef', 'POST', '/offers', {
        requestId: request.id,
        quantity: c.quantity,
        ...(c.stockpileId ? { stockpileId: c.stockpileId } : {}),
      }),
    async () => {
      const page = await world.send(
        'partner-offer-service',
        'unicef',
        'GET',
        `/offers?requestId=${request.id}`,
      );
      if (page.status !== 200) throw new Error(`GET /offers: ${page.status}`);
      return (page.body.items as { id: string; version: number }[])[0];
    },
    (reply) => reply.status === 201,
    (reply) => reply.status === 422 && reply.body.code === 'request_unknown',
  );
  c.offerId = offer.id;

  await once(
    world,
    `case ${c.index}: accept the offer`,
    () =>
      world.send(
        'partner-offer-service',
        'operator',
        'POST',
        `/offers/${offer.id}/accept`,
        { quantity: c.quantity },
        undefined,
        // Nothing but this acceptance changes a just-published offer.
        offer.version,
      ),
    async () => {
      const got = await world.send(
        'partner-offer-service',
        'operator',
        'GET',
        `/offers/${offer.id}`,
      );
      if (got.status !== 200) throw new Error(`GET /offers/${offer.id}: ${got.status}`);
      return got.body.status === 'accepted' ? got.body : undefined;
    },
    (reply) => reply.status === 200,
  );
}

/** How many of each case's three final states hold now. */
export async function statesReached(
  world: FaultWorld,
  cases: Case[],
): Promise<{ reached: number; missing: string[] }> {
  let reached = 0;
  const missing: string[] = [];
  for (const c of cases) {
    const checks: [string, () => Promise<boolean>][] = [
      [
        'request pledged',
        async () => {
          const r = await world.send(
            'resource-request-service',
            'operator',
            'GET',
            `/requests/${c.requestId}`,
          );
          const coverage = r.body.coverage as { pledged: number } | undefined;
          return r.body.status === 'pledged' && coverage?.pledged === c.quantity;
        },
      ],
      [
        'offer accepted and confirmed',
        async () => {
          const r = await world.send(
            'partner-offer-service',
            'operator',
            'GET',
            `/offers/${c.offerId}`,
          );
          return r.body.status === 'accepted' && r.body.pledgeConfirmed === true;
        },
      ],
      [
        "offer side's request pledged",
        async () => {
          const r = await world.send(
            'partner-offer-service',
            'operator',
            'GET',
            `/requests/${c.requestId}`,
          );
          return r.body.status === 'pledged';
        },
      ],
    ];
    for (const [name, check] of checks) {
      if (await check().catch(() => false)) reached += 1;
      else missing.push(`case ${c.index} (${c.reference ?? '?'}): ${name}`);
    }
  }
  return { reached, missing };
}
