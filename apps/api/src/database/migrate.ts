import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

const MIGRATION_LOCK_KEY = 7_316_001;

/**
 * Runs pending migrations in their own short-lived connection; returns the names applied. Imports no entity on
 * purpose: the test set-up runs it outside the test sandbox, where loading the GraphQL models would register
 * them twice.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    extra: { max: 3 },
  });
  await dataSource.initialize();
  // Replicas starting together take turns: the first migrates, the others then find nothing pending.
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
