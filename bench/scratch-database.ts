import { INestApplication } from '@nestjs/common';
import { createLogger, loadConfig, startDatabase } from '@vg/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
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

export interface BenchApi {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`, for GraphQL over real HTTP. */
  base: string;
  dataSource: DataSource;
}

/** The real api, production settings, silent, listening on a free loopback port over the given database. */
export async function startBenchApi(databaseUrl: string, env: Record<string, string> = {}): Promise<BenchApi> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    LOAD_DEMO_CLUSTER: 'false',
    JWT_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    LOG_LEVEL: 'silent',
    REDIS_URL: '',
    ...env,
  });
  const app = await createApp(config, databaseUrl, createLogger('silent'));
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1'), dataSource: app.get(DataSource) };
}
