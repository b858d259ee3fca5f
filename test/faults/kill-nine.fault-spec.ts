/**
 * kill -9 of each service at random moments while incidents, requests, offers and acceptances
 * stream in; each is started again a moment later. Afterwards every final state must hold and
 * every expected email and SMS must have arrived exactly once.
 *
 * Then a fan-out: 2,500 subscribers of one region by email and SMS (5,002 messages with the duty
 * officer's two) and the notification service killed with SIGKILL while they are delivered. Every
 * message must arrive exactly once (an email resent with the same Message-ID aside), and the
 * SMS left `unknown` stay within DELIVERY_BATCH_SIZE × DELIVERY_CONCURRENCY.
 */
import { eventually, SERVICE_NAMES, sleep, type ServiceName } from '@relief/testing';
import { type Case } from './fault-cases';
import {
  arrivedSoFar,
  fanOutLedger,
  fileFanOutIncident,
  seedFanOutSubscribers,
  settleFanOut,
} from './fault-fan-out';
import { expectClean, expectStockHeld, openStockpile, printTally, settle } from './fault-tally';
import { FAST_DELIVERY_ENV, FaultWorld, randomBetween } from './fault-world';

const FAN_OUT_SUBSCRIBERS = 2_500;
const STOCK = 100_000;

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
    world = await FaultWorld.start({ tag: 'kill9', notificationEnv: FAST_DELIVERY_ENV });
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  it('reaches every final state and delivers every email and SMS exactly once', async () => {
    // The stream keeps flowing until the last kill, so every kill lands in the middle of it.
    // Half the cases offer from UNICEF's prepositioned stock: after the kills stock and coverage agree.
    await openStockpile(world, STOCK);
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

    await expectStockHeld(world, cases, STOCK);
  }, 420_000);

  it('delivers a fan-out to 2,500 subscribers exactly once through a kill -9 of the notification service', async () => {
    const settings = world.notificationEnv;
    const bound = Number(settings.DELIVERY_BATCH_SIZE) * Number(settings.DELIVERY_CONCURRENCY);
    expect(bound).toBe(100);
    await seedFanOutSubscribers(world, FAN_OUT_SUBSCRIBERS);
    const fanOut = await fileFanOutIncident(world, FAN_OUT_SUBSCRIBERS);
    const perChannel = fanOut.expected.size / 2;
    // A random moment when the channel ahead has delivered 10–70 %: both are under way.
    const killAfter = randomBetween(Math.round(perChannel * 0.1), Math.round(perChannel * 0.7));
    await eventually(
      () => Promise.resolve(arrivedSoFar(world, fanOut)),
      (n) => Math.max(n.email, n.sms) >= killAfter,
      `${killAfter} fan-out messages on a channel before the kill`,
      { timeoutMs: 120_000, intervalMs: 10 },
    );
    await world.platform.services['notification-service'].kill();
    const arrivedAtKill = arrivedSoFar(world, fanOut);
    const killedAtMs = Date.now() - fanOut.filedAt;
    // The service is gone; its database still tells what it left half-done.
    const atKill = await fanOutLedger(world, fanOut);
    await sleep(randomBetween(200, 2_000));
    await world.platform.restart('notification-service');
    const tally = await settleFanOut(world, fanOut);
    const sending = (channel: string) => atKill[`${channel} sending`] ?? 0;
    console.log(
      `[fault kill-9 fan-out] recipients ${tally.recipients}, ` +
        `messages ${tally.messagesExpected - tally.lost}/${tally.messagesExpected}, ` +
        `lost ${tally.lost}, duplicated ${tally.duplicated}, ` +
        `unknown ${tally.unknown} (bound ${bound}), same-Message-ID resends ${tally.sameIdResends} ` +
        `(killed ${killedAtMs} ms after filing, arrived by then: email ${arrivedAtKill.email}, ` +
        `sms ${arrivedAtKill.sms}; delivered in ${tally.deliveredInMs} ms; ` +
        `sending at the kill: email ${sending('email')}, sms ${sending('sms')}; ` +
        `SMS resent by admin ${tally.resentByAdmin}, unexpected ${tally.unexpected}, ` +
        `ledger ${JSON.stringify(tally.ledger)})`,
    );
    if (tally.problems.length > 0) {
      console.log(
        `[fault kill-9 fan-out] problems (logs in ${world.logDir}):\n  ${tally.problems.join('\n  ')}`,
      );
    }
    expect(arrivedAtKill.email).toBeLessThan(perChannel);
    expect(arrivedAtKill.sms).toBeLessThan(perChannel);
    expect(sending('email')).toBeLessThanOrEqual(bound);
    expect(sending('sms')).toBeLessThanOrEqual(bound);
    expect(tally.problems).toEqual([]);
    expect(tally.lost).toBe(0);
    expect(tally.duplicated).toBe(0);
    expect(tally.unexpected).toBe(0);
    expect(tally.unknown).toBeLessThanOrEqual(bound);
    expect(tally.unknown).toBeLessThanOrEqual(sending('sms'));
    expect(tally.sameIdResends).toBeLessThanOrEqual(sending('email'));
  }, 240_000);
});
