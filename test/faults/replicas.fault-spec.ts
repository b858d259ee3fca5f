/**
 * Two replicas of every service and of the console gateway, on one database and one consumer
 * group per service, as a deployment behind a load balancer runs them. The kill -9 test's stream
 * goes through both replicas of each service in turn while one replica of a service after the
 * other is killed with SIGKILL at a random moment and started again; one of the gateways is
 * killed the same way once, early on, and started again. Afterwards, beyond what the kill -9
 * test asserts (every final state, every email and SMS exactly once, the stock adds up):
 * - each consumer applied the events of an aggregate in the order they were written;
 * - each outbox row reached Kafka once (a second copy only from a relay killed between its send
 *   and its commit);
 * - every consumer group is stable with both replicas in it and nothing left unread (the killed
 *   gateway's own group is left behind empty);
 * - each gateway streams every event (each reads every partition, not a share of them);
 * - both notification replicas sent messages (each sent ledger row names the process whose
 *   worker claimed it, `claimed_by`);
 * - an operator following each gateway live (reconnecting with Last-Event-ID, as the SPA does)
 *   missed no incident: the restarted gateway streamed those filed after its restart on a new
 *   connection, the other one kept its single connection throughout.
 */
import { hostname } from 'node:os';
import {
  eventually,
  mintTestToken,
  SERVICE_NAMES,
  sleep,
  TEST_IDENTITIES,
  type ServiceName,
} from '@relief/testing';
import { type Case } from './fault-cases';
import { consumeOrder, copiesOnKafka, outboxRows, settledGroups, type Copies } from './fault-kafka';
import { expectClean, expectStockHeld, openStockpile, printTally, settle } from './fault-tally';
import { FAST_DELIVERY_ENV, FaultWorld, randomBetween } from './fault-world';

const REPLICAS = 2;
const STOCK = 100_000;

/** Ten processes on two cores: small heaps (production sizes them per pod). */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=192' };

interface Kill {
  service: ServiceName;
  replica: number;
  at: number;
}

/**
 * Kills `count` times one replica of a random service (each service at least once) at random
 * moments, starting it again after a moment each time; the other replica keeps serving.
 */
async function killReplicasAtRandom(
  world: FaultWorld,
  count: number,
  pids: ReplicaPids,
): Promise<Kill[]> {
  const everyOnce = [...SERVICE_NAMES].sort(() => Math.random() - 0.5);
  const kills: Kill[] = [];
  while (kills.length < Math.max(count, everyOnce.length)) {
    await sleep(randomBetween(1_000, 3_000));
    const service =
      kills.length < everyOnce.length
        ? everyOnce[kills.length]
        : SERVICE_NAMES[randomBetween(0, SERVICE_NAMES.length)];
    const replica = randomBetween(0, REPLICAS);
    await world.platform.replica(service, replica).kill();
    kills.push({ service, replica, at: Date.now() });
    await sleep(randomBetween(200, 2_000));
    await world.platform.restart(service, replica);
    pids.note(world, service, replica);
  }
  return kills;
}

/** Every process each replica ran as (restarts included), by pid: `<service>#<replica from 1>`. */
class ReplicaPids {
  readonly byPid = new Map<number, string>();

  note(world: FaultWorld, service: ServiceName, replica: number): void {
    const pid = world.platform.replica(service, replica).pid;
    if (pid === undefined) throw new Error(`${service}#${replica + 1} is not running`);
    this.byPid.set(pid, `${service}#${replica + 1}`);
  }

  noteAll(world: FaultWorld): void {
    for (const service of SERVICE_NAMES) {
      for (let replica = 0; replica < REPLICAS; replica += 1) this.note(world, service, replica);
    }
  }
}

/**
 * The notification replica that sent each `sent` ledger row, from its `claimed_by` (the worker's
 * `<host>/<pid>`): emails and SMS per `notification-service#<replica>`, and rows no replica
 * process of this run claimed (by their claimed_by).
 */
