import { createTestDatabase, type TestDatabase } from '@relief/testing';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dataSourceOptions, openDatabase } from './data-source-options';

/** Slow on purpose, and not re-runnable: two pods running it at once would collide. */
class CreatePlaces1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('SELECT pg_sleep(0.3)');
    await runner.query('CREATE TABLE places (id int PRIMARY KEY)');
    await runner.query('INSERT INTO places (id) VALUES (1)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE places');
  }
}

class AddPlaceName1700000000002 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE places ADD COLUMN name text');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE places DROP COLUMN name');
  }
}

// What several replicas of a service do when they start together (Kubernetes, deploy/k8s): each
// opens its database and migrates it at boot.
describe('openDatabase with pods starting at once', () => {
  let database: TestDatabase;
  const opened: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('migration_lock');
  });

  afterAll(async () => {
    await Promise.all(opened.map((d) => d.destroy()));
    await database.drop();
  });

  it('runs each migration once: the advisory lock makes the others wait, then find it done', async () => {
    const options = dataSourceOptions({
      url: database.url,
      entities: [],
      migrations: [CreatePlaces1700000000001, AddPlaceName1700000000002],
      poolSize: 2,
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => openDatabase(options)));
    for (const result of results) if (result.status === 'fulfilled') opened.push(result.value);

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const [first] = opened;
    const ran: { name: string }[] = await first.query(
      'SELECT name FROM schema_migrations ORDER BY id',
    );
    expect(ran.map((r) => r.name)).toEqual([
      'CreatePlaces1700000000001',
      'AddPlaceName1700000000002',
    ]);
    expect(await first.query('SELECT id, name FROM places')).toEqual([{ id: 1, name: null }]);
  });
});
