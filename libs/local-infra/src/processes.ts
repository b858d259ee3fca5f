import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Signal 0 checks existence without touching the process; EPERM still means "it exists".
 * A zombie (exited, not yet reaped by its parent) counts as gone.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Reads /proc/<pid>/<file>; undefined without /proc (macOS) or when the process just vanished. */
function readProcFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  // Format: "pid (command) state ..."; the command may contain spaces, so look after the last ')'.
  const stat = readProcFile(pid, 'stat');
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/**
 * True when `pid` is alive and its command line contains `marker`. Guards against a stale pid
 * file whose number now belongs to an unrelated process. Without /proc (macOS) we trust the pid.
 */
export function isProcessRunning(pid: number, marker: string): boolean {
  if (!isProcessAlive(pid)) return false;
  const cmdline = readProcFile(pid, 'cmdline');
  return cmdline === undefined || cmdline.includes(marker);
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(200);
  }
  return !isProcessAlive(pid);
}

/** SIGTERM, wait for a clean exit, SIGKILL as a last resort. */
export async function terminateProcess(pid: number, graceMs: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

/** False when the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** A plain TCP connect: tells "nothing listens here" apart from "something listens but misbehaves". */
export function isPortOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last lines of a log file, to put the likely cause right into an error message. */
export function tailFile(file: string, lines = 20): string {
  if (!existsSync(file)) return `(no log file at ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
