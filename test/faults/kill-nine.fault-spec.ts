/**
 * kill -9 of each service at random moments while incidents, requests, offers and acceptances
 * stream in; each is started again a moment later. Afterwards every final state must hold and
 * every expected email and SMS must have arrived exactly once.
 */
import { SERVICE_NAMES, sleep, type ServiceName } from '@relief/testing';
import { type Case } from './fault-cases';
import { expectClean, printTally, settle } from './fault-tally';
import { FaultWorld, randomBetween } from './fault-world';

/**
 * Kills `count` times a random service (each at least once) at random moments, restarting it
 * after a moment each time.
 */
async function killAtRandom(world: FaultWorld, count: number): Promise<string[]> {
  const everyOnce = [...SERVICE_NAMES].sort(() => Math.random() - 0.5);
  const kills: string[] = [];
  while (kills.length < Math.max(count, everyOnce.length)) {
    await sleep(randomBetween(1_000, 3_000));
    const name: ServiceName =
      kills.length < everyOnce.length
        ? everyOnce[kills.length]
        : SERVICE_NAMES[randomBetween(0, SERVICE_NAMES.length)];
    await world.platform.services[name].kill();
    kills.push(name.replace(/-service$/, ''));
    await sleep(randomBetween(200, 2_000));
    await world.platform.restart(name);
  }
  return kills;
}

describe('kill -9 of every service during a stream (four processes, real Kafka and PostgreSQL)', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await FaultWorld.start({ tag: 'kill9' });
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  it('reaches every final state and delivers every email and SMS exactly once', async () => {
    // The stream keeps flowing until the last kill, so every kill lands in the middle of it.
    const cases: Case[] = [];
    let killing = true;
    const stream = world.runStreamUntil(() => !killing, cases);
    const chaos = killAtRandom(world, 6).finally(() => (killing = false));
    const [killed, streamed] = await Promise.allSettled([chaos, stream]);
    if (streamed.status === 'rejected') throw streamed.reason;
    if (killed.status === 'rejected') throw killed.reason;
    const kills = killed.value;
    const tally = await settle(world, cases);
    printTally(world, 'kill-9', tally, `kills ${kills.length}: ${kills.join(' ')}`);
    expect(world.http.serverErrors).toEqual([]);
    expectClean(tally, { crashes: true });
  }, 420_000);
});
