import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { contextFromHeaders, startSpan, traceHeaders } from '@relief/observability';
import { type Message } from 'kafkajs';
import { DataSource, type QueryRunner } from 'typeorm';
import { KafkaClient } from '../kafka/kafka-client.service';
import {
  MESSAGING_OPTIONS,
  physicalTopic,
  type ResolvedMessagingOptions,
} from '../messaging.options';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import { backoffDelay } from '../retry/backoff';
import { sleep } from '../retry/sleep';
import { OutboxListener } from './outbox-listener';

/**
 * Advisory lock (two-int form, apart from the migrations' one-bigint lock) held by the replica
 * that relays. Per database, i.e. per service.
 */
const RELAY_LOCK: [number, number] = [0x52454c46 /* "RELF" */, 1];

export interface PendingRow {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** `more`: rows were left for the next cycle (batch full), so it should follow at once. */
export type RelayOutcome =
  { kind: 'published'; count: number; more: boolean } | { kind: 'idle' | 'locked' };

/**
 * Bytes of event values sent in one cycle. Each event is at most MAX_EVENT_BYTES (256 KiB), and a
 * produce request must stay under the broker's message.max.bytes (1 MiB by default), or the
 * batch would fail on every retry and block the outbox.
 */
const MAX_BATCH_BYTES = 512 * 1024;

/**
 * Publishes committed outbox rows to Kafka in `seq` order, then marks them published.
 *
 * Several replicas run a relay; each cycle happens in one transaction that first takes
 * `pg_try_advisory_xact_lock`, so one replica relays at a time and the others back off.
 * Row locks with SKIP LOCKED alone would let two replicas publish different slices of the
 * backlog concurrently, so a later event of an aggregate could reach Kafka before an earlier one.
 *
 * A crash after the send and before the commit publishes those rows again on the next cycle:
 * delivery is at least once, and consumers deduplicate on the event id. While Kafka or the
 * database is down, rows stay pending and the relay retries with backoff; nothing is dropped.
 *
 * It wakes on the outbox trigger's NOTIFY and, should one be missed, polls every
 * `outbox.pollIntervalMs`.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly listener: OutboxListener;
  private loop?: Promise<void>;
  private abort = new AbortController();
  private woken = false;
  private wakeUp?: () => void;
  private lastPrune = 0;
  private failures = 0;
  private lastFailure?: string;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClient,
  ) {
    this.listener = new OutboxListener(
      dataSource,
      () => this.wake(),
      this.logger,
      options.outbox.errorBackoff,
    );
  }

  onApplicationBootstrap(): void {
    if (this.options.outbox.relayEnabled) this.start();
  }

  isRunning(): boolean {
    return this.loop !== undefined;
  }

  isListening(): boolean {
    return this.listener.isListening();
  }

  /** Cycles that failed in a row (Kafka or the database unreachable); 0 when healthy. */
  consecutiveFailures(): number {
    return this.failures;
  }

  lastError(): string | undefined {
    return this.lastFailure;
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.listener.start();
    this.loop = this.run();
  }

  /**
   * Stops relaying; with `flush`, publishes what is pending once more (MessagingModule does so at
   * shutdown, after the consumer stopped, so events its last handlers appended go out too).
   */
  async stop({ flush = false } = {}): Promise<void> {
    if (this.loop) {
      this.abort.abort();
      this.wake();
      await this.loop;
      this.loop = undefined;
      await this.listener.stop();
    }
    if (flush && this.options.outbox.relayEnabled) {
      await this.flush().catch((error: unknown) =>
        this.logger.warn(`final outbox flush failed, rows stay pending: ${message(error)}`),
      );
    }
  }

