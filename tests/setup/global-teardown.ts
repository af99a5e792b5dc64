import { RunningDatabase } from '../../libs/core/src/database/embedded-postgres';
import { TEST_ENV, withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __VG_DATABASE__?: RunningDatabase }).__VG_DATABASE__;
  const prefix = process.env[TEST_ENV.runPrefix];
  if (!database || !prefix) return;
  await withAdminClient(database.url, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 || '%'`,
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  await database.stop();
}
