import { Inject, Injectable, Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isKnownEventType, topicOf } from '@relief/contracts';
import { type Consumer, type EachBatchPayload } from 'kafkajs';
import { DataSource } from 'typeorm';
import { DeadLetterPublisher } from '../dead-letters/dead-letter.publisher';
import { KafkaClient } from '../kafka/kafka-client.service';
import { describeKafkaError } from '../kafka/kafka-connection';
import {
  logicalTopic,
  MESSAGING_OPTIONS,
  physicalTopic,
  type ResolvedMessagingOptions,
} from '../messaging.options';
import { backoffDelay } from '../retry/backoff';
import { sleep } from '../retry/sleep';
import { HANDLE_EVENT_EXTRA } from './handle-event.decorator';
import { EventProcessor } from './event-processor';

/**
 * `not-started`: no consumer (no handlers, or the app never connected this server).
 * `starting` / `restarting`: joining the group. `running`: consuming.
 * `crashed`: kafkajs gave up; we restart it ourselves. `stopped`: closed by the application.
 */
export type ConsumerState =
  'not-started' | 'starting' | 'running' | 'restarting' | 'crashed' | 'stopped';

/**
 * Our Kafka event consumer as a Nest custom transport. Register it in the hybrid app:
 *
 * ```ts
 * app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: true });
 * await app.startAllMicroservices();
 * ```
 * It subscribes to the topics of the event types the app has `@HandleEvent` handlers for, and
 * processes each partition in order (see EventProcessor). An offset is committed only after the
 * message's transaction committed or the message was dead-lettered.
 */
@Injectable()
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('EventConsumer');
  private readonly processor: EventProcessor;
  private consumer?: Consumer;
  private abort = new AbortController();
  private restartTimer?: NodeJS.Timeout;
  private starting?: Promise<void>;
  private state: ConsumerState = 'not-started';
  private lastError?: string;
  private topics: string[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    dataSource: DataSource,
    private readonly kafka: KafkaClient,
    deadLetters: DeadLetterPublisher,
  ) {
    super();
    this.processor = new EventProcessor(options, dataSource, deadLetters, (type) =>
      this.messageHandlers.get(type),
    );
  }

  /** Called by Nest when the microservice starts; consuming starts in the background. */
  listen(callback: (error?: unknown) => void): void {
    try {
      this.topics = this.subscribedTopics();
    } catch (error) {
      callback(error);
      return;
    }
    if (this.topics.length === 0) {
      this.log.log('no event handlers: not consuming');
    } else {
      this.abort = new AbortController();
      this.state = 'starting';
      this.starting = this.startUntilRunning();
    }
    callback();
  }

  /** Stops consuming: the message in flight finishes, retries waiting for an outage give up. */
  async close(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'not-started') return;
    this.state = 'stopped';
    this.abort.abort();
    clearTimeout(this.restartTimer);
    await this.starting;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }

  consumerState(): ConsumerState {
    return this.state;
  }

  /** Healthy when consuming, or when this app consumes nothing. */
  isHealthy(): boolean {
    return this.state === 'running' || this.state === 'not-started';
  }

  lastConsumerError(): string | undefined {
    return this.lastError;
  }

  /** Resolves once the consumer joined its group (tests use it), rejects after `timeoutMs`. */
  async waitUntilRunning(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.state !== 'running') {
      if (Date.now() > deadline)
        throw new Error(`consumer not running after ${timeoutMs} ms (${this.state})`);
      await sleep(50);
    }
  }

  on(): never {
    throw new Error('KafkaEventServer does not support on(); use MessagingHealth');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /** Physical topics of the handled types; refuses patterns that are not catalogued types. */
  private subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!isKnownEventType(pattern)) {
        throw new Error(`@EventPattern('${pattern}') is not an event type of @relief/contracts`);
      }
      if (!handler.extras?.[HANDLE_EVENT_EXTRA]) {
        this.log.warn(
          `the handler of ${pattern} is declared with @EventPattern; use @HandleEvent so its errors reach the consumer intact`,
        );
      }
      topics.add(physicalTopic(this.options, topicOf(pattern)));
    }
    return [...topics];
  }

  private async startUntilRunning(): Promise<void> {
    for (let attempt = 1; !this.abort.signal.aborted; attempt += 1) {
      try {
        await this.startConsumer();
        return;
      } catch (error) {
        this.lastError = describeKafkaError(error, this.options.security);
        const delay = backoffDelay(attempt, this.options.consumer.outageBackoff);
        this.log.warn(`cannot start the consumer (${this.lastError}); retrying in ${delay} ms`);
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await sleep(delay, this.abort.signal);
      }
    }
  }

  private async startConsumer(): Promise<void> {
    const { consumer: settings, groupId } = this.options;
    await this.kafka.ensureTopics();
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: settings.sessionTimeout,
      heartbeatInterval: settings.heartbeatInterval,
      rebalanceTimeout: settings.rebalanceTimeout,
      maxWaitTimeInMs: settings.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.watch(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: settings.fromBeginning });
    await consumer.run({
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      eachBatchAutoResolve: false,
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Tracks the consumer's health; restarts it when kafkajs gives up on it. */
  private watch(consumer: Consumer): void {
    const { GROUP_JOIN, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      if (this.consumer !== consumer || this.state === 'stopped') return;
      this.state = 'running';
      this.lastError = undefined;
    });
    consumer.on(STOP, () => {
      if (this.consumer === consumer && this.state === 'running') this.state = 'restarting';
    });
    consumer.on(CRASH, ({ payload }) => {
      if (this.consumer !== consumer || this.state === 'stopped') return;
      this.lastError = describeKafkaError(payload.error, this.options.security);
      if (payload.restart) {
        this.state = 'restarting';
        return;
      }
      this.state = 'crashed';
      this.log.error(`consumer crashed (${payload.error.message}); restarting it`);
      this.restartTimer = setTimeout(() => {
        this.consumer = undefined;
        void consumer.disconnect().catch(() => undefined);
        this.starting = this.startUntilRunning();
      }, this.options.consumer.outageBackoff.initialMs);
    });
  }

  /**
   * One fetched batch of one partition, in order. Offsets are resolved only for messages that
   * were applied or dead-lettered; kafkajs commits resolved offsets (every second, at the end of
   * the batch, and when the consumer stops).
   */
  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = logicalTopic(this.options, batch.topic) ?? batch.topic;
    const control = { signal: this.abort.signal, heartbeat: () => payload.heartbeat() };
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || this.abort.signal.aborted) return;
      const delivery = { topic, partition: batch.partition, message };
      const outcome = await this.processor.process(delivery, control);
      if (outcome === 'stopped') return;
      payload.resolveOffset(message.offset);
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
    }
  }
}
