/**
 * A PostgreSQL server of the test's own, on a free port, that the database fault tests stop and
 * start again (the broker's counterpart is test/private-kafka.ts). The shared one (5432) is never
 * touched: other runs use it. Its data directory is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { freePortPair } from '@relief/testing';

import {
  privatePostgresNode,
  startPostgresNode,
  stopPostgresNode,
  type OsUser,
  type PostgresNode,
} from '@relief/local-infra';

export class PrivatePostgres {
  private osUser?: OsUser;

  private constructor(
    readonly node: PostgresNode,
    readonly adminUrl: string,
  ) {}

  /** An embedded server under `.local/postgres-<name>/` on a free port, started. */
  static async start(tag: string): Promise<PrivatePostgres> {
    const name = `fault-${tag}-${randomBytes(3).toString('hex')}`;
    const port = await freePortPair();
    const server = new PrivatePostgres(
      privatePostgresNode(name),
      `postgres://postgres@127.0.0.1:${port}/postgres`,
    );
    try {
      await server.startAgain();
    } catch (error) {
      server.remove();
      throw error;
    }
    return server;
  }

  async startAgain(): Promise<void> {
    this.osUser = await startPostgresNode(this.node, this.adminUrl);
  }

  /** `fast`: an orderly restart (sessions are ended); `immediate`: as a crash would. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    if (this.osUser) stopPostgresNode(this.node, this.osUser, mode);
  }

  async destroy(): Promise<void> {
    this.stop('immediate');
    this.remove();
    return Promise.resolve();
  }

  private remove(): void {
    rmSync(this.node.dir, { recursive: true, force: true });
  }
}
