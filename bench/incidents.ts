/**
 * The latency phase: incidents filed at a fixed rate (open loop) for a fixed time, each notifying
 * every subscriber by email and SMS. What an operator and a duty officer feel: the HTTP answer
 * to the filing, and the time until the last SMS about it reached the SMSC.
 */
import { type Admin } from 'kafkajs';
import { complete, type DeliveryTracker } from './delivery-tracker';
import { type HttpClient } from './http';
import { groupLag, topicMessages } from './lag';
import { openLoop } from './load';
import { type PhaseResources, type ResourceMonitor } from './resources';
import { CONSUMED, TOPICS, type BenchSession, type Tokens } from './session';
import { nowMs, round, sleep, slope, summarize, type Percentiles } from './stats';

const REGIONS = ['KZ-15', 'KZ-19', 'KZ-23', 'KZ-27', 'KZ-31', 'KZ-35', 'KZ-39', 'KZ-43'];
const HAZARDS = ['FL', 'EQ', 'ST', 'WF', 'LS', 'CW'];
const SEVERITIES = ['Extreme', 'Severe', 'Moderate'];

export interface Backlog {
  /** Seconds since the phase's load started. */
  at: number;
  /** Kafka consumer lag per group (messages). */
  lag: Record<string, number>;
  /** Outbox rows of incident-service not yet relayed. */
  outbox: number;
  /** Notifications planned but not yet sent (pending or sending). */
  ledger: number;
}

export interface RatePhaseResult {
  name: string;
  rate: number;
  seconds: number;
  achievedRate: number;
  filed: number;
  /** Answers other than 201, and calls that failed or were never made (generator cap). */
  errors: Record<string, number>;
  /** Filing: from the due time to the answer. */
  http: Percentiles;
  /** Filing to the last SMS of the incident received by the SMSC; not received: Infinity. */
  e2eSms: Percentiles;
  e2eEmail: Percentiles;
  delivered: { sms: number; expectedSms: number; mails: number; expectedMails: number };
  /** The total backlog at the end of the load window and after draining. */
  backlogAtEndOfLoad: Backlog | null;
  backlogAfterDrain: Backlog | null;
  /** Growth of the whole backlog (lag + outbox + ledger) over the second half of the load, items/s. */
  backlogGrowthPerSecond: number;
  drainedInSeconds: number | null;
  /** The backlog sampled about every second, from the start of the load to the end of draining. */
  timeline: Backlog[];
  keptUp: boolean;
  meetsTarget: boolean;
  /** Per incident: Kafka messages produced and database transactions committed (all services). */
  kafkaMessagesPerIncident: number | null;
  dbCommitsPerIncident: number | null;
  generator: { startLagP99Ms: number; eventLoopDelayP99Ms: number };
  resources: PhaseResources;
}

export interface PhaseContext {
  session: BenchSession;
  http: HttpClient;
  tokens: Tokens;
  tracker: DeliveryTracker;
  admin: Admin;
  monitor: ResourceMonitor;
  subscribers: number;
  targetP99Ms: number;
}

function total(backlog: Backlog): number {
  return Object.values(backlog.lag).reduce((s, v) => s + v, 0) + backlog.outbox + backlog.ledger;
}

async function measureBacklog(ctx: PhaseContext, since: number): Promise<Backlog> {
  const lag: Record<string, number> = {};
  for (const [service, topics] of Object.entries(CONSUMED)) {
    const group = ctx.session.group(service as keyof typeof CONSUMED);
    lag[service] = (
      await groupLag(
        ctx.admin,
        group,
        topics.map((t) => ctx.session.topic(t)),
      )
    ).lag;
  }
  const { outbox, ledger } = await ctx.session.backlog();
  return { at: round((nowMs() - since) / 1000, 1), lag, outbox, ledger };
}

