/**
 * Helpers for integration tests (*.int-spec.ts). The "integration" jest project's global setup
 * provides real PostgreSQL and Kafka and passes their addresses through TEST_* variables.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import {
  createMissingTopics,
  parseBrokers,
  DEV_AUDIENCE,
  DEV_ISSUER,
  signToken,
  type TokenOptions,
  databaseUrl,
  withClient,
} from '@relief/local-infra';

import { requireTestEnv, TEST_ENV } from './test-env';

export { SERVICES, type ServiceDefinition } from '@relief/local-infra';
export { TEST_ENV } from './test-env';

export function testDatabaseAdminUrl(): string {
  return requireTestEnv(TEST_ENV.databaseAdminUrl);
}

export function testKafkaBrokers(): string[] {
  return parseBrokers(requireTestEnv(TEST_ENV.kafkaBrokers));
}

function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing connections a test may have left open. */
  drop(): Promise<void>;
}

/** A fresh, uniquely named database on the test server (one per test file keeps files independent). */
export async function createTestDatabase(name = 'test'): Promise<TestDatabase> {
  const adminUrl = testDatabaseAdminUrl();
  // PostgreSQL folds unquoted names to lower case and cuts them at 63 bytes.
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 50);
  const database = `${base}_${randomSuffix()}`;
  await withClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`),
  );
  return {
    name: database,
    url: databaseUrl(adminUrl, database),
    drop: async () => {
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
      );
    },
  };
}

/** A KAFKA_TOPIC_PREFIX of its own per test file, so files never see each other's events. */
export function uniqueTopicPrefix(): string {
  return `t-${randomSuffix()}.`;
}

/** Creates `prefix + topic` for each topic (missing ones only); returns the full names. */
export async function createTopics(
  brokers: string | readonly string[],
  prefix: string,
  topics: readonly string[],
  partitions = 3,
): Promise<string[]> {
  const list = typeof brokers === 'string' ? parseBrokers(brokers) : [...brokers];
  const names = topics.map((topic) => `${prefix}${topic}`);
  await createMissingTopics(list, names, partitions);
  return names;
}

/** A token signed with the test key pair; services under test trust it through testAuthEnv(). */
export async function mintTestToken(options: TokenOptions): Promise<string> {
  const privateKey = readFileSync(requireTestEnv(TEST_ENV.authPrivateKeyFile), 'utf8');
  return signToken(options, privateKey);
}

/** Auth settings that make a service under test accept mintTestToken() tokens. */
export function testAuthEnv(): Record<
  'AUTH_PUBLIC_KEY_FILE' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE',
  string
> {
  return {
    AUTH_PUBLIC_KEY_FILE: requireTestEnv(TEST_ENV.authPublicKeyFile),
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
  };
}
export * from './test-service';
export * from './platform';
export * from './recording-sinks';
export * from './polling';
export * from './identities';
export * from './free-ports';
export * from './cap/cap-structure';
export * from './cap/parse-xml';
export * from './browser';
export * from './oidc-sign-in';
