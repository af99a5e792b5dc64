import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import {
  AppConfig,
  ConfigError,
  createLogger,
  loadConfig,
  RunningDatabase,
  RuntimeStatus,
  startDatabase,
} from '@vg/core';
import { Server } from 'node:http';
import { Logger } from 'pino';
import { createApp } from './bootstrap';
import { runMigrations } from './database/migrate';
import { loadDemoClusterIfEmpty } from './demo/demo-loader';

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config: AppConfig;
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
  // From here on the embedded server is ours to stop, also when start-up fails half-way.
  try {
    const applied = await runMigrations(database.url);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    if (config.loadDemoCluster) await loadDemoClusterIfEmpty(database.url, config, logger);

    const app = await createApp(config, database.url, logger);
    await app.listen(config.port, config.host);
    const shutdown = gracefulShutdown(app, database, config, logger);
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
    logger.info(
      { host: config.host, port: config.port, database: database.kind, startupMs: Date.now() - startedAt },
      `GraphQL ready at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/graphql`,
    );
  } catch (error) {
    await database.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * The drain, in order: readiness turns 503 and new connections are refused; requests in flight get up to
 * SHUTDOWN_GRACE_MS to finish (their answers say `Connection: close`); connections still open then are closed;
 * Nest shuts down (running jobs are handed back, subscriptions and Redis closed, the pool ended); finally the
 * embedded PostgreSQL is stopped, by us and last. Exit code 0 when all of it went through.
 */
function gracefulShutdown(app: INestApplication, database: RunningDatabase, config: AppConfig, logger: Logger) {
  let stopping = false;
  return async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const status = app.get(RuntimeStatus);
    const server = app.getHttpServer() as Server;
    status.startDraining();
    logger.info({ signal, inFlight: status.requestsInFlight }, 'draining: refusing new connections');
    // Upgraded (subscription) sockets are closed by Nest below, so nothing waits on this callback.
    server.close();
    server.closeIdleConnections();
    const drained = await status.waitForIdle(config.shutdownGraceMs);
    if (!drained) {
      logger.warn({ inFlight: status.requestsInFlight }, 'grace period over: closing the remaining connections');
    }
    server.closeAllConnections();
    let exitCode = 0;
    try {
      await app.close();
    } catch (error) {
      exitCode = 1;
      logger.error({ message: (error as Error).message }, 'shutdown of the application failed');
    }
    try {
      await database.stop();
    } catch (error) {
      exitCode = 1;
      logger.error({ message: (error as Error).message }, 'stopping the embedded database failed');
    }
    logger.info({ exitCode }, 'stopped');
    logger.flush?.();
    process.exit(exitCode);
  };
}

main().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
