import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

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
    extra: { max: 2 },
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
