import { join } from 'node:path';
import {
  Platform,
  SERVICE_NAMES,
  startRecordingSinks,
  testAuthEnv,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  uniqueTopicPrefix,
  type RecordingSinks,
} from '@relief/testing';

describe('the platform as four processes', () => {
  let sinks: RecordingSinks;
  let platform: Platform;

  beforeAll(async () => {
    sinks = await startRecordingSinks();
    const runId = uniqueTopicPrefix().replace(/\W/g, '');
    platform = await Platform.start({
      adminUrl: testDatabaseAdminUrl(),
      brokers: testKafkaBrokers().join(','),
      runId,
      env: { ...testAuthEnv(), ...sinks.env },
      logDir: join(__dirname, '..', '..', '.local', 'test-logs', runId),
    });
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
    await platform?.dropDatabases();
    await sinks?.stop();
  });

  it('every service answers ready', async () => {
    for (const name of SERVICE_NAMES) {
      const response = await fetch(`${platform.url(name)}/ready`);
      expect(response.status).toBe(200);
    }
  });

  it('a killed service comes back on restart', async () => {
    await platform.services['partner-offer-service'].kill();
    await expect(fetch(`${platform.url('partner-offer-service')}/health`)).rejects.toThrow();
    await platform.restart('partner-offer-service');
    expect((await fetch(`${platform.url('partner-offer-service')}/ready`)).status).toBe(200);
  }, 120_000);

  it('SIGTERM stops a service cleanly (exit code 0)', async () => {
    const ended = await platform.services['incident-service'].stop();
    expect(ended).toEqual({ code: 0, signal: null });
  }, 60_000);
});
