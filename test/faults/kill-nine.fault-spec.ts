/**
 * kill -9 of each service at random moments while incidents, requests, offers and acceptances
 * stream in; each is started again a moment later. Afterwards every final state must hold and
 * every expected email and SMS must have arrived exactly once.
 */
import { SERVICE_NAMES, type ServiceName } from '@relief/testing';
import { expectClean, FaultWorld, randomBetween, sleep } from './fault-world';

/**
 * Kills a random service every few seconds while `busy()`, at least `atLeast` times and each
 * service at least once; restarts it after a moment.
 */
async function killAtRandom(
  world: FaultWorld,
  busy: () => boolean,
  atLeast: number,
): Promise<string[]> {
  const everyOnce = [...SERVICE_NAMES].sort(() => Math.random() - 0.5);
  const kills: string[] = [];
  while (busy() || kills.length < Math.max(atLeast, everyOnce.length)) {
    await sleep(randomBetween(500, 3_000));
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
    const cases = world.newCases(16);
    let streaming = true;
    const stream = world.runStream(cases, 3).finally(() => (streaming = false));
    const [chaos, streamed] = await Promise.allSettled([
      killAtRandom(world, () => streaming, 6),
      stream,
    ]);
    if (streamed.status === 'rejected') throw streamed.reason;
    if (chaos.status === 'rejected') throw chaos.reason;
    const kills = chaos.value;
    const tally = await world.settle(cases);
    world.report('kill-9', tally, `kills ${kills.length}: ${kills.join(' ')}`);
    expect(world.http.serverErrors).toEqual([]);
    expectClean(tally);
  }, 420_000);
});
