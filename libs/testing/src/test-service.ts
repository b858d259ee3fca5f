import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig, type ServiceConfig } from '@relief/config';
import { KafkaEventServer } from '@relief/messaging';
import { configureServiceApp } from '@relief/runtime';
import { Client } from 'pg';
import { createTestDatabase, testAuthEnv, testKafkaBrokers, type TestDatabase } from './index';

export interface TestServiceOptions<C extends ServiceConfig> {
  /** Names the test database and, unless `env` overrides it, the consumer group. */
  name: string;
  configClass: new () => C;
  module: (config: C) => DynamicModule;
  /** The test file's topic prefix (`uniqueTopicPrefix()`), shared by services that must talk. */
  topicPrefix: string;
  /** Settings beyond the database, Kafka and auth ones this helper provides. */
  env?: Record<string, string>;
}

export interface TestService<C extends ServiceConfig> {
  app: NestExpressApplication;
  config: C;
  db: TestDatabase;
  /** A plain connection to the service's database, for asserting stored state. */
  sql: Client;
  close(): Promise<void>;
}

/**
 * A whole service in the test process, as production builds it (ServiceCoreModule, pipes,
 * filters, the Kafka consumer), on a fresh database and the test's topic prefix. Resolves once
 * its consumer has joined its group, so events produced afterwards are seen.
 */
export async function startTestService<C extends ServiceConfig>(
  options: TestServiceOptions<C>,
): Promise<TestService<C>> {
  const db = await createTestDatabase(options.name);
  const config = loadConfig(options.configClass, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    KAFKA_CLIENT_ID: `${options.name}-${options.topicPrefix}`
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-'),
    LOG_LEVEL: 'silent',
    ...testAuthEnv(),
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [options.module(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: process.env.TEST_LOGS ? ['log', 'warn', 'error'] : false,
  });
  configureServiceApp(app, { name: options.name, title: options.name, description: '' });
  await app.init();
  await app.startAllMicroservices();
  const consumer = app.get(KafkaEventServer);
  if (consumer.consumerState() !== 'not-started') await consumer.waitUntilRunning(90_000);
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return {
    app,
    config,
    db,
    sql,
    close: async () => {
      await app.close();
      await sql.end();
      await db.drop();
    },
  };
}
