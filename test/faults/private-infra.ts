/**
 * A Kafka broker and a PostgreSQL server of the test's own, on free ports, that the broker and
 * database fault tests stop and start again. The shared ones (9092, 5432) are never touched:
 * other runs use them. Their data directories are removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { freePortPair } from '@relief/testing';

import {
  nodeBrokers,
  privateKafkaNode,
  startKafkaNode,
  stopKafkaProcess,
  type KafkaNode,
  privatePostgresNode,
  startPostgresNode,
  stopPostgresNode,
  type OsUser,
  type PostgresNode,
} from '@relief/local-infra';

export class PrivateKafka {
  private pid?: number;

  private constructor(readonly node: KafkaNode) {}

  /** A single-node KRaft broker under `.local/kafka-<name>/`, started and answering. */
  static async start(tag: string): Promise<PrivateKafka> {
    const name = `fault-${tag}-${randomBytes(3).toString('hex')}`;
    const kafka = new PrivateKafka(privateKafkaNode(name, await freePortPair()));
    try {
      await kafka.startAgain();
    } catch (error) {
      kafka.remove();
      throw error;
    }
    return kafka;
  }

  get brokers(): string {
    return nodeBrokers(this.node);
  }

  /** Starts the broker on the same data (topics, offsets and groups survive). */
  async startAgain(): Promise<void> {
    this.pid = await startKafkaNode(this.node);
  }

  /** SIGTERM, as an orderly broker restart does (SIGKILL after 30 s). */
  async stop(): Promise<void> {
    if (this.pid !== undefined) await stopKafkaProcess(this.node, this.pid);
    this.pid = undefined;
  }

  /** Stops it if running and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    this.remove();
  }

  private remove(): void {
    rmSync(this.node.dir, { recursive: true, force: true });
  }
}

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
