import { Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';

/** TLS and SASL of a probe, for a secured broker (kafkajs' own form). */
export type KafkaProbeConnection = Pick<KafkaConfig, 'ssl' | 'sasl'>;

export function parseBrokers(brokers: string): string[] {
  return brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

async function withAdmin<T>(
  brokers: string[],
  work: (admin: Admin) => Promise<T>,
  retries = 2,
  connection: KafkaProbeConnection = {},
): Promise<T> {
  const kafka = new Kafka({
    clientId: 'relief-local-infra',
    brokers,
    ...connection,
    // Probes must fail fast; callers decide whether and how long to retry.
    connectionTimeout: 3_000,
    retry: { retries },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The broker is usable once it hands out cluster metadata (`connection`: a secured broker's). */
export async function kafkaAnswers(
  brokers: string[],
  connection?: KafkaProbeConnection,
): Promise<boolean> {
  try {
    await withAdmin(brokers, (admin) => admin.describeCluster(), 2, connection);
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh broker creates its consumer-offsets topic on the first group request; until then every
 * consumer logs "group coordinator is not available". Asking about a group once (with retries)
 * gets that done before anyone relies on the broker.
 */
export async function warmUpGroupCoordinator(
  brokers: string[],
  connection?: KafkaProbeConnection,
): Promise<void> {
  await withAdmin(brokers, (admin) => admin.describeGroups(['relief-warm-up']), 10, connection);
}

/** Creates the topics that do not exist yet; returns the ones it created. Safe to repeat. */
export async function createMissingTopics(
  brokers: string[],
  topics: readonly string[],
  partitions: number,
): Promise<string[]> {
  return withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false, // kafkajs' default wait gives up too early: see waitForLeaders
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
        })),
      });
      await waitForLeaders(admin, missing);
    }
    return missing;
  });
}

/**
 * kafkajs' own wait (`waitForLeaders`) gives up when a busy KRaft broker still answers
 * UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created; this one waits that out too.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const led = metadata.every((t) => t.partitions.every((p) => p.leader >= 0));
      if (metadata.length === topics.length && led) return;
    } catch (error) {
      // kafkajs wraps the broker's answer once its own retries are spent.
      const { type, originalError } = error as { type?: string; originalError?: { type?: string } };
      const code = type ?? originalError?.type;
      if (code !== 'UNKNOWN_TOPIC_OR_PARTITION' && code !== 'LEADER_NOT_AVAILABLE') throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`no leaders for ${topics.join(', ')} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
