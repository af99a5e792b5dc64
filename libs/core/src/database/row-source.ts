/**
 * Anything that runs SQL and returns its rows: an `EntityManager` (a transaction's or the pool's), or a pool of a
 * reader's own. Read helpers that may serve both take this; the caller names the row type.
 */
export interface RowSource {
  query<Rows = unknown[]>(sql: string, params?: unknown[]): Promise<Rows>;
}
