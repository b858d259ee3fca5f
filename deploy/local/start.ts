/**
 * npm start [-- <service> ...] [--no-build]
 * Local infrastructure up, build and run the services, wait until each is ready, print where they
 * are. Ctrl-C stops the services, then the infrastructure this run started.
 */
import { parseArgs } from 'node:util';
import {
  buildService,
  upInfrastructure,
  type Infrastructure,
  DEV_AUDIENCE,
  DEV_ISSUER,
  AUTH_PATHS,
  databaseUrl,
  redact,
  isPortOpen,
  assertEntryFile,
  ServiceProcess,
  findService,
  SERVICES,
  type ServiceDefinition,
  holdInfrastructure,
  releaseInfrastructure,
  startLocalSinks,
  type StartedSinks,
} from '@relief/local-infra';

const HOST = '127.0.0.1';
const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const RESET = '\x1b[0m';
const RED = '\x1b[1;31m';

/** What this run owns, so shutdown stops exactly that. */
const run: {
  infra?: Infrastructure;
  sinks?: StartedSinks;
  services: ServiceProcess[];
  stopping: boolean;
} = {
  services: [],
  stopping: false,
};

function parseCommandLine(): { services: readonly ServiceDefinition[]; build: boolean } {
  const { values, positionals } = parseArgs({
    options: { 'no-build': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  return {
    services: positionals.length > 0 ? positionals.map(findService) : SERVICES,
    build: !values['no-build'],
  };
}

async function assertPortsFree(services: readonly ServiceDefinition[]): Promise<void> {
  for (const { name, port } of services) {
    if (await isPortOpen(HOST, port)) {
      throw new Error(
        `Port ${port} (${name}) is already in use: is another \`npm start\` running?`,
      );
    }
  }
}

function serviceEnv(
  service: ServiceDefinition,
  infra: Infrastructure,
  sinks: StartedSinks,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...sinks.env,
    DATABASE_URL: databaseUrl(infra.adminUrl, service.database),
    KAFKA_BROKERS: infra.brokers,
    KAFKA_CLIENT_ID: service.name,
    AUTH_PUBLIC_KEY_FILE: AUTH_PATHS.publicKey,
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    // People read these logs at a terminal.
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
  };
}

/** Every line a service prints, prefixed with its name so four interleaved logs stay readable. */
function prefixedPrinter(name: string, index: number): (chunk: Buffer) => void {
  const width = Math.max(...SERVICES.map((s) => s.name.length));
  const label = `[${name}]`.padEnd(width + 2);
  const prefix = process.stdout.isTTY
    ? `${COLOURS[index % COLOURS.length]}${label}${RESET} `
    : `${label} `;
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) console.log(`${prefix}${line}`);
  };
}

function shout(message: string): void {
  const bar = '!'.repeat(72);
  const colour = process.stderr.isTTY ? RED : '';
  console.error(`${colour}${bar}\n!!! ${message}\n${bar}${colour ? RESET : ''}`);
}

function startService(
  service: ServiceDefinition,
  index: number,
  env: NodeJS.ProcessEnv,
): ServiceProcess {
  const child = new ServiceProcess({
    name: service.name,
    port: service.port,
    env,
    output: prefixedPrinter(service.name, index),
    onUnexpectedExit: (code, signal) => {
      if (run.stopping) return;
      shout(
        `${service.name} EXITED unexpectedly (code ${code}, signal ${signal}). The others keep running; Ctrl-C stops all.`,
      );
    },
  });
  child.start();
  return child;
}

function printSummary(infra: Infrastructure, sinks: StartedSinks): void {
  const rows = run.services.map(({ name, url }) => {
    return [name, `${url}/docs`, `${url}/health`, `${url}/ready`, `${url}/metrics`];
  });
  const table = [['service', 'docs', 'health', 'ready', 'metrics'], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log('\nAll services are ready:\n');
  for (const row of table) {
    console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
  }
  console.log(`\nPostgreSQL ${redact(infra.adminUrl)}   Kafka ${infra.brokers}`);
  const inboxes = Object.entries(sinks.urls);
  const width = Math.max(0, ...inboxes.map(([what]) => what.length));
  for (const [what, url] of inboxes) console.log(`${`${what}:`.padEnd(width + 1)}  ${url}`);
  console.log(
    '\nA token:   npm run token -- --role operator        (agency: --role agency --org unicef)',
  );
  console.log(
    'Use it:    curl -H "Authorization: Bearer $(npm run -s token -- --role operator)" ' +
      `http://${HOST}:3001/...`,
  );
  console.log('Ctrl-C stops the services and the infrastructure this run started.\n');
}

async function shutdown(exitCode: number): Promise<never> {
  if (run.stopping) {
    console.log('Already stopping, please wait ...');
    return new Promise<never>(() => undefined);
  }
  run.stopping = true;
  console.log('\nStopping services ...');
  await Promise.all(run.services.map((service) => service.stop()));
  await run.sinks?.stopAll();
  if (run.infra) {
    const { started } = run.infra;
    const ours = started.kafkaPid !== undefined || started.postgres;
    console.log(
      ours
        ? 'Stopping the infrastructure this run started ...'
        : 'Infrastructure left running: this run did not start it.',
    );
    const notes = await releaseInfrastructure(run.infra, 'npm start');
    notes.forEach((note) => console.log(note));
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const options = parseCommandLine();
  await assertPortsFree(options.services);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(0));
  console.log('Starting local infrastructure ...');
  const infra = (run.infra = await upInfrastructure('npm start'));
  // A lease: a test run that started this infrastructure must not stop it under our services.
  holdInfrastructure(infra);
  const sinks = (run.sinks = await startLocalSinks());
  if (options.build) options.services.forEach((s) => buildService(s.name));
  options.services.forEach((s) => assertEntryFile(s.name));
  run.services = options.services.map((s, i) => startService(s, i, serviceEnv(s, infra, sinks)));
  await Promise.all(run.services.map((service) => service.waitUntilReady()));
  printSummary(infra, sinks);
}

main().catch(async (error: unknown) => {
  shout(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
