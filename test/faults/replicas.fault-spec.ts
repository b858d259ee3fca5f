/**
 * Two replicas of every service and of the console gateway, on one database and one consumer
 * group per service, as a deployment behind a load balancer runs them. The kill -9 test's stream
 * goes through both replicas of each service in turn while one replica of a service after the
 * other is killed with SIGKILL at a random moment and started again. Afterwards, beyond what the
 * kill -9 test asserts (every final state, every email and SMS exactly once, the stock adds up):
 * each consumer applied the events of an aggregate in the order they were written, each outbox
 * row reached Kafka once (a second copy only from a relay killed between its send and its
 * commit), every consumer group is stable with both replicas in it and nothing left unread, and
 * each gateway streams every event (each reads every partition, not a share of them).
 */
import {
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
async function killReplicasAtRandom(world: FaultWorld, count: number): Promise<Kill[]> {
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
  }
  return kills;
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
    if (response.status !== 200) throw new Error(`GET /api/events: ${response.status}`);
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      // Each event is `id: ...\nevent: <type>\ndata: <json>\n\n`.
      const events = text.split('\n\n');
      text = events.pop() ?? '';
      for (const event of events) {
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (!data) continue;
        const parsed = JSON.parse(data) as { type: string; aggregateId: string };
        if (parsed.type === 'incident.reported') seen.add(parsed.aggregateId);
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return seen;
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

  it('reaches every final state, delivers once, consumes in order, relays once, leaves no group behind', async () => {
    await openStockpile(world, STOCK);
    const cases: Case[] = [];
    let killing = true;
    const stream = world.runStreamUntil(() => !killing, cases, { minCases: 10, maxCases: 30 });
    const chaos = killReplicasAtRandom(world, 6).finally(() => (killing = false));
    const [killed, streamed] = await Promise.allSettled([chaos, stream]);
    if (streamed.status === 'rejected') throw streamed.reason;
    if (killed.status === 'rejected') throw killed.reason;
    const kills = killed.value;
    const tally = await settle(world, cases);

    const rows = await outboxRows(world);
    const copies = await copiesOnKafka(world, rows);
    const order = await consumeOrder(world, rows);
    const groups = await settledGroups(world);
    const token = await mintTestToken(TEST_IDENTITIES.operator);
    const perGateway = await Promise.all(
      world.platform.gateways.map((gateway) => incidentsStreamed(gateway.url, token)),
    );
    const incidents = cases.map((c) => c.incidentId as string);
    const missedByGateway = perGateway.map(
      (seen) => incidents.filter((id) => !seen.has(id)).length,
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
        `; incidents missed by gateway ${missedByGateway.map((n, i) => `#${i + 1} ${n}`).join(', ')}`,
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
    // One group per consuming service, both replicas in it; one per gateway process, each alone.
    expect(
      groups
        .map((g) => ({
          group: runGroup(g.groupId).replace(/^console\..*/, 'console.<random>'),
          state: g.state,
          members: g.members,
          lag: g.lag,
        }))
        .sort((a, b) => a.group.localeCompare(b.group)),
    ).toEqual(
      [
        ...order.consumers.map((name) => ({ group: name, members: REPLICAS })),
        ...world.platform.gateways.map(() => ({ group: 'console.<random>', members: 1 })),
      ]
        .map((g) => ({ ...g, state: 'Stable', lag: 0 }))
        .sort((a, b) => a.group.localeCompare(b.group)),
    );
    expect(missedByGateway).toEqual(world.platform.gateways.map(() => 0));
  }, 480_000);
});
