/**
 * Anything that runs SQL and returns its rows: an `EntityManager` (a transaction's or the pool's), or a pool of a
 * reader's own. Read helpers that may serve both take this.
 */
export interface RowSource {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}
