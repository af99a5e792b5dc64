import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig, startDatabase } from '@vg/core';
import { createApp } from './bootstrap';
import { runMigrations } from './database/migrate';
import { loadDemoClusterIfEmpty } from './demo/demo-loader';

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const database = await startDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.embeddedPgDir,
    persistent: true,
    log: (message) => logger.info(message),
  });
  const applied = await runMigrations(database.url);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  if (config.loadDemoCluster) await loadDemoClusterIfEmpty(database.url, config, logger);

  const app = await createApp(config, database.url, logger);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests, then closing the pool');
    try {
      await app.close();
    } finally {
      await database.stop();
      logger.info('stopped');
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.port, '0.0.0.0');
  logger.info(
    { port: config.port, database: database.kind, startupMs: Date.now() - startedAt },
    `GraphQL ready at http://localhost:${config.port}/graphql`,
  );
}

main().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