async function sentByReplica(
  world: FaultWorld,
  pids: ReplicaPids,
): Promise<{ perReplica: Map<string, { email: number; sms: number }>; strangers: string[] }> {
  const rows = await world.query<{
    claimed_by: string | null;
    channel: 'email' | 'sms';
    n: number;
  }>(
    'notification-service',
    `SELECT claimed_by, channel, count(*)::int AS n FROM notifications
      WHERE status = 'sent' GROUP BY claimed_by, channel`,
  );
  const perReplica = new Map<string, { email: number; sms: number }>();
  const strangers: string[] = [];
  for (const { claimed_by: claimedBy, channel, n } of rows) {
    const [host, pid] = (claimedBy ?? '').split('/');
    const replica = host === hostname() ? pids.byPid.get(Number(pid)) : undefined;
    if (!replica?.startsWith('notification-service#')) {
      strangers.push(`${channel} ${n} claimed by ${claimedBy ?? 'nobody'}`);
      continue;
    }
    const counts = perReplica.get(replica) ?? { email: 0, sms: 0 };
    counts[channel] += n;
    perReplica.set(replica, counts);
  }
  return { perReplica, strangers };
}

/**
 * A second copy on Kafka is what at-least-once relaying allows when the relaying replica died
 * between its send and its commit: the first copy went out shortly before a kill of that service.
 */
function unexplained(copies: Copies, kills: Kill[]): string[] {
  return copies.repeated
    .filter(
      ({ service, sentAt }) =>
        !kills.some((k) => k.service === service && sentAt[0] <= k.at && k.at - sentAt[0] < 5_000),
    )
    .map(({ id, service, sentAt }) => `${service} ${id} sent at ${sentAt.join(', ')}`);
}

interface StreamedEvent {
  id: string;
  type: string;
  aggregateId: string;
}

/** Reads a gateway's Server-Sent Events (`id: ...\nevent: <type>\ndata: <json>\n\n`) as they come. */
async function readEvents(response: Response, onEvent: (event: StreamedEvent) => void) {
  if (response.status !== 200) throw new Error(`GET /api/events: ${response.status}`);
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    const events = text.split('\n\n');
    text = events.pop() ?? '';
    for (const event of events) {
      const data = /^data: (.*)$/m.exec(event)?.[1];
      const id = /^id: (.*)$/m.exec(event)?.[1];
      if (!data || !id) continue;
      const parsed = JSON.parse(data) as { type: string; aggregateId: string };
      onEvent({ id, type: parsed.type, aggregateId: parsed.aggregateId });
    }
  }
}

