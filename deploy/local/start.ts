/**
 * npm start [-- <service> ...] [--no-build]
 * Local infrastructure up, the OIDC provider, build and run the services and the console
 * gateway (with the SPA), wait until each is ready, print where they are (the console first).
 * Ctrl-C stops the services, then the infrastructure this run started.
 * CONSOLE_PORT (3000) and OIDC_PORT (3010) move the console and the identity provider.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildService,
  upInfrastructure,
  type Infrastructure,
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
  OidcProcess,
  oidcIssuer,
  OIDC_DEFAULT_PORT,
  CONSOLE_DEFAULT_PORT,
  DEV_ACCOUNTS,
  ensureDevKeys,
  REPO_ROOT,
} from '@relief/local-infra';
import { consoleSettings, serviceSettings, type LocalPeers } from './app-settings';

const HOST = '127.0.0.1';
const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const RESET = '\x1b[0m';
const RED = '\x1b[1;31m';
const CONSOLE_PORT = Number(process.env.CONSOLE_PORT ?? CONSOLE_DEFAULT_PORT);
const OIDC_PORT = Number(process.env.OIDC_PORT ?? OIDC_DEFAULT_PORT);
const ISSUER = oidcIssuer(OIDC_PORT);
const CONSOLE_URL = `http://${HOST}:${CONSOLE_PORT}`;

/** What this run owns, so shutdown stops exactly that. */
const run: {
  infra?: Infrastructure;
  sinks?: StartedSinks;
  services: ServiceProcess[];
  oidc?: OidcProcess;
  gateway?: ServiceProcess;
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
  const ours = [
    ...services,
    { name: 'console', port: CONSOLE_PORT },
    { name: 'OIDC provider', port: OIDC_PORT },
  ];
  for (const { name, port } of ours) {
    if (await isPortOpen(HOST, port)) {
      throw new Error(
        `Port ${port} (${name}) is already in use: is another \`npm start\` running?`,
      );
    }
  }
}

function peersOf(infra: Infrastructure, sinks: StartedSinks): LocalPeers {
  return {
    host: HOST,
    brokers: infra.brokers,
    adminUrl: infra.adminUrl,
    issuer: ISSUER,
    sinksEnv: sinks.env,
  };
}

/** The SPA (apps/console/web) is built by its own npm script, when the project has it. */
function buildConsoleWeb(): void {
  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!scripts?.['build:console-web']) {
    console.log('No build:console-web script yet: the console serves a "not built" page.');
    return;
  }
  console.log('Building the console web app ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '-s', 'build:console-web'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`npm run build:console-web failed (exit ${result.status}).`);
}

/** Every line a service prints, prefixed with its name so four interleaved logs stay readable. */
function prefixedPrinter(name: string, index: number): (chunk: Buffer) => void {
  const width = Math.max(...SERVICES.map((s) => s.name.length), 'oidc'.length);
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
  const bold = process.stdout.isTTY ? '\x1b[1m' : '';
  console.log(
    `\n${bold}Console: ${CONSOLE_URL}${bold ? RESET : ''} — open it and sign in as aliya (operator) ` +
      'or dana (UNICEF) …',
  );
  const accounts = DEV_ACCOUNTS.map((a) => `${a.username} (${a.org ?? a.roles.join(',')})`);
  console.log(`  accounts: ${accounts.join(', ')}; password relief`);
  console.log(`  identity provider: ${ISSUER} (JWKS ${ISSUER}/jwks)`);
  const rows = run.services.map(({ name, url }) => {
    return [name, `${url}/docs`, `${url}/health`, `${url}/ready`, `${url}/metrics`];
  });
  const table = [['service', 'docs', 'health', 'ready', 'metrics'], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log('\nAll services are ready (the console reaches them under /api/<service>/):\n');
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
  await run.gateway?.stop();
  await Promise.all(run.services.map((service) => service.stop()));
  await run.oidc?.stop();
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
  ensureDevKeys();
  run.oidc = new OidcProcess({
    port: OIDC_PORT,
    issuer: ISSUER,
    consoleOrigins: [...new Set([CONSOLE_URL, `http://localhost:${CONSOLE_PORT}`])],
    output: prefixedPrinter('oidc', SERVICES.length + 1),
    onUnexpectedExit: (code, signal) => {
      if (!run.stopping) shout(`the OIDC provider EXITED (code ${code}, signal ${signal}).`);
    },
  });
  run.oidc.start();
  if (options.build) {
    options.services.forEach((s) => buildService(s.name));
    buildService('console');
    buildConsoleWeb();
  }
  options.services.forEach((s) => assertEntryFile(s.name));
  assertEntryFile('console');
  await run.oidc.waitUntilReady();
  const peers = peersOf(infra, sinks);
  run.services = options.services.map((s, i) =>
    startService(s, i, { ...process.env, ...serviceSettings(s, peers) }),
  );
  const gateway = { name: 'console', port: CONSOLE_PORT, database: '' };
  run.gateway = startService(gateway, SERVICES.length, {
    ...process.env,
    ...consoleSettings(peers),
  });
  await Promise.all([...run.services, run.gateway].map((service) => service.waitUntilReady()));
  printSummary(infra, sinks);
}

main().catch(async (error: unknown) => {
  shout(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
