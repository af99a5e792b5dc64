import { DataSource } from 'typeorm';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { MIGRATIONS } from '../../apps/api/src/database/migrations';
import { createEmptyDatabase, withAdminClient } from '../setup/test-database';

const PARK = '00000000-0000-4000-8000-00000000aa01';
const FIRM = '00000000-0000-4000-8000-00000000aa02';
const BUYER = '00000000-0000-4000-8000-00000000aa03';
const ORDER = '00000000-0000-4000-8000-00000000aa04';
const STAGE = '00000000-0000-4000-8000-00000000aa05';
const DELIVERED = '00000000-0000-4000-8000-00000000aa06';
const ACCEPTED = '00000000-0000-4000-8000-00000000aa07';

/** Runs the migrations before the rename, so the rows below are written as the old schema had them. */
async function migrateUpTo(url: string, last: number): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS.slice(0, last) });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

describe('the proposals migration, on a database with allocations in it', () => {
  let url: string;

  beforeAll(async () => {
    url = await createEmptyDatabase();
    await migrateUpTo(
      url,
      MIGRATIONS.findIndex((migration) => migration.name === 'ProposalsAndPlatformOutput1796312588916'),
    );
    await withAdminClient(url, async (client) => {
      await client.query(
        `INSERT INTO orders (id, buyer_org_id, created_by, product, quantity, earliest_start, due_date, status,
                             idempotency_key, request_hash)
         VALUES ($1, $2, gen_random_uuid(), 'T-shirt', 300, '2026-03-02', '2026-03-31', 'IN_PRODUCTION', 'migration-1',
                 repeat('0', 64))`,
        [ORDER, BUYER],
      );
      await client.query(
        `INSERT INTO allocations (id, order_id, stage_id, stage_seq, park_id, firm_id, listing_id, process_code, units,
                                  unit_price, cost, first_day, last_day, status, explanation, origin, expires_at,
                                  units_done, units_delivered, defect_units, delivered_on)
         VALUES ($1, $3, $4, 1, $5, $6, gen_random_uuid(), 'CUTTING', 300, 2.35, 705.00, '2026-03-02', '2026-03-03',
                 'DELIVERED', '{}', 'QUOTE', now(), 300, 300, 2, '2026-03-31'),
                ($2, $3, $4, 2, $5, $6, gen_random_uuid(), 'SEWING', 300, 12.00, 3600.00, '2026-04-01', '2026-04-02',
                 'ACCEPTED', '{}', 'QUOTE', now(), 120, 0, 0, NULL)`,
        [DELIVERED, ACCEPTED, ORDER, STAGE, PARK, FIRM],
      );
      await client.query(
        `INSERT INTO allocation_days (allocation_id, date, slot_id, units)
         VALUES ($1, '2026-03-02', 1, 150), ($1, '2026-03-03', 2, 150), ($2, '2026-04-01', 3, 300)`,
        [DELIVERED, ACCEPTED],
      );
      await client.query(
        `INSERT INTO progress_reports (allocation_id, park_id, firm_id, date, units_done, defect_units)
         VALUES ($1, $2, $3, '2026-04-01', 120, 0)`,
        [ACCEPTED, PARK, FIRM],
      );
    });
    await runMigrations(url);
  });

  const rows = (sql: string) => withAdminClient(url, async (client) => (await client.query(sql)).rows);

  it('keeps every allocation as a proposal, with its order’s buyer', async () => {
    expect(await rows(`SELECT id, status, buyer_org_id, units_delivered FROM proposals ORDER BY id`)).toEqual([
      { id: DELIVERED, status: 'DELIVERED', buyer_org_id: BUYER, units_delivered: 300 },
      { id: ACCEPTED, status: 'ACCEPTED', buyer_org_id: BUYER, units_delivered: 0 },
    ]);
    expect(await rows(`SELECT to_regclass('allocations') AS old, to_regclass('allocation_days') AS old_days`)).toEqual([
      { old: null, old_days: null },
    ]);
  });

  it('keeps their days and progress reports pointing at them', async () => {
    expect(await rows(`SELECT proposal_id, units FROM proposal_days ORDER BY proposal_id, date`)).toEqual([
      { proposal_id: DELIVERED, units: 150 },
      { proposal_id: DELIVERED, units: 150 },
      { proposal_id: ACCEPTED, units: 300 },
    ]);
    expect(await rows(`SELECT proposal_id, units_done FROM progress_reports`)).toEqual([
      { proposal_id: ACCEPTED, units_done: 120 },
    ]);
  });

  it('writes the platform-output fact of each delivered proposal, and of nothing else', async () => {
    expect(
      await rows(
        `SELECT proposal_id, order_id, stage_id, stage_seq, process_code, firm_id, park_id,
                to_char(month, 'YYYY-MM-DD') AS month, to_char(delivered_on, 'YYYY-MM-DD') AS delivered_on, units,
                unit_price, value
           FROM platform_output_facts`,
      ),
    ).toEqual([
      {
        proposal_id: DELIVERED,
        order_id: ORDER,
        stage_id: STAGE,
        stage_seq: 1,
        process_code: 'CUTTING',
        firm_id: FIRM,
        park_id: PARK,
        month: '2026-03-01',
        delivered_on: '2026-03-31',
        units: 300,
        unit_price: '2.35',
        value: '705.00',
      },
    ]);
  });
});
