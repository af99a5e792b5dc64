import { startDatabase } from '@vg/core';
import { Client } from 'pg';
import { runMigrations } from '../apps/api/src/database/migrate';

export interface ScratchDatabase {
  /** URL of a freshly migrated database of its own. */
  url: string;
  kind: 'external' | 'embedded-postgres';
  /** Drops the database and stops the server (when it was an embedded one). */
  dispose(): Promise<void>;
}

/**
 * A benchmark's own database: on `DATABASE_URL` when set, otherwise on a throw-away embedded PostgreSQL; migrated
 * with the real migrations.
 */
export async function scratchDatabase(name: string, log: (message: string) => void): Promise<ScratchDatabase> {
  const server = await startDatabase({ databaseUrl: process.env.DATABASE_URL, persistent: false, log });
  const scratch = `vg_bench_${name}_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${scratch}"`);
  const url = new URL(server.url);
  url.pathname = `/${scratch}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    kind: server.kind,
    async dispose() {
      await admin(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`).catch(() => undefined);
      await server.stop();
    },
  };
}
