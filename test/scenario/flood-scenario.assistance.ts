/**
 * Steps 4 to 14 of the flood scenario: the ministry raises requests, partners offer (refused
 * while a request is domestic), the scope is widened, offers are decided (an accepted pledge is
 * then withdrawn), dispatched and delivered, and the Aktobe incident closes with its requests.
 */
// eslint-disable-next-line no-restricted-imports -- the demo runs it without Nest (not the index)
import { eventually } from '../../libs/testing/src/polling';
import { ACTORS, ITEM_NAMES } from './flood-scenario.cast';
import { setStatus, situationUpdate } from './flood-scenario.incidents';
import {
  type IncidentKey,
  type OfferKey,
  type Refusal,
  type RequestKey,
  type ScenarioRun,
} from './flood-scenario.run';
import { day, ScenarioError, type Identity } from './scenario-http';

/** What the scenario reads of an offer (GET /offers/:id). */
interface OfferView {
  status: string;
  acceptedQuantity: number | null;
  deliveredQuantity: number | null;
  reason: string | null;
}

export function coverageLine(c: {
  requested: number;
  pledged: number;
  delivered: number;
  remaining: number;
}): string {
  return `requested ${c.requested}, pledged ${c.pledged}, delivered ${c.delivered}, remaining ${c.remaining}`;
}

/**
 * `If-Match` with the version of what `who` looks at before changing it (offers and requests
 * also change through other services' events, so the version of an earlier answer may be old).
 */
export async function seen(
  run: ScenarioRun,
  who: Identity,
  url: string,
): Promise<Record<string, string>> {
  const answer = await run.http.expect(200, who, 'GET', url);
  return answer.etag ? { 'If-Match': answer.etag } : {};
}

/** Until the resource-request-service has heard of the incident (incident.reported). */
async function awaitIncidentKnown(run: ScenarioRun, key: IncidentKey): Promise<void> {
  await eventually(
    () =>
      run.http.call(
        ACTORS.logistics,
        'GET',
        `${run.urls.requests}/incidents/${run.incidents[key].id}/coverage`,
      ),
    (answer) => answer.status === 200,
    `the resource-request-service to know ${run.incidents[key].reference}`,
    { timeoutMs: run.timeoutMs },
  );
}

async function raise(
  run: ScenarioRun,
  key: RequestKey,
  incident: IncidentKey,
  body: object,
): Promise<void> {
  const answer = await run.http.expect(
    201,
    ACTORS.logistics,
    'POST',
    `${run.urls.requests}/requests`,
    { incidentId: run.incidents[incident].id, ...body },
  );
  const r = answer.body;
  run.requests[key] = { id: r.id, itemName: r.item.name };
  run.report.say(
    `${r.incidentReference}: ${r.quantity} x ${r.item.name} (${r.priority}, by ${r.neededBy}, ` +
      `${r.location.address}) - scope ${r.scope}, ${r.status}  [request ${r.id}]`,
  );
}

export async function raiseRequests(run: ScenarioRun): Promise<void> {
  await awaitIncidentKnown(run, 'aktobe');
  await awaitIncidentKnown(run, 'north');
  await raise(run, 'kits', 'aktobe', {
    item: { code: 'WASH-HYGIENE-KIT' },
    quantity: 400,
    priority: 'high',
    neededBy: day(7),
    location: { region: 'KZ-15', address: 'Aktobe, evacuation centre at school No. 3' },
    notes: 'Kit contents adjusted to the feedback of the affected population.',
  });
  await raise(run, 'pumps', 'aktobe', {
    item: { code: 'EQUIP-WATER-PUMP' },
    quantity: 30,
    priority: 'critical',
    neededBy: day(3),
    location: { region: 'KZ-15', address: 'Kargaly district, flooded streets of Badamsha' },
  });
  await raise(run, 'sandbags', 'north', {
    item: { code: 'FLOOD-SANDBAG' },
    quantity: 5000,
    priority: 'high',
    neededBy: day(2),
    location: { region: 'KZ-59', address: 'Petropavlovsk, Zarechny district dyke' },
  });
}

/** Until the partner-offer-service's read model of the request satisfies `accept`. */
async function awaitRequestView(
  run: ScenarioRun,
  key: RequestKey,
  accept: (view: { scope: string; status: string; revision: number }) => boolean,
  what: string,
) {
  const answer = await eventually(
    () =>
      run.http.call(ACTORS.logistics, 'GET', `${run.urls.offers}/requests/${run.requests[key].id}`),
    (a) => a.status === 200 && accept(a.body),
    `the partner-offer-service to see the ${key} request ${what}`,
    { timeoutMs: run.timeoutMs },
  );
  return answer.body as { scope: string; status: string; available: number };
}

