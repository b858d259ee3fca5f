/**
 * The assistance flow through resource-request-service and partner-offer-service, closed loop:
 * `concurrency` operator/agency pairs each raise a request, wait until partners can see it,
 * publish an offer, accept it, and wait until the request's coverage counts it; then again.
 * Reported: requests, offers and acceptances per second, each call's latency, and the two
 * propagation delays users wait for (request → visible to partners, acceptance → coverage).
 */
import { fileIncident, type PhaseContext } from './incidents';
import { type PhaseResources } from './resources';
import { nowMs, round, sleep, summarize, type Percentiles } from './stats';

export interface AssistanceResult {
  seconds: number;
  concurrency: number;
  requestsPerSecond: number;
  offersPerSecond: number;
  acceptancesPerSecond: number;
  completedChains: number;
  errors: Record<string, number>;
  latency: {
    raiseRequest: Percentiles;
    requestVisibleToPartners: Percentiles;
    publishOffer: Percentiles;
    acceptOffer: Percentiles;
    acceptanceInCoverage: Percentiles;
  };
  resources: PhaseResources;
}

const QUANTITY = 10;

function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Polls `probe` every `everyMs` until it holds; the time it took, or Infinity after the timeout. */
async function waitFor(
  probe: () => Promise<boolean>,
  everyMs: number,
  timeoutMs: number,
): Promise<number> {
  const started = nowMs();
  while (nowMs() - started < timeoutMs) {
    if (await probe()) return nowMs() - started;
    await sleep(everyMs);
  }
  return Infinity;
}

export async function runAssistance(
  ctx: PhaseContext,
  options: { seconds: number; concurrency: number },
): Promise<AssistanceResult> {
  const { session, http, tokens } = ctx;
  const requests = session.url('resource-request-service');
  const offers = session.url('partner-offer-service');

  // A few incidents the request service has heard of (its read model is fed by Kafka).
  const incidents: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const filed = await fileIncident(ctx, 'assistance', i);
    if (filed.status !== 201 || !filed.id) throw new Error(`filing an incident: ${filed.status}`);
    incidents.push(filed.id);
  }
  const raise = (incidentId: string) =>
    http.request('POST', `${requests}/requests`, {
      token: tokens.operator,
      body: {
        incidentId,
        item: { code: 'WASH-HYGIENE-KIT' },
        quantity: QUANTITY,
        priority: 'high',
        neededBy: day(7),
        // No region: a request takes its incident's (the incidents are filed in several).
        location: { address: 'Aktobe, evacuation centre at school No. 3' },
        scope: 'international',
      },
    });
  for (const incidentId of incidents) {
    const waited = await waitFor(async () => (await raise(incidentId)).status === 201, 100, 30_000);
    if (!Number.isFinite(waited))
      throw new Error('the request service never heard of the incidents');
  }

  const samples = {
    raiseRequest: [] as number[],
    requestVisibleToPartners: [] as number[],
    publishOffer: [] as number[],
    acceptOffer: [] as number[],
    acceptanceInCoverage: [] as number[],
  };
  const counts = { requests: 0, offers: 0, acceptances: 0, chains: 0 };
  const errors: Record<string, number> = {};
  const fail = (what: string) => {
    errors[what] = (errors[what] ?? 0) + 1;
  };
  const timed = async <T>(into: number[], work: () => Promise<T>): Promise<T> => {
    const started = nowMs();
    const result = await work();
    into.push(nowMs() - started);
    return result;
  };

  ctx.monitor.begin('assistance flow');
  const started = nowMs();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let i = 0; nowMs() < deadline; i += 1) {
        const incidentId = incidents[(worker + i) % incidents.length];
        const raised = await timed(samples.raiseRequest, () => raise(incidentId));
        if (raised.status !== 201) {
          fail(`raise request: HTTP ${raised.status}`);
          continue;
        }
        counts.requests += 1;
        const requestId = (raised.body as { id: string }).id;
        const visible = await waitFor(
          async () =>
            (
              await http.request('GET', `${offers}/requests/${requestId}`, {
                token: tokens.unicef,
              })
            ).status === 200,
          20,
          30_000,
        );
        samples.requestVisibleToPartners.push(visible);
        if (!Number.isFinite(visible)) {
          fail('request never visible to partners');
          continue;
        }
        const offer = await timed(samples.publishOffer, () =>
          http.request('POST', `${offers}/offers`, {
            token: tokens.unicef,
            body: { requestId, quantity: QUANTITY, expectedDeliveryDate: day(3) },
          }),
        );
        if (offer.status !== 201) {
          fail(`publish offer: HTTP ${offer.status}`);
          continue;
        }
        counts.offers += 1;
        const { id: offerId, version } = offer.body as { id: string; version: number };
        const accepted = await timed(samples.acceptOffer, () =>
          http.request('POST', `${offers}/offers/${offerId}/accept`, {
            token: tokens.operator,
            body: { quantity: QUANTITY },
            ifMatch: version,
          }),
        );
        if (accepted.status !== 200) {
          fail(`accept offer: HTTP ${accepted.status}`);
          continue;
        }
        counts.acceptances += 1;
        const counted = await waitFor(
          async () => {
            const view = await http.request('GET', `${requests}/requests/${requestId}`, {
              token: tokens.operator,
            });
            const coverage = (view.body as { coverage?: { pledged: number } }).coverage;
            return coverage?.pledged === QUANTITY;
          },
          20,
          30_000,
        );
        samples.acceptanceInCoverage.push(counted);
        if (!Number.isFinite(counted)) fail('acceptance never counted in coverage');
        else counts.chains += 1;
      }
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  const resources = ctx.monitor.end();
  return {
    seconds: round(seconds, 1),
    concurrency: options.concurrency,
    requestsPerSecond: round(counts.requests / seconds, 1),
    offersPerSecond: round(counts.offers / seconds, 1),
    acceptancesPerSecond: round(counts.acceptances / seconds, 1),
    completedChains: counts.chains,
    errors,
    latency: {
      raiseRequest: summarize(samples.raiseRequest),
      requestVisibleToPartners: summarize(samples.requestVisibleToPartners),
      publishOffer: summarize(samples.publishOffer),
      acceptOffer: summarize(samples.acceptOffer),
      acceptanceInCoverage: summarize(samples.acceptanceInCoverage),
    },
    resources,
  };
}
