/**
 * One service running as its own operating-system process from its production build
 * (`dist/apps/<name>/main.js`). `npm start`, the platform tests and the benchmark all start
 * services through this class, so they run the services exactly the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './paths';
import { sleep } from './processes';
import { serviceEntryFile } from './services';

const HOST = '127.0.0.1';

export interface ServiceProcessOptions {
  name: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Receives every stdout/stderr chunk (a log file, a prefixing printer ...); ignored when absent. */
  output?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Called when the process exits without `stop()`/`kill()` having been asked for. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export function assertEntryFile(name: string): string {
  const entry = serviceEntryFile(name);
  if (!existsSync(entry)) {
    throw new Error(
      `${relative(REPO_ROOT, entry)} does not exist. \`nest build ${name}\` must write it ` +
        `(is apps/${name}/src/main.ts there? with --no-build, build first).`,
    );
  }
  return entry;
}

export class ServiceProcess {
  private child?: ChildProcess;
  private expectingExit = false;

  constructor(readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return `http://${HOST}:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Spawns the process (a second call while it runs is an error: one process per service). */
  start(): void {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid}).`);
    const entry = assertEntryFile(this.name);
    const child = spawn(process.execPath, [entry], {
      cwd: REPO_ROOT,
      env: { ...this.options.env, PORT: String(this.options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.expectingExit = false;
    const { output } = this.options;
    child.stdout.on('data', (chunk: Buffer) => output?.(chunk, 'stdout'));
    child.stderr.on('data', (chunk: Buffer) => output?.(chunk, 'stderr'));
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) this.options.onUnexpectedExit?.(code, signal);
    });
    this.child = child;
  }

  /** Waits until GET /ready answers 200; fails early when the process exits. */
  async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const url = `${this.url}/ready`;
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready.`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
        last = `HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(250);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs / 1000} s (GET ${url}: ${last}).`);
  }

  /**
   * SIGTERM and wait for the graceful shutdown; SIGKILL after `graceMs`. Resolves with how it
   * ended, so a test can assert that the shutdown was clean.
   */
  async stop(graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || !this.running) {
      return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null };
    }
    this.expectingExit = true;
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const [code, signal] = await exited;
    clearTimeout(killer);
    return { code, signal };
  }

  /** kill -9: no shutdown hook runs, as when a machine loses power or the OOM killer strikes. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}