async function publish(
  run: ScenarioRun,
  offerKey: OfferKey | null,
  who: Identity,
  request: RequestKey,
  body: object,
) {
  const answer = await run.http.call(who, 'POST', `${run.urls.offers}/offers`, {
    requestId: run.requests[request].id,
    ...body,
  });
  if (offerKey) {
    if (answer.status !== 201) {
      throw new ScenarioError(
        `${who.org} could not offer on the ${request} request: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    run.offers[offerKey] = { id: answer.body.id };
    const o = answer.body;
    run.report.say(
      `${o.partner.name} offers ${o.quantity} x ${o.item.name} for ${o.incidentReference}: ${o.status}  [offer ${o.id}]`,
    );
  }
  return answer;
}

export async function refuseInternationalPartners(run: ScenarioRun): Promise<void> {
  await awaitRequestView(run, 'kits', () => true, 'at all');
  await awaitRequestView(run, 'pumps', () => true, 'at all');
  const visible = await run.http.expect(
    200,
    ACTORS.unicef,
    'GET',
    `${run.urls.offers}/requests?incidentId=${run.incidents.aktobe.id}`,
  );
  run.report.say(
    `UNICEF looks for Aktobe requests it may answer: ${visible.body.total} (all are domestic)`,
  );
  const attempts: [Identity & { org: string }, RequestKey, number][] = [
    [ACTORS.unicef, 'kits', 400],
    [ACTORS.eu, 'kits', 200],
    [ACTORS.usaid, 'pumps', 10],
  ];
  for (const [who, request, quantity] of attempts) {
    const answer = await publish(run, null, who, request, { quantity });
    const refusal: Refusal = {
      who: who.org.toUpperCase(),
      request,
      scope: 'domestic',
      status: answer.status,
      code: String(answer.body?.code ?? ''),
      at: new Date().toISOString(),
    };
    run.refusals.push(refusal);
    if (answer.status !== 403 || refusal.code !== 'request_domestic_only') {
      throw new ScenarioError(
        `${refusal.who} offering on the domestic ${request} request: expected 403 request_domestic_only, ` +
          `got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    run.report.say(
      `${refusal.who} offers ${quantity} x ${ITEM_NAMES[request]}: refused, ${answer.status} ${refusal.code}`,
    );
  }
}

export async function domesticOffers(run: ScenarioRun): Promise<void> {
  await publish(run, 'rcsKits', ACTORS.rcs, 'kits', {
    quantity: 150,
    expectedDeliveryDate: day(2),
    conditions: 'From the Red Crescent warehouse in Aktobe',
  });
  await publish(run, 'rcsPumps', ACTORS.rcs, 'pumps', {
    quantity: 10,
    expectedDeliveryDate: day(1),
  });
}

export async function widenScope(run: ScenarioRun): Promise<void> {
  const reason =
    'The Government of Kazakhstan asked its international partners for hygiene kits for Aktobe region';
  const kits = `${run.urls.requests}/requests/${run.requests.kits.id}`;
  const answer = await run.http.expect(
    200,
    ACTORS.logistics,
    'POST',
    `${kits}/scope`,
    { scope: 'international', reason },
    await seen(run, ACTORS.logistics, kits),
  );
  run.scopeWidenedAt = new Date().toISOString();
  run.report.say(
    `kits request: scope domestic -> ${answer.body.scope} ("${reason}"); ${coverageLine(answer.body.coverage)}`,
  );
  const view = await awaitRequestView(
    run,
    'kits',
    (v) => v.scope === 'international',
    'international',
  );
  const visible = await run.http.expect(
    200,
    ACTORS.unicef,
    'GET',
    `${run.urls.offers}/requests?incidentId=${run.incidents.aktobe.id}`,
  );
  run.report.say(
    `UNICEF now finds ${visible.body.total} Aktobe request open to it: ` +
      `${visible.body.items.map((i: { itemName: string }) => i.itemName).join(', ')} ` +
      `(${view.available} still available)`,
  );
}

export async function internationalOffers(run: ScenarioRun): Promise<void> {
  await publish(run, 'unicefKits', ACTORS.unicef, 'kits', {
    quantity: 300,
    expectedDeliveryDate: day(4),
    note: 'From the sets formed within the UNICEF project, stored in Almaty region',
  });
  await publish(run, 'euKits', ACTORS.eu, 'kits', {
    quantity: 200,
    expectedDeliveryDate: day(6),
  });
}

async function offerCall(
  run: ScenarioRun,
  who: Identity,
  offer: OfferKey,
  action: string,
  body: object = {},
): Promise<OfferView> {
  const url = `${run.urls.offers}/offers/${run.offers[offer].id}`;
  const { body: answer } = await run.http.expect(
    200,
    who,
    'POST',
    `${url}/${action}`,
    body,
    await seen(run, who, url),
  );
  return answer as OfferView;
}

async function requestState(run: ScenarioRun, key: RequestKey) {
  const { body } = await run.http.expect(
    200,
    ACTORS.logistics,
    'GET',
    `${run.urls.requests}/requests/${run.requests[key].id}`,
  );
  return body as {
    status: string;
    scope: string;
    endReason: string | null;
    coverage: { requested: number; pledged: number; delivered: number; remaining: number };
  };
}

/** Until the resource-request-service shows the request with this status; reports it. */
async function awaitRequestStatus(
  run: ScenarioRun,
  key: RequestKey,
  status: string,
): Promise<void> {
  const state = await eventually(
    () => requestState(run, key),
    (s) => s.status === status,
    `the ${key} request to be ${status}`,
    { timeoutMs: run.timeoutMs },
  );
  run.report.say(
    `${ITEM_NAMES[key]} request: ${state.status}; ${coverageLine(state.coverage)}` +
      (state.endReason ? ` (${state.endReason})` : ''),
  );
}

export async function decide(run: ScenarioRun): Promise<void> {
  const rcsKits = await offerCall(run, ACTORS.logistics, 'rcsKits', 'accept');
  run.report.say(`Red Crescent's 150 kits: ${rcsKits.status} (${rcsKits.acceptedQuantity})`);
  const unicef = await offerCall(run, ACTORS.logistics, 'unicefKits', 'accept', {
    quantity: 250,
  });
  run.report.say(`UNICEF's 300 kits: ${unicef.status} in part, ${unicef.acceptedQuantity}`);
  const reason = 'The need is covered by UNICEF and the Red Crescent Society of Kazakhstan';
  const eu = await offerCall(run, ACTORS.logistics, 'euKits', 'decline', { reason });
  run.report.say(`EU's 200 kits: ${eu.status} ("${reason}")`);
  const pumps = await offerCall(run, ACTORS.logistics, 'rcsPumps', 'accept');
  run.report.say(`Red Crescent's 10 pumps: ${pumps.status} (${pumps.acceptedQuantity})`);
  await awaitRequestStatus(run, 'kits', 'pledged');
  await awaitRequestStatus(run, 'pumps', 'partially-pledged');
}

/** Until the resource-request-service counts the request's coverage as `accept` wants; reports it. */
async function awaitCoverage(
  run: ScenarioRun,
  key: RequestKey,
  accept: (coverage: { pledged: number; delivered: number }) => boolean,
  what: string,
): Promise<void> {
  const state = await eventually(
    () => requestState(run, key),
    (s) => accept(s.coverage),
    `the ${key} request to be ${what}`,
    { timeoutMs: run.timeoutMs },
  );
  run.report.say(`${ITEM_NAMES[key]} request: ${state.status}; ${coverageLine(state.coverage)}`);
}

/**
 * A partner takes back a pledge the ministry had accepted (before dispatch): the pledge is
 * released, the request's coverage falls back, and who follows coverage is told (offer.withdrawn).
 */
export async function withdrawPledge(run: ScenarioRun): Promise<void> {
  await publish(run, 'rcsSparePumps', ACTORS.rcs, 'pumps', {
    quantity: 6,
    expectedDeliveryDate: day(2),
    conditions: 'From the Red Crescent reserve in Kostanay',
  });
  const accepted = await offerCall(run, ACTORS.logistics, 'rcsSparePumps', 'accept');
  run.report.say(`Red Crescent's 6 more pumps: ${accepted.status} (${accepted.acceptedQuantity})`);
  await awaitCoverage(run, 'pumps', (c) => c.pledged === 16, 'pledged 16');
  const reason = 'The pumps are needed for the floods in Kostanay region';
  const withdrawn = await offerCall(run, ACTORS.rcs, 'rcsSparePumps', 'withdraw', { reason });
  run.report.say(
    `The Red Crescent withdraws the 6 accepted pumps: ${withdrawn.status} ("${reason}")`,
  );
  await awaitCoverage(run, 'pumps', (c) => c.pledged === 10, 'pledged 10 again');
}

/** Dispatch waits for the request side to confirm the acceptance (409 until then). */
async function dispatchOne(
  run: ScenarioRun,
  who: Identity,
  offer: OfferKey,
  expectedArrival: string,
) {
  const url = `${run.urls.offers}/offers/${run.offers[offer].id}`;
  const answer = await eventually(
    async () =>
      run.http.call(who, 'POST', `${url}/dispatch`, { expectedArrival }, await seen(run, who, url)),
    (a) => a.status !== 409 || a.body?.code !== 'acceptance_not_confirmed',
    `the acceptance of ${offer} to be confirmed`,
    { timeoutMs: run.timeoutMs },
  );
  if (answer.status !== 200) {
    throw new ScenarioError(
      `dispatching ${offer}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  run.report.say(
    `${answer.body.partner.name} dispatched ${answer.body.acceptedQuantity} x ${answer.body.item.name}, ` +
      `expected ${expectedArrival.slice(0, 10)}`,
  );
}

export async function dispatch(run: ScenarioRun): Promise<void> {
  await dispatchOne(run, ACTORS.rcs, 'rcsKits', `${day(1)}T10:00:00.000Z`);
  await dispatchOne(run, ACTORS.rcs, 'rcsPumps', `${day(1)}T06:00:00.000Z`);
  await dispatchOne(run, ACTORS.unicef, 'unicefKits', `${day(3)}T12:00:00.000Z`);
}

export async function deliver(run: ScenarioRun): Promise<void> {
  await offerCall(run, ACTORS.rcs, 'rcsKits', 'delivery-report', {
    quantity: 150,
    note: 'Handed over at school No. 3',
  });
  const rcs = await offerCall(run, ACTORS.logistics, 'rcsKits', 'confirm-delivery');
  run.report.say(
    `Red Crescent reports 150 kits arrived; the ministry confirms ${rcs.deliveredQuantity}`,
  );
  const pumps = await offerCall(run, ACTORS.logistics, 'rcsPumps', 'confirm-delivery');
  run.report.say(`The ministry confirms ${pumps.deliveredQuantity} Red Crescent pumps at Badamsha`);
  await offerCall(run, ACTORS.unicef, 'unicefKits', 'delivery-report', { quantity: 250 });
  const unicef = await offerCall(run, ACTORS.logistics, 'unicefKits', 'confirm-delivery');
  run.report.say(
    `UNICEF reports 250 kits arrived; the ministry confirms ${unicef.deliveredQuantity}`,
  );
  await awaitRequestStatus(run, 'kits', 'fulfilled');
  await awaitRequestStatus(run, 'pumps', 'partially-delivered');
}

export async function lateOffer(run: ScenarioRun): Promise<void> {
  await publish(run, 'rcsMorePumps', ACTORS.rcs, 'pumps', {
    quantity: 8,
    expectedDeliveryDate: day(2),
  });
}

export async function closeAktobe(run: ScenarioRun): Promise<void> {
  await situationUpdate(
    run,
    'aktobe',
    'Water is receding; most evacuated families have returned home.',
    { affected: 8200, evacuated: 1200, homesDamaged: 1350 },
  );
  await setStatus(run, 'aktobe', 'contained');
  await setStatus(
    run,
    'aktobe',
    'closed',
    'Water below the danger mark; recovery handed over to the Aktobe regional akimat',
  );
  await awaitRequestStatus(run, 'pumps', 'closed');
  await awaitRequestStatus(run, 'kits', 'fulfilled');
  const declined = await eventually(
    () =>
      run.http.call(
        ACTORS.logistics,
        'GET',
        `${run.urls.offers}/offers/${run.offers.rcsMorePumps.id}`,
      ),
    (a) => a.status === 200 && a.body.status === 'declined',
    'the late pump offer to be declined with its request',
    { timeoutMs: run.timeoutMs },
  );
  run.report.say(`Red Crescent's late offer of 8 pumps: declined ("${declined.body.reason}")`);
  const sandbags = await requestState(run, 'sandbags');
  run.report.say(
    `Elsewhere the floods go on: ${run.incidents.north.reference} stays active, its sandbags request ${sandbags.status}`,
  );
}
