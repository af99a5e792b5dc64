import { asSystemRole, runInSystemScope, UnitOfWork } from '@vg/core';
import { UserEntity } from '@vg/identity';
import { Client } from 'pg';
import { createTestDatabase, withAdminClient } from '../../setup/test-database';
import { createListing, postOrder } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';

/**
 * How each table with a `park_id` is policed (apps/api/src/database/row-security.ts): `park` (its park's rows),
 * `firm` (a firm's private figures: its park's administrators and its own owner), `shared` (reference data: rows
 * without a park are everyone's), `identity` (read before the caller is known). A new table with a `park_id`
 * belongs here and gets its policy in the migration that creates it.
 */
const POLICY_OF: Record<string, 'park' | 'firm' | 'shared' | 'identity'> = {
  audit_events: 'park',
  capacity_listings: 'park',
  capacity_slots: 'park',
  class_policies: 'park',
  evaluation_adjustments: 'park',
  evaluation_objections: 'park',
  evaluation_results: 'firm',
  evaluation_rounds: 'park',
  evaluation_schemes: 'shared',
  firm_annual_figures: 'firm',
  firm_monthly_output: 'firm',
  firm_processes: 'park',
  firm_scales: 'park',
  firm_certifications: 'park',
  evaluation_computations: 'park',
  webhook_endpoints: 'park',
  firm_year_sheets: 'firm',
  firms: 'park',
  group_members: 'park',
  import_jobs: 'park',
  invitations: 'identity',
  land_plots: 'firm',
  order_participants: 'park',
  platform_output_facts: 'park',
  policy_ledger_entries: 'park',
  processes: 'shared',
  progress_reports: 'park',
  proposals: 'park',
  replan_jobs: 'park',
  users: 'identity',
  virtual_groups: 'park',
};

const POLICY_NAMES: Record<(typeof POLICY_OF)[string], (table: string) => string[]> = {
  park: (table) => [`${table}_park`],
  firm: (table) => [`${table}_park_firm`],
  shared: (table) => [`${table}_park`, `${table}_shared`],
  identity: (table) => [`${table}_park`],
};

const HELPER_OF = {
  park: 'parkPolicy',
  firm: 'firmPrivatePolicy',
  shared: 'parkOrSharedPolicy',
  identity: 'identityPolicy',
};

async function parkTables(query: (sql: string) => Promise<{ table_name: string }[]>): Promise<string[]> {
  const rows = await query(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'park_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('every table with a park_id has its row-level security policy', () => {
  it('on a freshly migrated database', async () => {
    const databaseUrl = await createTestDatabase();
    const problems = await withAdminClient(databaseUrl, async (client) => {
      const found: string[] = [];
      const tables = await parkTables(async (sql) => (await client.query<{ table_name: string }>(sql)).rows);
      expect(tables).toContain('firms');
      for (const table of tables) {
        const kind = POLICY_OF[table];
        const { rows } = await client.query<{ enabled: boolean; policies: string[]; granted: boolean }>(
          `SELECT c.relrowsecurity AS enabled,
                  ARRAY(SELECT policyname::text FROM pg_policies p WHERE p.tablename = c.relname ORDER BY 1) AS policies,
                  has_table_privilege('vg_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE') AS granted
             FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace`,
          [table],
        );
        const [state] = rows;
        if (!kind) {
          found.push(
            `${table} has a park_id and no entry in POLICY_OF (tests/e2e/security/row-level-security.e2e-spec.ts): ` +
              `add "${table}: 'park'" there (or 'firm' for a firm's private figures) and, in the migration that ` +
              `creates it, run the statements of parkPolicy('${table}') (or firmPrivatePolicy) from ` +
              `apps/api/src/database/row-security.ts`,
          );
          continue;
        }
        const expected = POLICY_NAMES[kind](table).sort();
        if (!state.enabled || JSON.stringify(state.policies) !== JSON.stringify(expected)) {
          found.push(
            `${table}: row-level security ${state.enabled ? 'enabled' : 'NOT enabled'} with policies ` +
              `[${state.policies.join(', ')}], expected [${expected.join(', ')}]: in the migration that creates it, ` +
              `run the statements of ${HELPER_OF[kind]}('${table}') from apps/api/src/database/row-security.ts`,
          );
        }
        if (!state.granted) found.push(`${table}: vg_app lacks SELECT, INSERT, UPDATE, DELETE (default privileges)`);
      }
      return found;
    });
    expect(problems).toEqual([]);
  });
});

