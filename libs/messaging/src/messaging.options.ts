import { type BackoffPolicy } from './retry/backoff';

/** What a service passes to `MessagingModule.forRootAsync`. Only the first four are required. */
export interface MessagingOptions {
  /** Name written as `producer` in every envelope, e.g. `incident-service`. */
  serviceName: string;
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** Kafka client id (KAFKA_CLIENT_ID). */
  clientId: string;
  /** TLS and SASL/SCRAM towards the brokers (default neither: a local, unsecured broker). */
  security?: KafkaSecurity;
  /** Consumer group; defaults to `clientId`. Every replica of a service shares it. */
  groupId?: string;
  /** Prepended to every logical topic name (KAFKA_TOPIC_PREFIX); tests use one per file. */
  topicPrefix?: string;
  /** Partitions of the topics this library creates when they are missing (default 3). */
  topicPartitions?: number;
  /** Create missing platform topics (and their `.dlq`) at start; default true. */
  ensureTopics?: boolean;
  consumer?: ConsumerOptions;
  outbox?: OutboxOptions;
  /** kafkajs log level: 'nothing' | 'error' | 'warn' | 'info' | 'debug'; default 'warn'. */
  kafkaLogLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  /**
   * Event types the outbox does not record in the audit trail (default none). Only for events
   * that have a record of their own and would flood the trail: notification-service's delivery
   * outcomes (`notification.sent`, `notification.failed`), one per message of a fan-out, whose
   * record is the delivery ledger.
   */
  unauditedEventTypes?: string[];
}

/** How clients reach a secured broker; secrets are given as read (not file names). */
export interface KafkaSecurity {
  /** TLS to the brokers. `ca` (PEM) for brokers signed by a private CA; `cert` + `key` for mutual TLS. */
  tls?: { ca?: string; cert?: string; key?: string };
  /** SASL/SCRAM sign-in. */
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

export type KafkaSaslMechanism = 'scram-sha-256' | 'scram-sha-512';

export interface ConsumerOptions {
  /**
   * Partitions processed in parallel by one replica; order holds within a partition, so any
   * value is safe. Defaults to `topicPartitions`. Each needs a database connection while busy.
   */
  partitionsConsumedConcurrently?: number;
  /** Attempts of a failing handler (not counting transient outages) before it is dead-lettered. */
  maxAttempts?: number;
  /** Backoff between attempts of a failing handler. */
  retryBackoff?: BackoffPolicy;
  /** Backoff while waiting out an outage (database, broker): retried until it passes. */
  outageBackoff?: BackoffPolicy;
  /** Read a new group's topics from the start (default true): nothing published is skipped. */
  fromBeginning?: boolean;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  maxWaitTimeInMs?: number;
}

export interface OutboxOptions {
  /** Fallback poll: how long the relay sleeps when no notification wakes it (default 1 s). */
  pollIntervalMs?: number;
  /** Rows published per cycle (default 200). */
  batchSize?: number;
  /** Published rows older than this are deleted (default 7 days). */
  retentionMs?: number;
  /**
   * Processed-event records (the inbox) older than this are deleted (default 30 days). Keep it
   * longer than Kafka keeps messages, so a redelivered event always finds its record.
   */
  inboxRetentionMs?: number;
  /** How often the relay prunes the outbox and the inbox (default 1 hour). */
  pruneIntervalMs?: number;
  /** Backoff while Kafka or the database is unreachable. */
  errorBackoff?: BackoffPolicy;
  /** Start the relay with the application (default true). */
  relayEnabled?: boolean;
}

export type ResolvedMessagingOptions = Required<Omit<MessagingOptions, 'consumer' | 'outbox'>> & {
  consumer: Required<ConsumerOptions>;
  outbox: Required<OutboxOptions>;
};

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function resolveMessagingOptions(options: MessagingOptions): ResolvedMessagingOptions {
  if (!options.serviceName) throw new Error('messaging: serviceName is required');
  if (!options.clientId) throw new Error('messaging: clientId is required');
  if (!options.brokers?.length) throw new Error('messaging: at least one broker is required');
  const topicPartitions = options.topicPartitions ?? 3;
  return {
    serviceName: options.serviceName,
    brokers: options.brokers,
    clientId: options.clientId,
    security: options.security ?? {},
    groupId: options.groupId ?? options.clientId,
    topicPrefix: options.topicPrefix ?? '',
    topicPartitions,
    ensureTopics: options.ensureTopics ?? true,
    kafkaLogLevel: options.kafkaLogLevel ?? 'warn',
    unauditedEventTypes: options.unauditedEventTypes ?? [],
    consumer: {
      partitionsConsumedConcurrently: topicPartitions,
      maxAttempts: 3,
      retryBackoff: { initialMs: 500, maxMs: 10_000 },
      outageBackoff: { initialMs: 500, maxMs: 30_000 },
      fromBeginning: true,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      rebalanceTimeout: 60_000,
      maxWaitTimeInMs: 1_000,
      ...options.consumer,
    },
    outbox: {
      pollIntervalMs: 1_000,
      batchSize: 200,
      retentionMs: 7 * 24 * 3600_000,
      inboxRetentionMs: 30 * 24 * 3600_000,
      pruneIntervalMs: 3600_000,
      errorBackoff: { initialMs: 500, maxMs: 30_000 },
      relayEnabled: true,
      ...options.outbox,
    },
  };
}

/** Physical topic name: the deployment's prefix + the logical name from @relief/contracts. */
export function physicalTopic(options: { topicPrefix: string }, logical: string): string {
  return `${options.topicPrefix}${logical}`;
}

/** Logical name of a physical topic, or undefined when it lacks this deployment's prefix. */
export function logicalTopic(
  options: { topicPrefix: string },
  physical: string,
): string | undefined {
  return physical.startsWith(options.topicPrefix)
    ? physical.slice(options.topicPrefix.length)
    : undefined;
}
