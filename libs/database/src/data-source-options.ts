import { DataSource, type DataSourceOptions } from 'typeorm';

export interface DatabaseOptions {
  url: string;
  /** Entity classes of the service (and of the shared libs it uses, e.g. the outbox). */
  entities: DataSourceOptions['entities'];
  /** Migration classes, oldest first; the schema is only ever changed by these. */
  migrations: DataSourceOptions['migrations'];
  poolSize?: number;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    // Fail fast on a dead server instead of hanging a request; callers see it as transient.
    connectTimeoutMS: 5_000,
    extra: { statement_timeout: 30_000 },
  };
}

/** Any fixed number, the same in every replica of every service: the lock is per database. */
const MIGRATION_LOCK = 73_010_001;

/**
 * Runs pending migrations while holding an advisory lock, so replicas that start together
 * do not race to change the schema.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Opens a data source and brings its schema up to date: what every service does at boot. */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  await runMigrationsLocked(dataSource);
  return dataSource;
}
