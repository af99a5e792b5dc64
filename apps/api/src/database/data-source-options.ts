import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** How long a statement may run, and how long a caller waits for a pooled (or new) connection. */
export interface DatabaseTimeouts {
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

const DEFAULT_TIMEOUTS: DatabaseTimeouts = { statementTimeoutMs: 60_000, connectTimeoutMs: 30_000 };

export function dataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
  timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS,
): DataSourceOptions {
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
    // A burst waits for a free connection rather than failing fast (500 concurrent bookings must all be answered),
    // but not past the connect timeout: an unreachable database answers SERVICE_UNAVAILABLE, not a hang.
    extra: {
      max: 20,
      connectionTimeoutMillis: timeouts.connectTimeoutMs,
      statement_timeout: timeouts.statementTimeoutMs,
    },
    ...overrides,
  } as DataSourceOptions;
}