/** Samples the backlog about every second until stopped. */
function backlogSampler(ctx: PhaseContext, since: number) {
  const samples: Backlog[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = nowMs();
      try {
        samples.push(await measureBacklog(ctx, since));
      } catch {
        // a sample lost to a busy broker is not worth failing the phase for
      }
      await sleep(1_000 - (nowMs() - started));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

export async function fileIncident(
  ctx: Pick<PhaseContext, 'session' | 'http' | 'tokens'>,
  tag: string,
  index: number,
): Promise<{ status: number; reference?: string; id?: string }> {
  const result = await ctx.http.request(
    'POST',
    `${ctx.session.url('incident-service')}/incidents`,
    {
      token: ctx.tokens.operator,
      // An operator gives up long before; under overload this bounds the phase's tail.
      timeoutMs: 15_000,
      body: {
        title: `${tag}: flooding reported by the district akimat, #${index}`,
        description: 'Filed by the benchmark load generator.',
        hazard: HAZARDS[index % HAZARDS.length],
        region: REGIONS[index % REGIONS.length],
        severity: SEVERITIES[index % SEVERITIES.length],
        urgency: 'Immediate',
        certainty: 'Observed',
        figures: { affected: 100 + index, evacuated: 10 },
      },
    },
  );
  const body = result.body as { reference?: string; id?: string } | undefined;
  return { status: result.status, reference: body?.reference, id: body?.id };
}

export async function runRatePhase(
  ctx: PhaseContext,
  options: { name: string; rate: number; seconds: number; drainSeconds: number },
): Promise<RatePhaseResult> {
  const { name, rate, seconds, drainSeconds } = options;
  const { session, tracker, subscribers } = ctx;
  const topics = TOPICS.map((t) => session.topic(t));
  const messagesBefore = await topicMessages(ctx.admin, topics);
  const commitsBefore = await session.commits();
  ctx.monitor.begin(name);
  const since = nowMs();
  const sampler = backlogSampler(ctx, since);
  const load = await openLoop({
    rate,
    seconds,
    maxInFlight: 2_000,
    fire: async (index, dueAt) => {
      const answer = await fileIncident(ctx, name, index);
      if (answer.status === 201 && answer.reference)
        tracker.expect(answer.reference, dueAt, subscribers, subscribers);
      return answer;
    },
  });
  const loadEnded = nowMs();
  const backlogAtEndOfLoad = sampler.samples.at(-1) ?? null;

  const filed = load.shots.filter((s) => s.result?.status === 201 && s.result.reference);
  const entries = filed.map((s) => tracker.get(s.result!.reference!)!);
  const deadline = loadEnded + drainSeconds * 1000;
  while (nowMs() < deadline && !entries.every(complete)) await sleep(100);
  const drained = entries.every(complete);
  const drainedInSeconds = drained ? round((nowMs() - loadEnded) / 1000, 1) : null;
  // Let the consumers commit their last offsets (every second) before the last sample.
  if (drained) await sleep(1_500);
  await sampler.stop();
  const backlogAfterDrain = await measureBacklog(ctx, since).catch(() => null);
  const resources = ctx.monitor.end();

  const errors: Record<string, number> = {};
  for (const shot of load.shots) {
    if (shot.result?.status === 201) continue;
    const timedOut = shot.error?.includes('no answer') ?? false;
    const key = shot.error
      ? timedOut
        ? 'timeout (15 s)'
        : 'error'
      : `HTTP ${shot.result?.status}`;
    errors[key] = (errors[key] ?? 0) + 1;
  }
  if (load.skipped > 0) errors['not sent (2000 in flight)'] = load.skipped;

  const secondHalf = sampler.samples
    .filter((s) => s.at >= seconds / 2 && s.at <= seconds + 0.5)
    .map((s) => ({ x: s.at, y: total(s) }));
  const backlogGrowthPerSecond = round(slope(secondHalf), 1);
  const e2eSms = summarize(
    entries.map((e) => (e.sms >= e.expectedSms ? e.lastSmsAt - e.filedAt : Infinity)),
  );
  const e2eEmail = summarize(
    entries.map((e) => (e.mails >= e.expectedMails ? e.lastMailAt - e.filedAt : Infinity)),
  );
  // Work arriving per second: one incident event, plus a notification per subscriber and channel.
  const inflow = rate * (1 + 2 * subscribers);
  // Kept up: everything arrived, and at the end of the load the backlog was either under a
  // second's worth of arriving work or not growing (short phases are mostly ramp-up).
  const endBacklog = backlogAtEndOfLoad ? total(backlogAtEndOfLoad) : Infinity;
  const keptUp =
    drained &&
    load.skipped === 0 &&
    (endBacklog <= inflow || backlogGrowthPerSecond <= 0.1 * inflow);
  const messages = (await topicMessages(ctx.admin, topics)) - messagesBefore;
  await sleep(500);
  const commits = (await session.commits()) - commitsBefore;
  return {
    name,
    rate,
    seconds,
    achievedRate: round(load.achievedRate, 1),
    filed: filed.length,
    errors,
    http: summarize(load.shots.map((s) => s.doneAt - s.dueAt)),
    e2eSms,
    e2eEmail,
    delivered: {
      sms: entries.reduce((s, e) => s + Math.min(e.sms, e.expectedSms), 0),
      expectedSms: entries.length * subscribers,
      mails: entries.reduce((s, e) => s + Math.min(e.mails, e.expectedMails), 0),
      expectedMails: entries.length * subscribers,
    },
    backlogAtEndOfLoad,
    backlogAfterDrain,
    backlogGrowthPerSecond,
    drainedInSeconds,
    timeline: sampler.samples,
    keptUp,
    meetsTarget:
      keptUp && e2eSms.p99 !== null && Number.isFinite(e2eSms.p99) && e2eSms.p99 < ctx.targetP99Ms,
    kafkaMessagesPerIncident: filed.length ? round(messages / filed.length, 2) : null,
    dbCommitsPerIncident: filed.length ? round(commits / filed.length, 1) : null,
    generator: {
      startLagP99Ms: round(load.startLagP99Ms, 1),
      eventLoopDelayP99Ms: round(load.eventLoopDelayP99Ms, 1),
    },
    resources,
  };
}
