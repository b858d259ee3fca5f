/**
 * npm start [-- <service> ...] [--no-build]
 * Local infrastructure up, build and run the services, wait until each is ready, print where they
 * are. Ctrl-C stops the services, then the infrastructure this run started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { upInfrastructure, type Infrastructure } from './infrastructure';
import { DEV_AUDIENCE, DEV_ISSUER } from './jwt';
import { AUTH_PATHS, REPO_ROOT } from './paths';
import { databaseUrl, redact } from './postgres';
import { isPortOpen, sleep } from './processes';
import { findService, SERVICES, serviceEntryFile, type ServiceDefinition } from './services';
import { holdInfrastructure, releaseInfrastructure } from './sharing';
import { startLocalSinks, type StartedSinks } from './sinks';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const RESET = '\x1b[0m';
const RED = '\x1b[1;31m';

interface RunningService {
  service: ServiceDefinition;
  child: ChildProcess;
}

/** What this run owns, so shutdown stops exactly that. */
const run: {
  infra?: Infrastructure;
  sinks?: StartedSinks;
  services: RunningService[];
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

function buildService(name: string): void {
  console.log(`Building ${name} ...`);
  const nest = join(REPO_ROOT, 'node_modules', '.bin', 'nest');
  const result = spawnSync(nest, ['build', name], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`nest build ${name} failed (exit ${result.status ?? result.error?.message}).`);
}

function assertEntryFile(name: string): string {
  const entry = serviceEntryFile(name);
  if (!existsSync(entry)) {
    throw new Error(
      `${relative(REPO_ROOT, entry)} does not exist. \`nest build ${name}\` must write it ` +
        `(is apps/${name}/src/main.ts there? with --no-build, build first).`,
    );
  }
  return entry;
}

function serviceEnv(
  service: ServiceDefinition,
  infra: Infrastructure,
  sinks: StartedSinks,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...sinks.env,
    PORT: String(service.port),
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
function prefixOutput(child: ChildProcess, name: string, index: number): void {
  const width = Math.max(...SERVICES.map((s) => s.name.length));
  const label = `[${name}]`.padEnd(width + 2);
  const prefix = process.stdout.isTTY
    ? `${COLOURS[index % COLOURS.length]}${label}${RESET} `
    : `${label} `;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) => console.log(`${prefix}${line}`));
  }
}

function shout(message: string): void {
  const bar = '!'.repeat(72);
  const colour = process.stderr.isTTY ? RED : '';
  console.error(`${colour}${bar}\n!!! ${message}\n${bar}${colour ? RESET : ''}`);
}

function spawnService(
  service: ServiceDefinition,
  index: number,
  env: NodeJS.ProcessEnv,
): RunningService {
  const entry = assertEntryFile(service.name);
  const child = spawn(process.execPath, [entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixOutput(child, service.name, index);
  child.once('exit', (code, signal) => {
    if (run.stopping) return;
    shout(
      `${service.name} EXITED unexpectedly (code ${code}, signal ${signal}). The others keep running; Ctrl-C stops all.`,
    );
  });
  return { service, child };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitUntilReady({ service, child }: RunningService): Promise<void> {
  const url = `http://${HOST}:${service.port}/ready`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`${service.name} exited before it was ready.`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(1_000);
  }
  throw new Error(
    `${service.name} not ready after ${READY_TIMEOUT_MS / 1000} s (GET ${url}: ${last}).`,
  );
}

function printSummary(infra: Infrastructure, sinks: StartedSinks): void {
  const rows = run.services.map(({ service }) => {
    const base = `http://${HOST}:${service.port}`;
    return [service.name, `${base}/docs`, `${base}/health`, `${base}/ready`, `${base}/metrics`];
  });
  const table = [['service', 'docs', 'health', 'ready', 'metrics'], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log('\nAll services are ready:\n');
  for (const row of table) {
    console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
  }
  console.log(`\nPostgreSQL ${redact(infra.adminUrl)}   Kafka ${infra.brokers}`);
  for (const [what, url] of Object.entries(sinks.urls)) console.log(`${what}: ${url}`);
  console.log(
    '\nA token:   npm run token -- --role operator        (agency: --role agency --org unicef)',
  );
  console.log(
    'Use it:    curl -H "Authorization: Bearer $(npm run -s token -- --role operator)" ' +
      `http://${HOST}:3001/...`,
  );
  console.log('Ctrl-C stops the services and the infrastructure this run started.\n');
}

async function stopService({ service, child }: RunningService): Promise<void> {
  if (hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => {
    console.error(`${service.name} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
    child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}

async function shutdown(exitCode: number): Promise<never> {
  if (run.stopping) {
    console.log('Already stopping, please wait ...');
    return new Promise<never>(() => undefined);
  }
  run.stopping = true;
  console.log('\nStopping services ...');
  await Promise.all(run.services.map(stopService));
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
  run.services = options.services.map((s, i) => spawnService(s, i, serviceEnv(s, infra, sinks)));
  await Promise.all(run.services.map(waitUntilReady));
  printSummary(infra, sinks);
}

main().catch(async (error: unknown) => {
  shout(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
