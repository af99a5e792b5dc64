import { INestApplication } from '@nestjs/common';
import { createLogger, loadConfig } from '@vg/core';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap';
import { createTestDatabase } from '../setup/test-database';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

export interface TestApp {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  dataSource: DataSource;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

/** The real application over real HTTP on its own fresh, migrated database. */
export async function startTestApp(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestApp> {
  const url = databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', LOAD_DEMO_CLUSTER: 'false', ...env });
  const logger = createLogger(env.LOG_LEVEL ?? process.env.VG_TEST_LOG_LEVEL ?? 'silent');
  const app = await createApp(config, url, logger);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url: base,
    databaseUrl: url,
    dataSource: app.get(DataSource),
    async gql(query, variables, token) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphqlResponse;
      return { ...body, status: response.status } as never;
    },
    close: () => app.close(),
  };
}

/** The first error's code, or fails loudly when the call unexpectedly succeeded. */
export function errorCode(response: GraphqlResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

/** Data of a call that must succeed; throws with the errors otherwise, so a test shows why. */
export function dataOf<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL call failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}