/** The incident ids in the events a gateway streams to the operator (its buffer, replayed). */
async function incidentsStreamed(gatewayUrl: string, token: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 3_000);
  try {
    const response = await fetch(`${gatewayUrl}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    await readEvents(response, (event) => {
      if (event.type === 'incident.reported') seen.add(event.aggregateId);
    });
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

/**
 * An operator's console following one gateway for the whole run, as the SPA does
 * (apps/console/web/src/live.ts): when the stream breaks it connects again every 300 ms with the
 * Last-Event-ID of the last event it got. Notes each incident with the connection that brought it.
 */
class Follower {
  /** When each connection was answered with 200, in order. */
  readonly connectedAt: number[] = [];
  /** Incident id → the connection (index into connectedAt) that first brought it. */
  readonly incidents = new Map<string, number>();
  private lastEventId?: string;
  private readonly abort = new AbortController();
  private readonly running: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    this.running = this.run();
  }

  /** Resolves once the first connection is open. */
  async connected(): Promise<void> {
    await eventually(
      () => Promise.resolve(this.connectedAt.length),
      (n) => n > 0,
      `a stream from ${this.url}`,
      { timeoutMs: 30_000 },
    );
  }

  /** Incidents brought by a connection opened after `at` (after a kill: by the new process). */
  broughtAfter(at: number): Set<string> {
    return new Set(
      [...this.incidents].filter(([, c]) => this.connectedAt[c] > at).map(([id]) => id),
    );
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const response = await fetch(`${this.url}/api/events`, {
          headers: {
            Authorization: `Bearer ${this.token}`,
            ...(this.lastEventId ? { 'Last-Event-ID': this.lastEventId } : {}),
          },
          signal: this.abort.signal,
        });
        if (response.status === 200) this.connectedAt.push(Date.now());
        const connection = this.connectedAt.length - 1;
        await readEvents(response, (event) => {
          this.lastEventId = event.id;
          if (event.type === 'incident.reported' && !this.incidents.has(event.aggregateId)) {
            this.incidents.set(event.aggregateId, connection);
          }
        });
      } catch {
        // Refused, reset or not 200 while the gateway is down: try again, as the SPA does.
      }
      if (!this.abort.signal.aborted) await sleep(300);
    }
  }
}

interface GatewayKill {
  gateway: number;
  at: number;
  restartedAt: number;
  /** Incidents filed (their ids known to the stream) when the gateway was ready again. */
  filedBefore: Set<string>;
}

/** Kills one of the gateways once at a random moment early in the run and starts it again. */
async function killGatewayOnce(world: FaultWorld, cases: Case[]): Promise<GatewayKill> {
  await sleep(randomBetween(3_000, 8_000));
  const gateway = randomBetween(0, world.platform.gateways.length);
  const killed = world.platform.gateways[gateway];
  await killed.kill();
  const at = Date.now();
  await sleep(randomBetween(200, 2_000));
  killed.start();
  await killed.waitUntilReady();
  const restartedAt = Date.now();
  const filedBefore = new Set(cases.flatMap((c) => (c.incidentId ? [c.incidentId] : [])));
  return { gateway, at, restartedAt, filedBefore };
}

describe('two replicas of every service, one of each killed with -9 during a stream', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await FaultWorld.start({
      tag: 'replicas',
      replicas: REPLICAS,
      console: true,
      env: SMALL_HEAP,
      notificationEnv: FAST_DELIVERY_ENV,
    });
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  it('reaches every final state, delivers once from both notification replicas, consumes in order, relays once, streams through a gateway restart', async () => {
    await openStockpile(world, STOCK);
    const token = await mintTestToken(TEST_IDENTITIES.operator);
    const followers = world.platform.gateways.map((gateway) => new Follower(gateway.url, token));
    await Promise.all(followers.map((follower) => follower.connected()));
    const pids = new ReplicaPids();
    pids.noteAll(world);
    const cases: Case[] = [];
    let killing = true;
    const stream = world.runStreamUntil(() => !killing, cases, { minCases: 10, maxCases: 30 });
    const chaos = Promise.all([
      killReplicasAtRandom(world, 6, pids),
      killGatewayOnce(world, cases),
    ]).finally(() => (killing = false));
    const [killed, streamed] = await Promise.allSettled([chaos, stream]);
    if (streamed.status === 'rejected') throw streamed.reason;
    if (killed.status === 'rejected') throw killed.reason;
    const [kills, gatewayKill] = killed.value;
    const tally = await settle(world, cases);

    const rows = await outboxRows(world);
    const copies = await copiesOnKafka(world, rows);
    const order = await consumeOrder(world, rows);
    const groups = await settledGroups(world);
    const perGateway = await Promise.all(
      world.platform.gateways.map((gateway) => incidentsStreamed(gateway.url, token)),
    );
    await Promise.all(followers.map((follower) => follower.stop()));
    const incidents = cases.map((c) => c.incidentId as string);
    const missedByGateway = perGateway.map(
      (seen) => incidents.filter((id) => !seen.has(id)).length,
    );
    // The operators who followed each gateway live through the run (reconnecting as the SPA does).
    const missedByFollower = followers.map(
      (follower) => incidents.filter((id) => !follower.incidents.has(id)).length,
    );
    const restarted = followers[gatewayKill.gateway];
    const filedAfterRestart = incidents.filter((id) => !gatewayKill.filedBefore.has(id));
    const broughtByRestarted = restarted.broughtAfter(gatewayKill.at);
    const sent = await sentByReplica(world, pids);
    const notificationReplicas = Array.from(
      { length: REPLICAS },
      (_, r) => `notification-service#${r + 1}`,
    );
    const extraCopies = unexplained(copies, kills);
    const runGroup = (id: string) => id.slice(world.runId.length + 1);

    printTally(
      world,
      'replicas',
      tally,
      `replicas ${REPLICAS}, kills ${kills.length}: ` +
        kills.map((k) => `${k.service.replace(/-service$/, '')}#${k.replica + 1}`).join(' ') +
        `; outbox rows on Kafka once ${copies.once}, twice ${copies.twice} ` +
        `(not from a kill ${extraCopies.length}), missing ${copies.missing}` +
        `; calls per replica ${[...world.callsByReplica].map(([r, n]) => `${r.replace(/-service#/, '#')} ${n}`).join(', ')}` +
        `; consumed in order: ${order.events} events of ${order.aggregates} aggregates ` +
        `(${order.sequences} with more than one), ` +
        `out of order ${order.outOfOrder.length}` +
        `; groups ${groups.map((g) => `${runGroup(g.groupId)} ${g.state} ${g.members} members lag ${g.lag}`).join(', ')}` +
        `; incidents missed by gateway ${missedByGateway.map((n, i) => `#${i + 1} ${n}`).join(', ')}` +
        `; sent per notification replica ${notificationReplicas
          .map((r) => {
            const n = sent.perReplica.get(r);
            return `${r.replace(/-service#/, '#')} email ${n?.email ?? 0} sms ${n?.sms ?? 0}`;
          })
          .join(', ')}` +
        (sent.strangers.length > 0 ? ` (by no replica: ${sent.strangers.join(', ')})` : '') +
        `; gateway #${gatewayKill.gateway + 1} killed, ready again after ${gatewayKill.restartedAt - gatewayKill.at} ms` +
        `, incidents filed after its restart ${filedAfterRestart.length}` +
        `, of them streamed by it ${filedAfterRestart.filter((id) => broughtByRestarted.has(id)).length}` +
        `; live followers: ${followers.map((f, i) => `#${i + 1} connections ${f.connectedAt.length} missed ${missedByFollower[i]}`).join(', ')}`,
    );
    expect(world.http.serverErrors).toEqual([]);
    expectClean(tally, { crashes: true });
    await expectStockHeld(world, cases, STOCK);

    expect(copies.missing).toBe(0);
    expect(extraCopies).toEqual([]);
    expect(order.outOfOrder).toEqual([]);
    expect(order.sequences).toBeGreaterThanOrEqual(cases.length);
    // Every replica served calls.
    for (const name of SERVICE_NAMES) {
      for (let replica = 1; replica <= REPLICAS; replica += 1) {
        expect([name, world.callsByReplica.get(`${name}#${replica}`) ?? 0]).not.toEqual([name, 0]);
      }
    }
    // One group per consuming service, both replicas in it; one per gateway process, each alone;
    // the killed gateway's group left behind empty (a process killed with -9 cannot delete it).
    const byName = (a: { group: string; state: string }, b: { group: string; state: string }) =>
      `${a.group} ${a.state}`.localeCompare(`${b.group} ${b.state}`);
    expect(
      groups
        .map((g) => ({
          group: runGroup(g.groupId).replace(/^console\..*/, 'console.<random>'),
          state: g.state,
          members: g.members,
          lag: g.lag,
        }))
        .sort(byName),
    ).toEqual(
      [
        ...order.consumers.map((name) => ({ group: name, members: REPLICAS, state: 'Stable' })),
        ...world.platform.gateways.map(() => ({
          group: 'console.<random>',
          members: 1,
          state: 'Stable',
        })),
        { group: 'console.<random>', members: 0, state: 'Empty' },
      ]
        .map((g) => ({ ...g, lag: 0 }))
        .sort(byName),
    );
    expect(missedByGateway).toEqual(world.platform.gateways.map(() => 0));

    // Both notification replicas sent: the delivery worker's claims share the work between them.
    expect(sent.strangers).toEqual([]);
    for (const replica of notificationReplicas) {
      const n = sent.perReplica.get(replica) ?? { email: 0, sms: 0 };
      expect([replica, n.email + n.sms > 0]).toEqual([replica, true]);
    }

    // A gateway killed with -9 streams again once restarted: what was filed after the restart
    // reached its follower on a new connection; the follower, resuming with Last-Event-ID, missed
    // nothing. The other gateway's follower never lost its one connection, nor any incident.
    expect(filedAfterRestart.length).toBeGreaterThan(0);
    expect(filedAfterRestart.filter((id) => !broughtByRestarted.has(id))).toEqual([]);
    expect(restarted.connectedAt.length).toBeGreaterThan(1);
    expect(missedByFollower).toEqual(followers.map(() => 0));
    followers.forEach((follower, i) => {
      if (i !== gatewayKill.gateway) expect([i, follower.connectedAt.length]).toEqual([i, 1]);
    });
  }, 480_000);
});