/**
 * A minimal `COPY … FROM STDIN` for node-postgres (what pg-copy-streams does, for one buffer): the client hands the
 * query its connection and the server's answers.
 */
class CopyFrom {
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    private readonly sql: string,
    private readonly data: string,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: { query(sql: string): void }): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(Buffer.from(this.data));
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.settle.resolve();
  }

  handleError(error: Error): void {
    this.settle.reject(error);
  }
}

describe('row-level security: what a service bug would leak, the database refuses', () => {
  let app: TestApp;
  let tokens: Tokens;
  /** What a query planted in a service returns; reset before each request. */
  let planted: Record<string, unknown[]>;
  let plant: () => Promise<Record<string, unknown[]>>;

  /** Runs each query inside the `me` query's service call (every role may make it), as the caller of `token`. */
  async function plantedAs(token: string, queries: Record<string, string>): Promise<Record<string, unknown[]>> {
    plant = async () => {
      const results: Record<string, unknown[]> = {};
      for (const [label, sql] of Object.entries(queries)) {
        results[label] = await app.apiDataSource
          .query(sql)
          .catch((error: { code?: string }) => [`error ${error.code}`]);
      }
      return results;
    };
    dataOf(await app.gql('{ me { id } }', {}, token));
    return planted;
  }

  const asOwner = async (sql: string) => (await app.dataSource.query(sql)) as unknown[];

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const window = { startDate: '2027-03-01', endDate: '2027-03-31' };
    await createListing(app, tokens.ownerA1, {
      ...window,
      processCode: 'SEWING',
      unitsPerDay: 300,
      unitPrice: '12.00',
    });
    await createListing(app, tokens.ownerB1, {
      ...window,
      processCode: 'SEWING',
      unitsPerDay: 300,
      unitPrice: '11.00',
    });
    for (const [token, key] of [
      [tokens.buyer1, 'rls-order-1'],
      [tokens.buyer2, 'rls-order-2'],
    ] as const) {
      await postOrder(app, token, {
        idempotencyKey: key,
        quantity: 400,
        route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '20.00' }],
        earliestStart: '2027-03-02',
        dueDate: '2027-03-20',
      });
    }
    // The plant: identity's `me` reads the caller through the api's manager; just before, the planted queries run
    // there too, in the request's scope, with no tenant predicate of their own.
    const manager = app.apiDataSource.manager;
    const findOneBy = manager.findOneBy.bind(manager) as (...args: unknown[]) => Promise<unknown>;
    jest.spyOn(manager, 'findOneBy').mockImplementation((async (entity: unknown, where: unknown) => {
      if (entity === UserEntity) planted = await plant();
      return findOneBy(entity, where);
    }) as never);
  });
  afterAll(() => app.close());

  it('the api connects as a role that owns no table, is not a superuser and does not bypass row-level security', async () => {
    const [role] = await app.apiDataSource.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(role).toEqual({ name: 'vg_api', superuser: false, bypass: false, owned: 0 });
  });

  it('an unscoped SELECT planted in a service returns no row of another park to a park administrator', async () => {
    const names = await parkTables((sql) => app.dataSource.query(sql));
    const queries = Object.fromEntries(
      names.map((table) => [table, `SELECT DISTINCT park_id::text AS park FROM "${table}"`]),
    );
    const seen = await plantedAs(tokens.parkAdminA, queries);
    const parksOf = (rows: unknown[]) => rows.map((row) => (row as { park: string | null }).park);

    const leaked = names.filter((table) => parksOf(seen[table]).some((park) => park !== null && park !== IDS.parkA));
    expect(leaked).toEqual([]);
    // The test could fail: park B has rows in these tables, which the owner of the tables sees and the api does not.
    const withParkB: string[] = [];
    for (const table of names) {
      if (parksOf(await asOwner(queries[table])).includes(IDS.parkB)) withParkB.push(table);
    }
    expect(withParkB).toEqual(expect.arrayContaining(['capacity_listings', 'capacity_slots', 'firms', 'land_plots']));
    expect(parksOf(seen.firms)).toEqual([IDS.parkA]);
    expect(parksOf(seen.capacity_slots)).toEqual([IDS.parkA]);

    // The same planted query for a platform administrator reaches every park: the policy keys on the caller.
    const platform = await plantedAs(tokens.platformAdmin, { firms: queries.firms });
    expect(parksOf(platform.firms).sort()).toEqual([IDS.parkA, IDS.parkB].sort());
  });

  it('a write planted for another park is refused by the database and leaves nothing', async () => {
    const result = await plantedAs(tokens.parkAdminA, {
      insert: `INSERT INTO firm_processes (firm_id, park_id, process_code) VALUES ('${IDS.firmB1}', '${IDS.parkB}', 'CUTTING')`,
      update: `UPDATE firms SET name = 'taken over' WHERE id = '${IDS.firmB1}' RETURNING id`,
    });
    expect(result.insert).toEqual(['error 42501']);
    expect(result.update).toEqual([[], 0]);
    expect(
      await asOwner(`SELECT 1 FROM firm_processes WHERE firm_id = '${IDS.firmB1}' AND process_code = 'CUTTING'`),
    ).toEqual([]);
    expect(await asOwner(`SELECT name FROM firms WHERE id = '${IDS.firmB1}'`)).toEqual([
      { name: '绍兴丙纺织有限公司' },
    ]);
  });

  it('an owner reaches only their own firm’s private figures; a buyer only their organisation’s orders', async () => {
    const owner = await plantedAs(tokens.ownerA1, { plots: 'SELECT DISTINCT firm_id::text AS id FROM land_plots' });
    expect(owner.plots).toEqual([{ id: IDS.firmA1 }]);
    expect(await asOwner('SELECT DISTINCT firm_id::text AS id FROM land_plots ORDER BY 1')).toContainEqual({
      id: IDS.firmB1,
    });

    const buyer = await plantedAs(tokens.buyer1, { orders: 'SELECT DISTINCT buyer_org_id::text AS id FROM orders' });
    expect(buyer.orders).toEqual([{ id: IDS.buyerOrg1 }]);
    expect(await asOwner('SELECT DISTINCT buyer_org_id::text AS id FROM orders')).toContainEqual({ id: IDS.buyerOrg2 });
  });

  it('checks that must cross parks still do: a USCC registered in another park is a CONFLICT, not a second firm', async () => {
    const response = await app.gql(
      'mutation ($input: CreateFirmInput!) { createFirm(input: $input) { id } }',
      {
        input: {
          uscc: USCC.firmB1,
          name: '重复登记有限公司',
          industryCode: '18',
          industryGroup: '纺织服装',
          processCodes: ['SEWING'],
        },
      },
      tokens.parkAdminA,
    );
    expect(response.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'uscc' });
    expect(await asOwner(`SELECT park_id::text AS park FROM firms WHERE uscc = '${USCC.firmB1}'`)).toEqual([
      { park: IDS.parkB },
    ]);
  });

  it('code outside every scope sees no row; the system scope sees every park', async () => {
    expect(await app.apiDataSource.query('SELECT park_id FROM firms')).toEqual([]);
    const all = await runInSystemScope('test: every park', () =>
      app.apiDataSource.query('SELECT DISTINCT park_id::text AS park FROM firms ORDER BY 1'),
    );
    expect(all).toEqual([IDS.parkA, IDS.parkB].sort().map((park) => ({ park })));
  });

  it('COPY FROM is refused to the api role and done as vg_system, which only system-scope code may assume', async () => {
    const unitOfWork = app.app.get(UnitOfWork);
    const copy = (tx: { manager: { queryRunner?: unknown } }) => {
      const client = (tx.manager.queryRunner as { databaseConnection: Client }).databaseConnection;
      const copyFrom = new CopyFrom(
        'COPY firm_scales (firm_id, year, park_id, scale) FROM STDIN',
        `${IDS.firmB1}\t2024\t${IDS.parkB}\tBELOW\n`,
      );
      void client.query(copyFrom as never);
      return copyFrom.done;
    };
    await expect(runInSystemScope('test', () => unitOfWork.run(copy))).rejects.toMatchObject({
      message: expect.stringContaining('row-level security'),
    });
    await expect(unitOfWork.run((tx) => asSystemRole(tx, () => copy(tx)))).rejects.toThrow('runInSystemScope');

    await runInSystemScope('test: figures written by COPY', () =>
      unitOfWork.run((tx) => asSystemRole(tx, () => copy(tx))),
    );
    expect(await asOwner(`SELECT scale FROM firm_scales WHERE firm_id = '${IDS.firmB1}' AND year = 2024`)).toEqual([
      { scale: 'BELOW' },
    ]);
    const [{ role }] = await runInSystemScope('test', () =>
      unitOfWork.run((tx) =>
        asSystemRole(tx, async () => undefined).then(() => tx.manager.query('SELECT current_user AS role')),
      ),
    );
    expect(role).toBe('vg_api');
  });
});
