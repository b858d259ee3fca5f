/**
 * Production builds of the services (`nest build <name>` → dist/apps/<name>/main.js), shared by
 * `npm start`, the platform tests and the benchmark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR, REPO_ROOT } from './paths';
import { sleep } from './processes';
import { serviceEntryFile } from './services';

export function buildService(name: string): void {
  console.log(`Building ${name} ...`);
  const nest = join(REPO_ROOT, 'node_modules', '.bin', 'nest');
  const result = spawnSync(nest, ['build', name], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`nest build ${name} failed (exit ${result.status ?? result.error?.message}).`);
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Older than any source it is built from (its app, the libs, the configuration files). */
export function isBuildStale(name: string): boolean {
  const entry = serviceEntryFile(name);
  if (!existsSync(entry)) return true;
  const sources = [
    join(REPO_ROOT, 'apps', name),
    join(REPO_ROOT, 'libs'),
    join(REPO_ROOT, 'package-lock.json'),
    join(REPO_ROOT, 'tsconfig.json'),
    join(REPO_ROOT, 'tsconfig.build.json'),
  ];
  const built = statSync(entry).mtimeMs;
  return sources.some((source) => existsSync(source) && newestChange(source) > built);
}

const BUILD_LOCK = join(LOCAL_DIR, 'build.lock');
const BUILD_LOCK_STALE_MS = 10 * 60_000;

/** mkdir is atomic: whoever creates the folder builds; the others wait and then find it fresh. */
function tryLock(): boolean {
  mkdirSync(LOCAL_DIR, { recursive: true });
  try {
    mkdirSync(BUILD_LOCK);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A holder killed mid-build leaves the folder behind: take it over after a while.
    if (Date.now() - statSync(BUILD_LOCK).mtimeMs > BUILD_LOCK_STALE_MS) {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
    return false;
  }
}

/**
 * Builds the services whose build is missing or older than their sources. Parallel callers (two
 * test files, a test and the benchmark) take turns, so nobody starts a half-written main.js.
 */
export async function ensureBuilt(names: readonly string[]): Promise<void> {
  while (!tryLock()) await sleep(500);
  try {
    for (const name of names) if (isBuildStale(name)) buildService(name);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}
