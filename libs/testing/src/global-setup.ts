/**
 * Jest global setup of the "integration" project: real PostgreSQL and Kafka for the tests.
 * Reuses what answers (e.g. after `npm run infra:up`), starts the local infrastructure otherwise
 * (same code as infra:up), or containers when only a Docker engine is available.
 * Jest loads this file with ts-node, without its moduleNameMapper: tsconfig-paths gives it the
 * @relief/* aliases (the import must stay first).
 */
import 'tsconfig-paths/register';
import { spawnSync } from 'node:child_process';

import {
  ensureKeyPair,
  configuredBrokers,
  ensureKafka,
  kafkaAnswers,
  parseBrokers,
  TEST_AUTH_PATHS,
  configuredAdminUrl,
  ensurePostgres,
  postgresAnswers,
  redact,
  stopEmbeddedPostgres,
  holdInfrastructure,
} from '@relief/local-infra';

import { rememberStarted, TEST_ENV, type StartedTestInfrastructure } from './test-env';

interface Addresses {
  adminUrl: string;
  brokers: string;
}

async function localInfrastructureAnswers(): Promise<boolean> {
  // Something listening but refusing us still counts: ensurePostgres will explain the problem.
  const postgres = await postgresAnswers(configuredAdminUrl()).catch(() => true);
  return postgres || (await kafkaAnswers(parseBrokers(configuredBrokers())));
}

/** A quick `docker info` (Testcontainers' own discovery is slow when no engine answers). */
function dockerAnswers(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 }).status === 0;
}

const OWNER = 'jest global setup';

async function ensureKafkaOrUndo(postgresStarted: boolean) {
  try {
    return await ensureKafka(OWNER);
  } catch (error) {
    // Jest skips global teardown when global setup fails: undo here.
    if (postgresStarted) await stopEmbeddedPostgres();
    throw error;
  }
}

async function useLocal(started: StartedTestInfrastructure): Promise<Addresses> {
  const postgres = await ensurePostgres(OWNER);
  const kafka = await ensureKafkaOrUndo(postgres.started);
  const used = {
    adminUrl: postgres.adminUrl,
    brokers: kafka.brokers,
    started: { kafkaPid: kafka.startedPid, postgres: postgres.started },
  };
  // A lease: a parallel run that started this infrastructure leaves it running while we test.
  holdInfrastructure(used);
  started.local = used;
  const how = (fresh: boolean) => (fresh ? 'started' : 'reused');
  console.log(
    `\n[testing] PostgreSQL ${redact(postgres.adminUrl)} (${how(postgres.started)}), ` +
      `Kafka ${kafka.brokers} (${how(kafka.startedPid !== undefined)})`,
  );
  return used;
}

async function useContainers(started: StartedTestInfrastructure): Promise<Addresses> {
  // Loaded only on this path: Testcontainers is not needed for local runs.
  const { startContainers } = await import('./containers');
  const containers = await startContainers();
  started.stopContainers = () => containers.stop();
  console.log(
    `\n[testing] Testcontainers: PostgreSQL ${redact(containers.adminUrl)}, Kafka ${containers.brokers}`,
  );
  return containers;
}

export default async function globalSetup(): Promise<void> {
  ensureKeyPair(TEST_AUTH_PATHS);
  process.env[TEST_ENV.authPublicKeyFile] = TEST_AUTH_PATHS.publicKey;
  process.env[TEST_ENV.authPrivateKeyFile] = TEST_AUTH_PATHS.privateKey;

  const started: StartedTestInfrastructure = {};
  rememberStarted(started);
  const useDocker = !(await localInfrastructureAnswers()) && dockerAnswers();
  const addresses = useDocker ? await useContainers(started) : await useLocal(started);
  process.env[TEST_ENV.databaseAdminUrl] = addresses.adminUrl;
  process.env[TEST_ENV.kafkaBrokers] = addresses.brokers;
}
