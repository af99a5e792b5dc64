import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/role';

/**
 * Whose rows PostgreSQL's row-level security lets a connection see (the policies are in the migration
 * `RowLevelSecurity`). Every pooled connection is told the scope of the code that checks it out (`scopeSettings`),
 * so a query that forgot its tenant predicate still sees only its caller's park.
 *
 * - `caller`: a signed-in request; the database holds a park administrator to their park, an owner to their firm's
 *   private figures, a buyer to their organisation's orders;
 * - `public`: a request whose caller is not known (yet): sign-in, refresh, invitations and the token check read
 *   identity's tables, nothing else;
 * - `system`: work the platform does on its own behalf (schedulers, recovery at start-up, expiry sweeps), always
 *   entered through `runInSystemScope(reason, …)` so every use can be found with grep;
 * - none: code outside all of these sees no row of a park-scoped table.
 */
export type DatabaseScope =
  { kind: 'system'; reason: string } | { kind: 'public' } | { kind: 'caller'; principal: Principal };

interface ScopeHolder {
  scope: DatabaseScope;
}

const storage = new AsyncLocalStorage<ScopeHolder>();

/** Runs a request: public until `scopeRequestTo` names its caller. */
export function runInRequestScope<T>(work: () => T): T {
  return storage.run({ scope: { kind: 'public' } }, work);
}

/** Runs `work` in the public scope unless a scope is already set (a subscription's token check has no request). */
export function withPublicScopeIfNone<T>(work: () => T): T {
  return storage.getStore() ? work() : runInRequestScope(work);
}

/**
 * The request's caller is known (the guard checked the token): every connection checked out for the rest of the
 * request gets the caller's scope. Outside a request scope this changes nothing, and the database keeps refusing.
 */
export function scopeRequestTo(principal: Principal): void {
  const holder = storage.getStore();
  if (holder && holder.scope.kind !== 'system') holder.scope = { kind: 'caller', principal };
}

/**
 * Work the platform does on its own behalf, past every tenant's policy: the one way into the system scope. The
 * reason says who asked for it (it is kept on the scope for a debugger or a log line).
 */
export function runInSystemScope<T>(reason: string, work: () => Promise<T>): Promise<T> {
  return storage.run({ scope: { kind: 'system', reason } }, work);
}

export function currentDatabaseScope(): DatabaseScope | undefined {
  return storage.getStore()?.scope;
}

/** The values of the settings `vg.scope`, `vg.park_id`, `vg.firm_id`, `vg.buyer_org_id` the policies read. */
export type ScopeSettings = readonly [scope: string, parkId: string, firmId: string, buyerOrgId: string];

const NO_SCOPE: ScopeSettings = ['', '', '', ''];

export function scopeSettings(scope: DatabaseScope | undefined = currentDatabaseScope()): ScopeSettings {
  if (!scope) return NO_SCOPE;
  if (scope.kind === 'system') return ['system', '', '', ''];
  if (scope.kind === 'public') return ['public', '', '', ''];
  const { role, parkId, firmId, buyerOrgId } = scope.principal;
  return [role, parkId ?? '', firmId ?? '', buyerOrgId ?? ''];
}

/** The statement that hands a checked-out connection its scope (session settings, overwritten at each checkout). */
export const SET_SCOPE_SQL =
  "SELECT set_config('vg.scope', $1, false), set_config('vg.park_id', $2, false), " +
  "set_config('vg.firm_id', $3, false), set_config('vg.buyer_org_id', $4, false)";

/**
 * Startup options for a pool that does only system work, outside any request (a per-replica cache every caller
 * shares): its connections are born in the system scope, and `pg_stat_activity` shows why (`application_name`).
 */
export function systemScopeConnection(reason: string): { options: string; application_name: string } {
  return { options: '-c vg.scope=system', application_name: `system scope: ${reason}`.slice(0, 63) };
}
