// The contracts' event classes carry class-transformer decorators, which need reflect metadata.
import 'reflect-metadata';
import { ALL_TOPICS, deadLetterTopic } from '@relief/contracts';
import { createMissingTopics } from './kafka-admin';

/** Partitions for topics we create: KAFKA_TOPIC_PARTITIONS, default 3 (as the services use). */
export function configuredPartitions(): number {
  const value = Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 3);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `KAFKA_TOPIC_PARTITIONS must be a positive whole number, got "${process.env.KAFKA_TOPIC_PARTITIONS}"`,
    );
  }
  return value;
}

/** Every platform topic and its dead-letter twin, with the deployment's KAFKA_TOPIC_PREFIX. */
export function platformTopicNames(prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string[] {
  return ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopic(topic)]).map(
    (topic) => `${prefix}${topic}`,
  );
}

/** Creates the missing platform topics (auto-creation is off on the local broker). */
export function ensurePlatformTopics(
  brokers: string[],
  partitions = configuredPartitions(),
): Promise<string[]> {
  return createMissingTopics(brokers, platformTopicNames(), partitions);
}
