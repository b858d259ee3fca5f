import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { ALL_TOPICS, deadLetterTopic } from '@relief/contracts';
import { type IHeaders, type KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaClient } from '../kafka/kafka-client.service';
import {
  MESSAGING_OPTIONS,
  physicalTopic,
  type ResolvedMessagingOptions,
} from '../messaging.options';
import { DlqHeaders, decodeHeaders, withoutDlqHeaders } from './dead-letter.headers';

export interface DeadLetterEntry {
  /** Physical dead-letter topic. */
  topic: string;
  partition: number;
  offset: string;
  /** When it was dead-lettered (Kafka timestamp). */
  timestamp: string;
  key: string | null;
  /** The original message value (usually the event JSON). */
  value: string | null;
  reason: string | null;
  error: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  /** Every header, decoded to strings. */
  headers: Record<string, string>;
}

export interface ReplayResult {
  /** Physical topic the message was published to again. */
  topic: string;
  eventId: string | null;
}

/** Bad input from an operator (unknown topic, no such dead letter). */
export class DeadLetterNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterNotFoundError';
  }
}

export class UnknownTopicError extends Error {
  constructor(topic: string) {
    super(`${topic} is not a platform topic (${ALL_TOPICS.join(', ')}), with or without .dlq`);
    this.name = 'UnknownTopicError';
  }
}

const READ_TIMEOUT_MS = 20_000;

/**
 * Lists and replays dead letters. Reads with a throwaway consumer group (deleted afterwards) so
 * it never moves a real group's offsets. Kafka is append-only: a replayed dead letter stays in
 * the list; the replayed copy carries `dlq-replayed-from`.
 */
@Injectable()
export class DeadLetterService {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly kafka: KafkaClient,
    // Absent in the terminal tool (no database): its replays are not in any audit trail.
    @Optional() private readonly dataSource?: DataSource,
    @Optional() private readonly audit?: AuditTrail,
  ) {}

  /** `topic` may name the event topic (`incident.events`) or its dead-letter topic. */
  deadLetterTopicOf(topic: string): string {
    const base = topic.endsWith('.dlq') ? topic.slice(0, -'.dlq'.length) : topic;
    if (!(ALL_TOPICS as readonly string[]).includes(base)) throw new UnknownTopicError(topic);
    return physicalTopic(this.options, deadLetterTopic(base));
  }

  /** The oldest `limit` dead letters of a topic, per partition in offset order. */
  async list(topic: string, { limit = 100 }: { limit?: number } = {}): Promise<DeadLetterEntry[]> {
    const dlq = this.deadLetterTopicOf(topic);
    const entries: DeadLetterEntry[] = [];
    await this.read(dlq, undefined, (partition, message) => {
      entries.push(toEntry(dlq, partition, message));
      return entries.length >= limit;
    });
    return entries
      .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)))
      .slice(0, limit);
  }

  /** Publishes the dead letter at (partition, offset) again to its original topic. */
  async replay(topic: string, partition: number, offset: string): Promise<ReplayResult> {
    const dlq = this.deadLetterTopicOf(topic);
    let found: KafkaMessage | undefined;
    await this.read(dlq, { partition, offset }, (p, message) => {
      if (p !== partition || message.offset !== offset) return false;
      found = message;
      return true;
    });
    if (!found)
      throw new DeadLetterNotFoundError(`no dead letter at ${dlq}/${partition}@${offset}`);

    const headers = decodeHeaders(found.headers);
    const target = headers[DlqHeaders.originalTopic];
    const platformTopics = ALL_TOPICS.map((t) => physicalTopic(this.options, t));
    if (!target || !platformTopics.includes(target)) {
      throw new UnknownTopicError(target ?? '(no dlq-original-topic header)');
    }
    const replayHeaders: IHeaders = {
      ...withoutDlqHeaders(found.headers),
      [DlqHeaders.replayedFrom]: `${dlq}:${partition}:${offset}`,
    };
    const producer = await this.kafka.connectedProducer();
    await producer.send({
      topic: target,
      acks: -1,
      messages: [{ key: found.key, value: found.value, headers: replayHeaders }],
    });
    const eventId = headers['event-id'] ?? null;
    // A replay changes what consumers will do: the admin's act belongs in the audit trail.
    // Recorded after the send (Kafka is not in the transaction): a failed send is no replay.
    const { dataSource, audit } = this;
    if (dataSource && audit) {
      await dataSource.transaction((manager) =>
        audit.record(manager, {
          objectType: 'dead-letter',
          objectId: `${dlq}:${partition}:${offset}`,
          action: 'dead-letter.replayed',
          changes: { before: null, after: { topic: target, eventId } },
        }),
      );
    }
    return { topic: target, eventId };
  }

  /**
   * Reads `topic` from the start (or from `seek`) until every partition is read to its end as of
   * now, or `enough` returns true.
   */
  private async read(
    topic: string,
    seek: { partition: number; offset: string } | undefined,
    enough: (partition: number, message: KafkaMessage) => boolean,
  ): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const groupId = `${this.options.groupId}-dead-letter-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({
      groupId,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    try {
      // No dead-letter topic yet (nothing ever failed, or topics are not provisioned): empty.
      if (!(await admin.listTopics()).includes(topic)) return;
      const ends = new Map<number, bigint>(); // partition -> offset of its last message
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high) - 1n);
      }
      if (seek) {
        const end = ends.get(seek.partition);
        if (end === undefined || BigInt(seek.offset) > end) return;
        ends.clear();
        ends.set(seek.partition, BigInt(seek.offset));
      }
      if (ends.size === 0) return;

      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const timeout = setTimeout(finish, READ_TIMEOUT_MS);
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const end = ends.get(partition);
          if (end === undefined) return;
          if (enough(partition, message)) return finish();
          if (BigInt(message.offset) >= end) {
            ends.delete(partition);
            if (ends.size === 0) finish();
          }
        },
      });
      if (seek) consumer.seek({ topic, partition: seek.partition, offset: seek.offset });
      await finished;
      clearTimeout(timeout);
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  }
}

function toEntry(topic: string, partition: number, message: KafkaMessage): DeadLetterEntry {
  const headers = decodeHeaders(message.headers);
  const originalPartition = headers[DlqHeaders.originalPartition];
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    reason: headers[DlqHeaders.reason] ?? null,
    error: headers[DlqHeaders.error] ?? null,
    originalTopic: headers[DlqHeaders.originalTopic] ?? null,
    originalPartition: originalPartition === undefined ? null : Number(originalPartition),
    originalOffset: headers[DlqHeaders.originalOffset] ?? null,
    consumerGroup: headers[DlqHeaders.consumerGroup] ?? null,
    headers,
  };
}
