import { apiConnectionUrl } from '../../libs/core/src/database/api-role';
import { startDatabase } from '../../libs/core/src/database/embedded-postgres';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { databaseUrl, TEST_ENV, withAdminClient } from './test-database';

/**
 * One PostgreSQL for the run (embedded unless DATABASE_URL is set), one template database migrated once, and a
 * prefix so the teardown drops exactly this run's databases.
 */
export default async function globalSetup(): Promise<void> {
  const database = await startDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: '.data/pg-test',
    persistent: true,
  }).catch((error: Error) => {
    // Another test run holds the shared test cluster: this run gets a throw-away one of its own.
    if (!/in use by PostgreSQL/.test(error.message)) throw error;
    return startDatabase({ persistent: false });
  });
  const prefix = `vg_test_${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_template`;
  await withAdminClient(database.url, (client) => client.query(`CREATE DATABASE "${template}"`));
  await runMigrations(databaseUrl(database.url, template));
  // The api's login role (subject to row-level security) is the server's, made once here rather than by the
  // first test files of both workers at the same time.
  await apiConnectionUrl(databaseUrl(database.url, template));

  process.env[TEST_ENV.serverUrl] = database.url;
  process.env[TEST_ENV.templateDatabase] = template;
  process.env[TEST_ENV.runPrefix] = prefix;
  process.env.NODE_ENV = 'test';
  process.env.JWT_SECRET = 'test-secret-0123456789-0123456789-abcdef';
  // Test-strength argon2: thousands of sign-ins would otherwise spend minutes hashing. Production refuses it.
  process.env.PASSWORD_HASH_PROFILE = 'fast';
  (globalThis as { __VG_DATABASE__?: unknown }).__VG_DATABASE__ = database;
}
