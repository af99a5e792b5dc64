/**
 * The SQL of the row-level security backstop, as migrations apply it. A migration that creates a table with a
 * `park_id` column applies one of these to it (the spec `tests/e2e/security/row-level-security.e2e-spec.ts` fails
 * for a `park_id` table without a policy). The functions the policies call are created by `RowLevelSecurity`.
 *
 * Each policy reads the scope through `(SELECT …)`, so PostgreSQL evaluates it once per statement (an InitPlan),
 * not once per row, and `park_id = (SELECT …)` can use a park index.
 */

/** Rows of the caller's park; every park for the platform, owners and buyers, and for system work. */
const PARK_REACHED = `((SELECT vg_reaches_every_park()) OR park_id = (SELECT vg_scope_id('vg.park_id')))`;

/** Rows of the caller's own firm for an owner; every firm for administrators and system work. */
const FIRM_REACHED = `((SELECT vg_reaches_every_firm()) OR firm_id = (SELECT vg_scope_id('vg.firm_id')))`;

/** Rows of the caller's own organisation for a buyer; every organisation for everyone else who may see orders. */
const BUYER_REACHED = `((SELECT vg_reaches_every_buyer()) OR buyer_org_id = (SELECT vg_scope_id('vg.buyer_org_id')))`;

const enable = (table: string) => `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`;

/** A table whose every row belongs to one park. */
export function parkPolicy(table: string): string[] {
  return [enable(table), `CREATE POLICY "${table}_park" ON "${table}" USING ${PARK_REACHED}`];
}

/** Reference data a park may extend: rows without a park are shared (readable by all), a park's own are its. */
export function parkOrSharedPolicy(table: string): string[] {
  return [
    enable(table),
    `CREATE POLICY "${table}_park" ON "${table}" USING ${PARK_REACHED}`,
    `CREATE POLICY "${table}_shared" ON "${table}" FOR SELECT USING (park_id IS NULL)`,
  ];
}

/** A firm's private figures: its park's administrators and the firm's own owner, nobody else. */
export function firmPrivatePolicy(table: string): string[] {
  return [
    enable(table),
    `CREATE POLICY "${table}_park_firm" ON "${table}" USING (${PARK_REACHED} AND ${FIRM_REACHED})`,
  ];
}

/**
 * Identity's tables, read before the caller is known (sign-in, refresh, invitations, the token check on every
 * request): the public scope passes; rows without a park (owners, buyers, platform administrators) are identity's
 * own to scope; a park's rows are its administrators'.
 */
export function identityPolicy(table: string): string[] {
  return [
    enable(table),
    `CREATE POLICY "${table}_park" ON "${table}" USING ((SELECT vg_scope()) = 'public' OR park_id IS NULL OR ${PARK_REACHED})`,
  ];
}

/** A buyer organisation's rows (orders): a buyer sees their own organisation's only. */
export function buyerPolicy(table: string): string[] {
  return [enable(table), `CREATE POLICY "${table}_buyer" ON "${table}" USING ${BUYER_REACHED}`];
}
