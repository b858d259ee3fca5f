/**
 * SIGTERM under load: each service in turn is stopped while the stream writes and readers poll
 * it, then started again. A graceful stop must exit 0, answer every request it accepted (no 5xx,
 * no connection reset after a write took effect), leave no outbox row unpublished in its
 * database, and lose nothing: afterwards every final state holds and every email and SMS
 * arrived exactly once.
 */
import { describeError, SERVICE_NAMES, sleep, type ServiceName } from '@relief/testing';
import { type Case } from './fault-cases';
import { expectClean, printTally, settle } from './fault-tally';
import { FaultWorld, randomBetween } from './fault-world';

const READS: Record<ServiceName, string> = {
  'incident-service': '/incidents?limit=5',
  'resource-request-service': '/requests?limit=5',
  'partner-offer-service': '/offers?limit=5',
  'notification-service': '/subscribers',
};

interface ReadLoad {
  answered: number;
  serverErrors: string[];
  /** Connections refused: the service is not listening (stopped), nothing was lost. */
  refused: number;
  /** Requests that got no answer otherwise (reset, closed mid-request, timed out). */
  cutOff: string[];
}

/** Two readers per service, polling until `done()`. */
async function readUntil(world: FaultWorld, done: () => boolean): Promise<ReadLoad> {
  const load: ReadLoad = { answered: 0, serverErrors: [], refused: 0, cutOff: [] };
  const reader = async (service: ServiceName): Promise<void> => {
    while (!done()) {
      try {
        const reply = await world.send(
          service,
          'operator',
          'GET',
          READS[service],
          undefined,
          10_000,
        );
        load.answered += 1;
        if (reply.status >= 500) load.serverErrors.push(`${service} ${reply.status}`);
      } catch (error) {
        const text = describeError(error);
        if (text.includes('ECONNREFUSED')) load.refused += 1;
        else load.cutOff.push(`${service}: ${text}`);
        await sleep(100);
      }
      await sleep(30);
    }
  };
  await Promise.all(SERVICE_NAMES.flatMap((name) => [reader(name), reader(name)]));
  return load;
}

describe('SIGTERM of every service under load (four processes, real Kafka and PostgreSQL)', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await FaultWorld.start({ tag: 'sigterm' });
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  it('stops cleanly mid-stream and loses nothing', async () => {
    // The stream keeps flowing until the last service is back, so every stop lands in it.
    const cases: Case[] = [];
    let stopping = true;
    let finished = false;
    const stream = world.runStreamUntil(() => !stopping, cases);
    const reads = readUntil(world, () => finished);
    const exits: string[] = [];
    const unpublishedAtStop: Record<string, number> = {};
    const stopTimes: number[] = [];
    let failure: Error | undefined;
    try {
      for (const name of [...SERVICE_NAMES].sort(() => Math.random() - 0.5)) {
        await sleep(randomBetween(1_000, 3_000));
        const started = Date.now();
        const ended = await world.platform.services[name].stop();
        stopTimes.push(Date.now() - started);
        exits.push(`${name}:${ended.code ?? ended.signal}`);
        // With the service down, its database tells whether the relay flushed everything.
        unpublishedAtStop[name] = (await world.outbox(name)).pending;
        await world.platform.restart(name);
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    stopping = false;
    await stream.catch((error: unknown) => (failure ??= error as Error));
    finished = true;
    const load = await reads;
    if (failure) throw failure;
    const tally = await settle(world, cases);
    printTally(
      world,
      'sigterm',
      tally,
      `stops ${exits.length}, exit codes ${exits.map((e) => e.split(':')[1]).join(' ')}` +
        `, stop took up to ${Math.max(...stopTimes)} ms` +
        `, outbox rows unpublished at stop ${Object.values(unpublishedAtStop).reduce((a, b) => a + b, 0)}` +
        `, reads answered ${load.answered}, refused ${load.refused}, cut off ${load.cutOff.length}`,
    );
    expect(exits).toEqual(expect.arrayContaining(SERVICE_NAMES.map((name) => `${name}:0`)));
    expect(unpublishedAtStop).toEqual(Object.fromEntries(SERVICE_NAMES.map((name) => [name, 0])));
    expect(load.serverErrors).toEqual([]);
    expect(load.cutOff).toEqual([]);
    expect(world.http.serverErrors).toEqual([]);
    expect(world.http.lostAnswers).toBe(0);
    expectClean(tally);
  }, 420_000);
});
