/**
 * Local infrastructure without Docker: npm run infra:up | infra:down | infra:status | infra:keys
 * (tsx deploy/local/infra.ts <command>). See docs/architecture.md, "Local infrastructure".
 */
import { relative } from 'node:path';
import {
  ensureDevKeys,
  configuredBrokers,
  runningLocalKafkaPid,
  stopLocalKafka,
  kafkaAnswers,
  parseBrokers,
  upInfrastructure,
  AUTH_PATHS,
  KAFKA_PATHS,
  POSTGRES_PATHS,
  REPO_ROOT,
  configuredAdminUrl,
  embeddedPostgresRunning,
  postgresAnswers,
  redact,
  stopEmbeddedPostgres,
  adoptRecorded,
  readState,
} from '@relief/local-infra';

const show = (path: string): string => relative(REPO_ROOT, path);

async function up(): Promise<void> {
  const infra = await upInfrastructure('infra:up');
  adoptRecorded('infra:up');
  console.log(
    `PostgreSQL ${redact(infra.adminUrl)} (${infra.started.postgres ? 'started' : 'already running'})`,
  );
  console.log(
    `Kafka      ${infra.brokers} (${infra.started.kafkaPid ? `started, pid ${infra.started.kafkaPid}` : 'already running'})`,
  );
  console.log(
    'Databases and topics are in place. `npm run infra:status` shows details, `npm run infra:down` stops.',
  );
}

/** Stops only what the state file says this project started. */
async function down(): Promise<void> {
  const state = readState();
  const kafkaPid = runningLocalKafkaPid() ?? state.kafka?.pid;
  if (kafkaPid !== undefined) {
    await stopLocalKafka();
    console.log(`Kafka (pid ${kafkaPid}) stopped.`);
  } else {
    console.log('Kafka: nothing started by this project.');
  }
  if (state.postgres) {
    const wasRunning = await stopEmbeddedPostgres();
    console.log(
      `Embedded PostgreSQL ${wasRunning ? 'stopped' : 'was not running'} (${show(state.postgres.dataDir)}).`,
    );
  } else {
    console.log(
      `PostgreSQL: nothing started by this project (${redact(configuredAdminUrl())} left alone).`,
    );
  }
}

async function status(): Promise<void> {
  const state = readState();
  const adminUrl = configuredAdminUrl();
  const pgUp = await postgresAnswers(adminUrl).catch((error: Error) => error.message);
  const pgOwner =
    state.postgres && embeddedPostgresRunning()
      ? `embedded, started by ${state.postgres.startedBy} at ${state.postgres.startedAt} as OS user ${state.postgres.osUser}`
      : 'not started by this project';
  console.log(`PostgreSQL  ${pgUp === true ? 'up  ' : 'DOWN'}  ${redact(adminUrl)}  (${pgOwner})`);
  if (typeof pgUp === 'string') console.log(`            ${pgUp}`);
  if (state.postgres)
    console.log(`            log ${show(POSTGRES_PATHS.log)}, data ${show(POSTGRES_PATHS.data)}`);

  const brokers = configuredBrokers();
  const kafkaUp = await kafkaAnswers(parseBrokers(brokers));
  const pid = runningLocalKafkaPid();
  const kafkaOwner =
    pid !== undefined && state.kafka
      ? `pid ${pid}, started by ${state.kafka.startedBy} at ${state.kafka.startedAt}`
      : 'not started by this project';
  console.log(`Kafka       ${kafkaUp ? 'up  ' : 'DOWN'}  ${brokers}  (${kafkaOwner})`);
  console.log(`            log ${show(KAFKA_PATHS.log)}, data ${show(KAFKA_PATHS.data)}`);

  console.log(`Auth keys   ${show(AUTH_PATHS.privateKey)}, ${show(AUTH_PATHS.publicKey)}`);
}

function keys(): void {
  const { created } = ensureDevKeys();
  console.log(
    `${created ? 'Created' : 'Kept'} ${show(AUTH_PATHS.privateKey)} and ${show(AUTH_PATHS.publicKey)}`,
  );
}

const COMMANDS: Record<string, () => void | Promise<void>> = { up, down, status, keys };

async function main(): Promise<void> {
  const command = COMMANDS[process.argv[2] ?? ''];
  if (!command) {
    console.error('Usage: tsx deploy/local/infra.ts up|down|status|keys');
    process.exitCode = 2;
    return;
  }
  await command();
}

main().catch((error: unknown) => {
  console.error(
    `infra ${process.argv[2]} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
