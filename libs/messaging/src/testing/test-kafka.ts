import { randomBytes } from 'node:crypto';
import {
  Kafka,
  logLevel,
  type Consumer,
  type IHeaders,
  type KafkaMessage,
  type Message,
  type Producer,
} from 'kafkajs';
import { type MessagingOptions } from '../messaging.options';

export const TEST_KAFKA_BROKERS = (
  process.env.TEST_KAFKA_BROKERS ??
  process.env.KAFKA_BROKERS ??
  '127.0.0.1:9092'
).split(',');

/** A prefix no other test file uses, so topics and groups never collide. */
export function uniqueTopicPrefix(): string {
  return `test-${randomBytes(4).toString('hex')}.`;
}

/**
 * Fails at once, naming the fix, when no broker answers (instead of kafkajs retrying for a
 * minute). Test files call it first in beforeAll.
 */
export async function assertKafkaAnswers(): Promise<void> {
  const admin = new Kafka({
    clientId: 'messaging-tests-probe',
    brokers: TEST_KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 200 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw new Error(
      `Kafka at ${TEST_KAFKA_BROKERS.join(',')} does not answer (${(error as Error).message}); ` +
        'start it with `npm run infra:up` or set TEST_KAFKA_BROKERS',
    );
  } finally {
    await admin.disconnect();
  }
}

export function testKafka(clientId = 'messaging-tests'): Kafka {
  return new Kafka({
    clientId,
    brokers: TEST_KAFKA_BROKERS,
    logLevel: logLevel.ERROR,
    retry: { retries: 3, initialRetryTime: 100 },
  });
}

/** Messaging settings that make a test run in seconds, not minutes. */
export function testMessagingOptions(
  prefix: string,
  overrides: Partial<MessagingOptions> = {},
): MessagingOptions {
  return {
    serviceName: 'test-service',
    brokers: TEST_KAFKA_BROKERS,
    clientId: `test-service-${prefix.replace(/\W/g, '')}`,
    topicPrefix: prefix,
    topicPartitions: 3,
    kafkaLogLevel: 'error',
    ...overrides,
    consumer: {
      sessionTimeout: 6_000,
      heartbeatInterval: 300,
      rebalanceTimeout: 10_000,
      maxWaitTimeInMs: 50,
      maxAttempts: 3,
      retryBackoff: { initialMs: 20, maxMs: 100, jitter: 0 },
      outageBackoff: { initialMs: 20, maxMs: 200, jitter: 0 },
      ...overrides.consumer,
    },
    outbox: {
      pollIntervalMs: 200,
      errorBackoff: { initialMs: 20, maxMs: 200, jitter: 0 },
      ...overrides.outbox,
    },
  };
}

/** Deletes the topics a test file created (everything under its prefix). */
export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads physical topics from the beginning with a group of its own and keeps every message, for
 * assertions. `waitFor(n)` resolves once n messages arrived.
 */
export class TopicReader {
  readonly messages: ReceivedMessage[] = [];
  private consumer?: Consumer;

  constructor(private readonly topics: string[]) {}

  async start(): Promise<this> {
    this.consumer = testKafka().consumer({
      groupId: `reader-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 6_000,
      heartbeatInterval: 300,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.push(toReceived(topic, partition, message));
      },
    });
    return this;
  }

  async waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedMessage[]> {
    await waitUntil(
      () => this.messages.length >= count,
      timeoutMs,
      () => {
        return `expected ${count} messages on ${this.topics.join(', ')}, got ${this.messages.length}`;
      },
    );
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function toReceived(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = value.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    headers,
  };
}

/** A plain producer, for writing raw (even broken) messages. */
export async function rawProducer(): Promise<
  Producer & { sendRaw(topic: string, messages: Message[]): Promise<void> }
> {
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return Object.assign(producer, {
    async sendRaw(topic: string, messages: Message[]): Promise<void> {
      await producer.send({ topic, acks: -1, messages });
    },
  });
}

export type { IHeaders };

/** Polls `condition` until true; fails with `describe()` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  describe: () => string = () => 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
