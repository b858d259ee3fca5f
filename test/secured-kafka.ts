/**
 * A broker of the test's own that takes only SASL/SCRAM-SHA-512 clients (see securedKafkaNode),
 * on free ports with its own data directory, removed afterwards. The shared broker on 9092 is
 * never touched.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  nodeBrokers,
  securedKafkaNode,
  startKafkaNode,
  stopKafkaProcess,
  type KafkaNode,
  type ScramUser,
} from '@relief/local-infra';
import { freePortPair } from '@relief/testing';

export class SecuredKafka {
  private pid?: number;

  private constructor(readonly node: KafkaNode) {}

  /** Formats a fresh broker with `users` as its SCRAM accounts and starts it. */
  static async start(tag: string, users: ScramUser[]): Promise<SecuredKafka> {
    const name = `scram-${tag}-${randomBytes(3).toString('hex')}`;
    const kafka = new SecuredKafka(securedKafkaNode(name, await freePortPair(), users));
    try {
      kafka.pid = await startKafkaNode(kafka.node);
    } catch (error) {
      kafka.remove();
      throw error;
    }
    return kafka;
  }

  get brokers(): string {
    return nodeBrokers(this.node);
  }

  /** Stops the broker (SIGTERM, SIGKILL after 30 s) and removes its directory. */
  async destroy(): Promise<void> {
    if (this.pid !== undefined) await stopKafkaProcess(this.node, this.pid);
    this.pid = undefined;
    this.remove();
  }

  private remove(): void {
    rmSync(this.node.dir, { recursive: true, force: true });
  }
}
