import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Environment handed from the global set-up to every test worker. */
export const TEST_ENV = {
  serverUrl: 'VG_TEST_SERVER_URL',
  templateDatabase: 'VG_TEST_TEMPLATE_DB',
  runPrefix: 'VG_TEST_RUN_PREFIX',
} as const;

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: each test file gets its own, in milliseconds. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const template = process.env[TEST_ENV.templateDatabase];
  const prefix = process.env[TEST_ENV.runPrefix];
  if (!serverUrl || !template || !prefix)
    throw new Error('Run tests through jest (its global set-up prepares the database)');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return databaseUrl(serverUrl, name);
}

/** An empty database (no migrations), for the migration tests. */
export async function createEmptyDatabase(): Promise<string> {
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const prefix = process.env[TEST_ENV.runPrefix];
  if (!serverUrl || !prefix) throw new Error('Run tests through jest (its global set-up prepares the database)');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(serverUrl, name);
}
