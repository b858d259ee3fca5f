/**
 * A Kafka broker of the test's own, on free ports with its own directory under `.local/`,
 * removed afterwards; the shared broker on 9092 is never touched. Plain, or secured: taking only
 * SASL/SCRAM-SHA-512 clients (`users`), over TLS too with `tls` (a private CA made for the run,
 * whose certificate clients must trust: caFile).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPrivateCa,
  nodeBrokers,
  privateKafkaNode,
  securedKafkaNode,
  startKafkaNode,
  stopKafkaProcess,
  type KafkaNode,
  type ScramUser,
} from '@relief/local-infra';
import { freePortPair } from '@relief/testing';

export interface PrivateKafkaOptions {
  /** SCRAM-SHA-512 accounts: the broker then refuses clients without one. */
  users?: ScramUser[];
  /** With `users`: the listener is SASL_SSL, its certificate signed by a CA of the test's own. */
  tls?: boolean;
}

export class PrivateKafka {
  private pid?: number;

  private constructor(readonly node: KafkaNode) {}

  /** A fresh single-node KRaft broker under `.local/kafka-<tag>-<random>/`, started and answering. */
  static async start(tag: string, options: PrivateKafkaOptions = {}): Promise<PrivateKafka> {
    const name = `${tag}-${randomBytes(3).toString('hex')}`;
    const port = await freePortPair();
    const plain = privateKafkaNode(name, port);
    const node = options.users
      ? securedKafkaNode(
          name,
          port,
          options.users,
          options.tls ? createPrivateCa(join(plain.dir, 'tls'), name) : undefined,
        )
      : plain;
    const kafka = new PrivateKafka(node);
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

  /** The PEM file of the CA that signed a TLS broker's certificate. */
  get caFile(): string {
    if (!this.node.tls) throw new Error(`${this.node.dir}: not a TLS broker`);
    return this.node.tls.caFile;
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
