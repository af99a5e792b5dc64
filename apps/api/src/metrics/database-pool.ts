import { metrics } from '@vg/core';
import { DataSource } from 'typeorm';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The pool node-postgres keeps under TypeORM's data source, read at each scrape. */
export function observeDatabasePool(dataSource: DataSource): void {
  metrics.observeDatabasePool(() => {
    const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
    return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
  });
}
