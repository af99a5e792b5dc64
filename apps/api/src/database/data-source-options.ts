import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // A burst waits for a free connection rather than failing fast: 500 concurrent bookings must all be answered.
    extra: { max: 20, connectionTimeoutMillis: 30_000, statement_timeout: 60_000 },
    ...overrides,
  } as DataSourceOptions;
}
