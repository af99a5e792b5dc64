import { currentDatabaseScope } from './database-scope';
import { Tx } from './unit-of-work';

/**
 * Inside one transaction, runs `work` as `vg_system` (BYPASSRLS): for `COPY … FROM`, which PostgreSQL refuses on a
 * table with row-level security to a role subject to it. Only system-scope code may (inside
 * `runInSystemScope(reason, …)`), so every use is found by grepping for both. The role lasts until `work` ends (or
 * the transaction does); the caller answers for what it writes.
 */
export async function asSystemRole<T>(tx: Pick<Tx, 'manager'>, work: () => Promise<T>): Promise<T> {
  if (currentDatabaseScope()?.kind !== 'system') {
    throw new Error('vg_system is assumed only inside runInSystemScope(reason, …)');
  }
  await tx.manager.query('SET LOCAL ROLE vg_system');
  try {
    return await work();
  } finally {
    // Fails only in a transaction already aborted, whose rollback ends the role anyway.
    await tx.manager.query('RESET ROLE').catch(() => undefined);
  }
}
