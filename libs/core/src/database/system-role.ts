import { runInSystemScope } from './database-scope';
import { Tx } from './unit-of-work';

/**
 * Inside one transaction, runs `work` as `vg_system` (BYPASSRLS) and in the system scope: for `COPY … FROM`, which
 * PostgreSQL refuses on a table with row-level security to a role subject to it. The role lasts until `work` ends
 * (or the transaction does); the caller is responsible for having checked what it writes.
 */
export function asSystemRole<T>(tx: Tx, reason: string, work: () => Promise<T>): Promise<T> {
  return runInSystemScope(reason, async () => {
    await tx.manager.query('SET LOCAL ROLE vg_system');
    try {
      return await work();
    } finally {
      // Fails only in a transaction already aborted, whose rollback ends the role anyway.
      await tx.manager.query('RESET ROLE').catch(() => undefined);
    }
  });
}
