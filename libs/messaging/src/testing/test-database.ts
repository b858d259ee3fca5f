import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { auditEntities, auditMigrations } from '@relief/audit';
import { DataSource, type MigrationInterface } from 'typeorm';
import { messagingEntities, messagingMigrations } from '../migrations';

/*
 * Local stand-ins for the helpers libs/testing will provide (createTestDatabase,
 * uniqueTopicPrefix, createTopics); to be folded into it once it lands.
 */

export const TEST_DATABASE_ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Initialised, messaging and audit migrations (and the given ones) applied. */
  dataSource: DataSource;
  /** Closes the data source and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, uniquely named database with the messaging schema and the audit trail. */
export async function createTestDatabase(
  extra: { entities?: (new () => object)[]; migrations?: (new () => MigrationInterface)[] } = {},
): Promise<TestDatabase> {
  const name = `relief_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_ADMIN_URL);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    entities: [...messagingEntities, ...auditEntities, ...(extra.entities ?? [])],
    migrations: [...messagingMigrations, ...auditMigrations, ...(extra.migrations ?? [])],
    synchronize: false,
    poolSize: 10,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    name,
    url: url.toString(),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
