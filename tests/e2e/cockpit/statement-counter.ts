import { currentDatabaseScope } from '@vg/core';
import { SESSION_CHECK_SQL_TAG } from '@vg/identity';
import { DataSource } from 'typeorm';

/**
 * Counts the SQL statements the app's DataSource sends, through TypeORM's logger hook (every query a query runner
 * runs passes `logQuery`, whatever the logging settings). Wrap one request at a time. The session check every
 * signed-in request makes (one statement, whatever the operation) is not counted, nor is what the app does on its
 * own meanwhile (the outbox relay, notification delivery, the job queue: all outside a caller's scope).
 */
export function statementCounter(dataSource: DataSource) {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  let statements: string[] = [];
  logger.logQuery = (query, parameters, queryRunner) => {
    const byCaller = currentDatabaseScope()?.kind === 'caller';
    if (byCaller && !query.startsWith(SESSION_CHECK_SQL_TAG)) statements.push(query);
    return original(query, parameters, queryRunner);
  };
  return {
    async during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      statements = [];
      const result = await work();
      return { result, statements: [...statements] };
    },
    restore(): void {
      logger.logQuery = original;
    },
  };
}
