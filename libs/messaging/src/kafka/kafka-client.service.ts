import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_TOPICS, deadLetterTopic } from '@relief/contracts';
import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import {
  MESSAGING_OPTIONS,
  physicalTopic,
  type ResolvedMessagingOptions,
} from '../messaging.options';

const LOG_LEVELS = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/**
 * The one place that knows kafkajs: the client, the shared idempotent producer and topic
 * creation. Swapping the Kafka client means changing this file and the consumer server.
 */
@Injectable()
export class KafkaClient {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  private producerConnected = false;
  private topicsEnsured?: Promise<void>;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: LOG_LEVELS[options.kafkaLogLevel],
      logCreator: () => (entry) => this.log(entry),
      retry: { initialRetryTime: 300, retries: 5 },
    });
  }

  /**
   * The shared producer, connected. Idempotent with one request in flight, so the broker keeps
   * the order we send in and drops its own retried duplicates; acks -1 (all in-sync replicas).
   */
  async connectedProducer(): Promise<Producer> {
    if (this.producer && this.producerConnected) return this.producer;
    this.producerConnecting ??= this.connectProducer().finally(() => {
      this.producerConnecting = undefined;
    });
    return this.producerConnecting;
  }

  isProducerConnected(): boolean {
    return this.producerConnected;
  }

  private async connectProducer(): Promise<Producer> {
    if (!this.producer) {
      this.producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Bounded, so a send fails while Kafka is down and the relay backs off and retries the
        // batch itself (rows stay in the outbox). Resending may duplicate, never reorder:
        // consumers deduplicate on the event id.
        retry: { initialRetryTime: 300, retries: 5 },
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer.on(this.producer.events.CONNECT, () => (this.producerConnected = true));
      this.producer.on(this.producer.events.DISCONNECT, () => (this.producerConnected = false));
    }
    await this.producer.connect();
    this.producerConnected = true;
    return this.producer;
  }

  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer(config);
  }

  admin(): Admin {
    return this.kafka.admin();
  }

  /**
   * Creates the platform topics and their dead-letter topics that do not exist yet (the local
   * broker does not auto-create). Once per process; retried on the next call after a failure.
   */
  ensureTopics(): Promise<void> {
    if (!this.options.ensureTopics) return Promise.resolve();
    this.topicsEnsured ??= this.createMissingTopics().catch((error: unknown) => {
      this.topicsEnsured = undefined;
      throw error;
    });
    return this.topicsEnsured;
  }

  private async createMissingTopics(): Promise<void> {
    const wanted = ALL_TOPICS.flatMap((t) => [t, deadLetterTopic(t)]).map((t) =>
      physicalTopic(this.options, t),
    );
    const admin = this.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.topicPartitions,
        })),
      });
      this.logger.log(`created topics ${missing.join(', ')}`);
    } finally {
      await admin.disconnect();
    }
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.producerConnected = false;
    await producer?.disconnect();
  }

  private log({ level, log }: LogEntry): void {
    const { message, ...extra } = log;
    // We bound the idempotent producer's retries on purpose (see connectProducer).
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === KafkaLogLevel.ERROR) this.logger.error(line);
    else if (level === KafkaLogLevel.WARN) this.logger.warn(line);
    else if (level === KafkaLogLevel.INFO) this.logger.log(line);
    else this.logger.debug(line);
  }
}
