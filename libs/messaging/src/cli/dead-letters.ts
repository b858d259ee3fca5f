/**
 * Dead letters from a terminal:
 *
 *   npx tsx libs/messaging/src/cli/dead-letters.ts list incident.events [--limit 20]
 *   npx tsx libs/messaging/src/cli/dead-letters.ts replay incident.events.dlq <partition> <offset>
 *
 * Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default empty),
 * KAFKA_CLIENT_ID (default dead-letters-cli), and for a secured broker the services' KAFKA_SSL*
 * and KAFKA_SASL* settings, checked as a service checks them at boot. Prints JSON.
 *
 * It has no database, so a replay from here is in no audit trail: prefer the admin endpoint
 * (POST /admin/dead-letters/replay), which records who replayed what.
 */
import { Logger } from '@nestjs/common';
import { ConfigValidationError, KafkaClientConfig, loadConfig } from '@relief/config';
import { DeadLetterService } from '../dead-letters/dead-letter.service';
import { KafkaClient } from '../kafka/kafka-client.service';
import { describeKafkaError } from '../kafka/kafka-connection';
import { kafkaSecurity } from '../kafka/kafka-security';
import { resolveMessagingOptions } from '../messaging.options';

const USAGE = `usage:
  dead-letters list <topic> [--limit N]            topic: incident.events or incident.events.dlq ...
  dead-letters replay <dlq topic> <partition> <offset>`;

async function main(argv: string[]): Promise<void> {
  const [command, topic, ...rest] = argv;
  if (!topic || (command !== 'list' && command !== 'replay')) throw new UsageError(USAGE);

  Logger.overrideLogger(['error']);
  const config = loadConfig(KafkaClientConfig);
  const clientId = process.env.KAFKA_CLIENT_ID || 'dead-letters-cli';
  const security = kafkaSecurity(config);
  const options = resolveMessagingOptions({
    serviceName: clientId,
    clientId,
    brokers: config.KAFKA_BROKERS,
    security,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    ensureTopics: false,
    kafkaLogLevel: 'error',
  });
  const kafka = new KafkaClient(options);
  const deadLetters = new DeadLetterService(options, kafka);
  try {
    if (command === 'list') {
      const limitAt = rest.indexOf('--limit');
      const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 100;
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit takes a positive whole number');
      print(await deadLetters.list(topic, { limit }));
    } else {
      const [partition, offset] = rest;
      if (!/^\d+$/.test(partition ?? '') || !/^\d+$/.test(offset ?? ''))
        throw new UsageError(USAGE);
      print(await deadLetters.replay(topic, Number(partition), offset));
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A broker refusing an unsecured client only closes the connection: say what may be missing.
    throw new Error(describeKafkaError(error, security), { cause: error });
  } finally {
    await kafka.disconnect();
  }
}

class UsageError extends Error {}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    // 64 and 78: sysexits' EX_USAGE and EX_CONFIG.
    process.exit(
      error instanceof UsageError ? 64 : error instanceof ConfigValidationError ? 78 : 1,
    );
  },
);
