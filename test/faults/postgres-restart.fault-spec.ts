/**
 * PostgreSQL restarts in the middle of a stream. Every service must report it (`/ready` 503)
 * while it is down and recover by itself (`/ready` 200) once it is back, and nothing may be
 * lost: every final state, every email and SMS, once. The server is a private embedded one on a
 * free port (the shared one is used by other runs); all four services' databases live on it.
 */
import { expectClean, printTally, settle } from './fault-tally';
import { FaultWorld, perService } from './fault-world';
import { PrivatePostgres } from './private-infra';

describe('PostgreSQL restarts mid-stream (four processes)', () => {
  let postgres: PrivatePostgres;
  let world: FaultWorld;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start('pg');
    world = await FaultWorld.start({ tag: 'pg', adminUrl: postgres.adminUrl });
  }, 300_000);

  afterAll(async () => {
    await world?.stop();
    await postgres?.destroy();
  }, 120_000);

  it('is reported by /ready while down, recovered from without help, and loses nothing', async () => {
    const cases = world.newCases(12);
    const outage = await world.streamThroughOutage(cases, {
      down: () => Promise.resolve(postgres.stop('fast')),
      up: () => postgres.startAgain(),
      downForMs: 5_000,
    });
    const tally = await settle(world, cases);
    printTally(
      world,
      'postgres-restart',
      tally,
      `database down ${outage.downMs} ms; /ready 503 after it stopped: ${perService(outage.notReadyAfterMs)}` +
        `; /ready 200 after it answered again: ${perService(outage.readyAgainAfterMs)}`,
    );
    // While it was down, writes were refused as 503 with Retry-After, never a 500.
    expect(
      world.http.serverErrors.filter((e) => !e.endsWith(' 503 "dependency_unavailable"')),
    ).toEqual([]);
    expectClean(tally);
  }, 480_000);
});
