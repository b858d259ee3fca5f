import { ensureDevKeys } from './dev-keys';
import { ensureKafka, stopLocalKafka } from './kafka';
import { parseBrokers } from './kafka-admin';
import { ensureDatabases, ensurePostgres, stopEmbeddedPostgres } from './postgres';
import { SERVICE_DATABASES } from './services';
import { type Owner } from './state';
import { ensurePlatformTopics } from './topics';

export interface Infrastructure {
  adminUrl: string;
  brokers: string;
  /** What this call started (and its caller should stop); reused pieces are not listed. */
  started: { kafkaPid?: number; postgres: boolean };
}

/** Everything the services need locally: keys, PostgreSQL with their databases, Kafka with topics. */
export async function upInfrastructure(owner: Owner): Promise<Infrastructure> {
  const started: Infrastructure['started'] = { postgres: false };
  try {
    ensureDevKeys();
    const postgres = await ensurePostgres(owner);
    started.postgres = postgres.started;
    await ensureDatabases(postgres.adminUrl, SERVICE_DATABASES);
    const kafka = await ensureKafka(owner);
    started.kafkaPid = kafka.startedPid;
    await ensurePlatformTopics(parseBrokers(kafka.brokers));
    return { adminUrl: postgres.adminUrl, brokers: kafka.brokers, started };
  } catch (error) {
    // Do not leave half of the infrastructure behind for nobody to stop.
    await downInfrastructure(started);
    throw error;
  }
}

/** Stops only what `upInfrastructure` reported as started. */
export async function downInfrastructure(started: Infrastructure['started']): Promise<void> {
  if (started.kafkaPid !== undefined) await stopLocalKafka(started.kafkaPid);
  if (started.postgres) await stopEmbeddedPostgres();
}
