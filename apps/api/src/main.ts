import 'reflect-metadata';
import { tracing } from './telemetry/tracing';
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
import net from 'node:net';
import { Logger } from 'pino';
import { createApp } from './bootstrap';
import { trackConnections } from './http/connection-drain';
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
    const connections = trackConnections(app.getHttpServer() as Server);
    const shutdown = gracefulShutdown(app, database, connections, config, logger);
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
 * Keeps accepting for `ms` after readiness turned 503 (connections a load balancer sent before it noticed), then lets
 * one whole turn of the event loop (its poll phase) accept what the kernel has queued by then.
 */
const acceptArrivingConnections = (ms: number) =>
  new Promise((resolve) => setTimeout(() => setImmediate(() => setImmediate(resolve)), ms));

/**
 * The drain, in order: readiness turns 503; connections still arriving are accepted for SHUTDOWN_ACCEPT_MS (and
 * answered with `Connection: close`), then the port closes;
 * every open HTTP connection gets up to SHUTDOWN_GRACE_MS to finish its requests (answers say `Connection: close`,
 * so each closes after its answer; idle keep-alive ones at their timeout); whatever is still open then is closed;
 * Nest shuts down (running jobs handed back, subscriptions and Redis closed, the pool ended); finally the embedded
 * PostgreSQL is stopped, by us and last. Exit code 0 when all of it went through.
 */
function gracefulShutdown(
  app: INestApplication,
  database: RunningDatabase,
  connections: ReturnType<typeof trackConnections>,
  config: AppConfig,
  logger: Logger,
) {
  let stopping = false;
  return async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const status = app.get(RuntimeStatus);
    const server = app.getHttpServer() as Server;
    status.startDraining();
    logger.info(
      { signal, inFlight: status.requestsInFlight, connections: connections.open },
      'draining: refusing new connections',
    );
    await acceptArrivingConnections(config.shutdownAcceptMs);
    // Stop listening only. http.Server#close would also close the "idle" connections, and Node counts as idle a
    // connection whose request has not arrived or is not read yet (a busy client, a busy event loop): closing it
    // resets that request. So none is closed early: each answer says `Connection: close`, and a keep-alive
    // connection nobody uses closes at its keep-alive timeout, which the clients were told in every answer.
    net.Server.prototype.close.call(server);
    const closed = await connections.closed(config.shutdownGraceMs);
    if (!closed) {
      logger.warn(
        { inFlight: status.requestsInFlight, connections: connections.open },
        'grace period over: closing the remaining connections',
      );
      server.closeAllConnections();
    }
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
    await tracing?.shutdown().catch(() => undefined);
    logger.info({ exitCode }, 'stopped');
    logger.flush?.();
    process.exit(exitCode);
  };
}

main().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
