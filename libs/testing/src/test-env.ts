import { type UsedInfrastructure } from '@relief/local-infra';

/**
 * How global setup hands addresses to test files: jest starts its workers after global setup, so
 * they inherit these variables.
 */
export const TEST_ENV = {
  databaseAdminUrl: 'TEST_DATABASE_ADMIN_URL',
  kafkaBrokers: 'TEST_KAFKA_BROKERS',
  authPublicKeyFile: 'TEST_AUTH_PUBLIC_KEY_FILE',
  authPrivateKeyFile: 'TEST_AUTH_PRIVATE_KEY_FILE',
} as const;

export function requireTestEnv(name: (typeof TEST_ENV)[keyof typeof TEST_ENV]): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this test through jest's "integration" project (its global setup sets it).`,
    );
  }
  return value;
}

/** What global setup uses and started, kept for global teardown (both run in jest's main process). */
export interface StartedTestInfrastructure {
  local?: UsedInfrastructure;
  stopContainers?: () => Promise<void>;
}

const HANDLE = Symbol.for('relief.testing.started-infrastructure');

export function rememberStarted(started: StartedTestInfrastructure): void {
  (globalThis as Record<symbol, unknown>)[HANDLE] = started;
}

export function takeStarted(): StartedTestInfrastructure | undefined {
  const store = globalThis as Record<symbol, unknown>;
  const started = store[HANDLE] as StartedTestInfrastructure | undefined;
  delete store[HANDLE];
  return started;
}
