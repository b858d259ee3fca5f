/**
 * The Kafka broker stops in the middle of a stream and starts again a little later. Every
 * service must report it (`/ready` 503) while it is down and recover by itself (`/ready` 200)
 * once it is back, and nothing may be lost: every final state, every email and SMS, once.
 * The broker is a private one on free ports (the shared one is used by other runs).
 */
import { expectClean, printTally, settle } from './fault-tally';
import { FaultWorld, perService } from './fault-world';
import { PrivateKafka } from '../private-kafka';

describe('the Kafka broker stops and starts again mid-stream (four processes)', () => {
  let kafka: PrivateKafka;
  let world: FaultWorld;

  beforeAll(async () => {
    kafka = await PrivateKafka.start('fault-kafka');
    world = await FaultWorld.start({ tag: 'kafka', brokers: kafka.brokers });
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
    await kafka?.destroy();
  }, 120_000);

  it('is reported by /ready while down, recovered from without help, and loses nothing', async () => {
    const cases = world.newCases(12);
    const outage = await world.streamThroughOutage(cases, {
      down: () => kafka.stop(),
      up: () => kafka.startAgain(),
      downForMs: 5_000,
    });
    const tally = await settle(world, cases);
    printTally(
      world,
      'kafka-restart',
      tally,
      `broker down ${outage.downMs} ms; /ready 503 after it stopped: ${perService(outage.notReadyAfterMs)}` +
        `; /ready 200 after it answered again: ${perService(outage.readyAgainAfterMs)}`,
    );
    expect(world.http.serverErrors).toEqual([]);
    expectClean(tally);
  }, 480_000);
});
