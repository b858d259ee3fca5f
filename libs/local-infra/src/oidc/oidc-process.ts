/**
 * The local OIDC provider as its own process (oidc-provider is ESM-only, so it never runs inside
 * a service or a test process): `tsx oidc-main.ts`, ready once its discovery document answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { sleep } from '../processes';
import { oidcIssuer } from './dev-accounts';

export interface OidcProcessOptions {
  port: number;
  /** Defaults to http://127.0.0.1:<port>. */
  issuer?: string;
  /** Console origins whose /auth/callback the client may redirect to. */
  consoleOrigins: string[];
  /** Defaults to the development key (.local/auth/dev-private.pem). */
  privateKeyFile?: string;
  output?: (chunk: Buffer) => void;
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export class OidcProcess {
  private child?: ChildProcess;
  private stopping = false;
  readonly issuer: string;

  constructor(private readonly options: OidcProcessOptions) {
    this.issuer = options.issuer ?? oidcIssuer(options.port);
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  start(): void {
    const main = join(REPO_ROOT, 'libs', 'local-infra', 'src', 'oidc', 'oidc-main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OIDC_PORT: String(this.options.port),
        OIDC_ISSUER: this.issuer,
        OIDC_CONSOLE_ORIGINS: this.options.consoleOrigins.join(','),
        ...(this.options.privateKeyFile
          ? { OIDC_PRIVATE_KEY_FILE: this.options.privateKeyFile }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => this.options.output?.(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.options.output?.(chunk));
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.options.onUnexpectedExit?.(code, signal);
    });
    this.child = child;
  }

  async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(`the OIDC provider exited (code ${this.child.exitCode})`);
      }
      try {
        const response = await fetch(`${this.issuer}/.well-known/openid-configuration`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`the OIDC provider did not answer at ${this.issuer} within ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
