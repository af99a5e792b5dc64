import 'reflect-metadata';
import { tracing } from './telemetry/tracing';
import { NestFactory } from '@nestjs/core';
import { apiConnectionUrl, ConfigError, createLogger, loadConfig, metricsRegistry, PinoNestLogger } from '@vg/core';
import http from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { observeDatabasePool } from './metrics/database-pool';

/**
 * `npm run worker`: the libs without GraphQL or routes, taking jobs from the queue (re-plans, imports, schedules).
 * Scale workers apart from api replicas; both need the same DATABASE_URL (a worker never starts an embedded
 * database: that belongs to the one api of a development checkout). Prometheus scrapes it on METRICS_PORT.
 * SIGTERM: running jobs are told to stop and handed back to the queue, which retries them on another worker.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (!config.databaseUrl)
      throw new ConfigError(['DATABASE_URL is required for a worker (the api it serves uses it)']);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  process.env.JOB_WORKERS = 'true';
  const apiUrl = await apiConnectionUrl(config.databaseUrl, config.databaseApiUrl);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { owner: config.databaseUrl, api: apiUrl }, logger, 'worker'),
    {
      logger: new PinoNestLogger(logger),
    },
  );
  observeDatabasePool(app.get(DataSource));
  const metricsPort = Number(process.env.METRICS_PORT ?? 9464);
  const metricsServer = http.createServer((req, res) => {
    if (req.url !== '/metrics') return res.writeHead(404).end();
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => metricsServer.listen(metricsPort, config.host, resolve));
  logger.info({ metricsPort }, 'worker ready: taking jobs');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: handing running jobs back');
    metricsServer.close();
    let exitCode = 0;
    try {
      await app.close();
    } catch (error) {
      exitCode = 1;
      logger.error({ message: (error as Error).message }, 'worker shutdown failed');
    }
    await tracing?.shutdown().catch(() => undefined);
    logger.info({ exitCode }, 'stopped');
    logger.flush?.();
    process.exit(exitCode);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Worker start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
