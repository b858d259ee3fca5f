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
import { describeKafkaError, kafkaConnection } from './kafka-connection';

/** A probe's answer is reused this long (readiness checks may come often). */
const PROBE_CACHE_MS = 1_000;
/** A broker that has not answered a metadata request within this is not reachable. */
const PROBE_TIMEOUT_MS = 3_000;

export interface BrokerProbe {
  reachable: boolean;
  error?: string;
}

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
  private probeAdmin?: Admin;
  private probing?: Promise<BrokerProbe>;
  private lastProbe?: { result: BrokerProbe; at: number };

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...kafkaConnection(options.security),
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

  /**
   * Whether a broker answers a metadata request now, for /ready. Neither the producer nor an
   * idle relay notice a broker that went away until they next send, and a service that consumes
   * nothing has no consumer to notice it either. Cached for a second; concurrent calls share one
   * probe.
   */
  async probe(): Promise<BrokerProbe> {
    if (this.lastProbe && Date.now() - this.lastProbe.at < PROBE_CACHE_MS) {
      return this.lastProbe.result;
    }
    this.probing ??= this.probeNow().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probeNow(): Promise<BrokerProbe> {
    let result: BrokerProbe;
    let timer: NodeJS.Timeout | undefined;
    try {
      const admin = (this.probeAdmin ??= this.probeClient().admin());
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      });
      await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
      result = { reachable: true };
    } catch (error) {
      // A fresh admin next time: it reconnects from scratch once the broker is back.
      const admin = this.probeAdmin;
      this.probeAdmin = undefined;
      void admin?.disconnect().catch(() => undefined);
      result = { reachable: false, error: describeKafkaError(error, this.options.security) };
    } finally {
      clearTimeout(timer);
    }
    this.lastProbe = { result, at: Date.now() };
    return result;
  }

  /** No retries (the next readiness check is the retry), no logs (the answer says it all). */
  private probeClient(): Kafka {
    return new Kafka({
      clientId: `${this.options.clientId}-probe`,
      brokers: this.options.brokers,
      ...kafkaConnection(this.options.security),
      logLevel: KafkaLogLevel.NOTHING,
      connectionTimeout: 1_000,
      retry: { retries: 0 },
    });
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
    const admin = this.probeAdmin;
    this.probeAdmin = undefined;
    await admin?.disconnect().catch(() => undefined);
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
