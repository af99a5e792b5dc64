import { INestApplication } from '@nestjs/common';
import { AppConfig, createLogger, loadConfig } from '@vg/core';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { createTestDatabase } from '../setup/test-database';
import { GraphqlCall, graphqlClient } from './graphql-client';

export { dataOf, errorCode, outcomeCode, type GraphqlResponse } from './graphql-client';

export interface TestApp {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  /**
   * The test's own connection as the tables' owner (past row-level security, as a DBA would be): for arranging and
   * checking rows. The api's pool (subject to the policies) is `apiDataSource`.
   */
  dataSource: DataSource;
  apiDataSource: DataSource;
  gql: GraphqlCall;
  close(): Promise<void>;
}

/** The real application over real HTTP on its own fresh, migrated database. */
export async function startTestApp(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestApp> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', LOAD_DEMO_CLUSTER: 'false', ...env });
  const logger = createLogger(env.LOG_LEVEL ?? process.env.VG_TEST_LOG_LEVEL ?? 'silent');
  return serveTestApp(config, logger, databaseUrl ?? (await createTestDatabase()));
}

/** Starts the app with this config and logger on a loopback port of its own. */
export async function serveTestApp(config: AppConfig, logger: Logger, databaseUrl: string): Promise<TestApp> {
  const app = await createApp(config, databaseUrl, logger);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 4 } })).initialize();
  return {
    app,
    url,
    databaseUrl,
    dataSource,
    apiDataSource: app.get(DataSource),
    gql: graphqlClient(url),
    close: async () => {
      await app.close();
      await dataSource.destroy();
    },
  };
}