  /** Runs a cycle now instead of at the next notification or poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Relays until nothing is pending (or another replica holds the lock); returns the count. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const outcome = await this.relayOnce();
      if (outcome.kind !== 'published') return total;
      total += outcome.count;
      if (!outcome.more) return total;
    }
  }

  /** One cycle: lock, read a batch in order, send it, mark it, commit. */
  async relayOnce(): Promise<RelayOutcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = (await runner.query(
        'SELECT pg_try_advisory_xact_lock($1, $2) AS locked',
        RELAY_LOCK,
      )) as { locked: boolean }[];
      if (!locked) {
        await runner.rollbackTransaction();
        return { kind: 'locked' };
      }
      const selected = (await runner.query(
        `SELECT id, topic, key, envelope::text AS value, headers
           FROM outbox_events WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [this.options.outbox.batchSize],
      )) as PendingRow[];
      const rows = fitBatch(selected);
      if (rows.length === 0) {
        await runner.commitTransaction();
        return { kind: 'idle' };
      }
      const ids = rows.map((row) => row.id);
      try {
        await this.publish(rows);
      } catch (error) {
        await runner.query(
          `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2
            WHERE id = ANY($1::uuid[])`,
          [ids, message(error).slice(0, 2000)],
        );
        await runner.commitTransaction();
        throw error;
      }
      await this.markPublished(runner, ids);
      await runner.commitTransaction();
      for (const row of rows) MessagingMetrics.published.inc({ topic: row.topic });
      const more =
        rows.length < selected.length || selected.length === this.options.outbox.batchSize;
      return { kind: 'published', count: rows.length, more };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Sends a batch in order; messages with the same key go to the same partition. Each message
   * is sent in a PRODUCER span, a child of the span that appended the row (its stored
   * `traceparent`), and carries that span's `traceparent` instead: its consumers' spans are the
   * send's children. A cycle that fails marks the spans failed; the next one sends in new spans.
   */
  protected async publish(rows: PendingRow[]): Promise<void> {
    await this.kafka.ensureTopics();
    const producer = await this.kafka.connectedProducer();
    const byTopic = new Map<string, Message[]>();
    const spans: Span[] = [];
    for (const row of rows) {
      const topic = physicalTopic(this.options, row.topic);
      const parent = contextFromHeaders(row.headers);
      const span = startSpan(
        `send ${topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.operation.name': 'send',
            'messaging.destination.name': topic,
            'messaging.message.id': row.id,
            'messaging.kafka.message.key': row.key,
            'relief.event.type': row.headers['event-type'],
          },
        },
        parent,
      );
      spans.push(span);
      const headers = { ...row.headers, ...traceHeaders(trace.setSpan(parent, span)) };
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: row.key, value: row.value, headers });
      byTopic.set(topic, messages);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      for (const span of spans) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: message(error) });
      }
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  protected async markPublished(runner: QueryRunner, ids: string[]): Promise<void> {
    await runner.query(
      `UPDATE outbox_events SET published_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * Deletes published outbox rows and processed-event records older than their retentions, a
   * slice at a time. Returns the number of outbox rows deleted.
   */
  async prune(): Promise<number> {
    const { retentionMs, inboxRetentionMs } = this.options.outbox;
    const outbox = await this.deleteInSlices(
      `SELECT id FROM outbox_events
        WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)`,
      `DELETE FROM outbox_events WHERE id IN`,
      retentionMs / 1000,
    );
    await this.deleteInSlices(
      `SELECT consumer_group, event_id FROM processed_events
        WHERE processed_at < now() - make_interval(secs => $1)`,
      `DELETE FROM processed_events WHERE (consumer_group, event_id) IN`,
      inboxRetentionMs / 1000,
    );
    return outbox;
  }

  private async deleteInSlices(select: string, deleteIn: string, seconds: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query<[unknown, number]>(
        `${deleteIn} (${select} LIMIT 5000)`,
        [seconds],
      );
      total += deleted;
      if (deleted < 5000) return total;
    }
  }

  private async run(): Promise<void> {
    const { pollIntervalMs, pruneIntervalMs, errorBackoff } = this.options.outbox;
    while (!this.abort.signal.aborted) {
      this.woken = false;
      try {
        // Connecting up front makes a Kafka outage visible in health before there is traffic.
        await this.kafka.connectedProducer();
        const outcome = await this.relayOnce();
        if (this.failures > 0) this.logger.log('outbox relay recovered');
        this.failures = 0;
        this.lastFailure = undefined;
        if (outcome.kind === 'published' && outcome.more) continue;
        if (Date.now() - this.lastPrune >= pruneIntervalMs) {
          this.lastPrune = Date.now();
          const pruned = await this.prune();
          if (pruned > 0) this.logger.log(`pruned ${pruned} published outbox rows`);
        }
      } catch (error) {
        this.failures += 1;
        this.lastFailure = message(error);
        const delay = backoffDelay(this.failures, errorBackoff);
        this.logger.warn(
          `outbox relay cycle failed (${this.lastFailure}); retrying in ${delay} ms`,
        );
        await sleep(delay, this.abort.signal);
        continue;
      }
      await this.waitForWork(pollIntervalMs);
    }
  }

  /** Until a notification, the poll interval or stop, whichever comes first. */
  private waitForWork(ms: number): Promise<void> {
    if (this.woken || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

/** The longest prefix of `rows` within MAX_BATCH_BYTES (at least one row: each one fits). */
export function fitBatch(rows: PendingRow[]): PendingRow[] {
  let bytes = 0;
  const fitting = rows.findIndex((row) => {
    bytes += Buffer.byteLength(row.value);
    return bytes > MAX_BATCH_BYTES;
  });
  return fitting === -1 ? rows : rows.slice(0, Math.max(1, fitting));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
