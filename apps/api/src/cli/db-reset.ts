import { createLogger, loadConfig, startDatabase } from '@vg/core';
import { Client } from 'pg';
import { runMigrations } from '../database/migrate';
import { loadDemoClusterIfEmpty } from '../demo/demo-loader';

/** Empties the development database, migrates it from scratch and loads the demo cluster. Never in production. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.nodeEnv === 'production') throw new Error('db:reset refuses to run with NODE_ENV=production');
  const logger = createLogger(config.logLevel);
  const database = await startDatabase({ databaseUrl: config.databaseUrl, dataDir: config.embeddedPgDir });
  try {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.end();
    const applied = await runMigrations(database.url);
    logger.info({ migrations: applied.length }, 'database re-created');
    await loadDemoClusterIfEmpty(database.url, { ...config, loadDemoCluster: true }, logger);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
