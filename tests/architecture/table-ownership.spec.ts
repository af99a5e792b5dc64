import { join } from 'node:path';
import {
  foreignReferences,
  Ownership,
  productionSources,
  SharedSqlObject,
  SourceFile,
  tablesByOwner,
} from './table-ownership';

/**
 * Views and functions a lib defines in its migrations for others to read (the cockpit's read models read through
 * these, never through the tables underneath).
 */
const SHARED_SQL_OBJECTS: Record<string, SharedSqlObject> = {
  evaluation_round_is_published: { owner: 'evaluation', readableBy: [] },
  capacity_listings_changed_since: { owner: 'capacity', readableBy: ['matching'] },
  group_firms_changed_since: { owner: 'groups', readableBy: ['matching'] },
};

/** Tables a lib creates in its migrations without an entity (change logs written by triggers). */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  capacity_changes: 'capacity',
  proposal_hold_changes: 'matching',
  group_membership_changes: 'groups',
};

const ROOT = join(__dirname, '..', '..');

function ownershipOf(files: SourceFile[]): Ownership {
  const tables = new Map([...tablesByOwner(files), ...Object.entries(TABLES_WITHOUT_ENTITY)]);
  return { tables, shared: new Map(Object.entries(SHARED_SQL_OBJECTS)) };
}

describe('every lib owns its tables', () => {
  const sources = productionSources(ROOT);

  it('maps every table to the lib whose entity defines it', () => {
    const tables = tablesByOwner(sources);
    expect(tables.size).toBeGreaterThan(30);
    expect(tables.get('orders')).toBe('orders');
    expect(tables.get('firms')).toBe('firms');
    expect(tables.get('capacity_slots')).toBe('capacity');
  });

  it('names no other lib’s table in SQL, and passes no other lib’s entity to the database', () => {
    const found = foreignReferences(sources, ownershipOf(sources)).map(
      (r) => `${r.path}:${r.line} ${r.lib} → ${r.name} (owned by ${r.owner}, ${r.how})`,
    );
    expect(found).toEqual([]);
  });

  describe('fails on a planted foreign read', () => {
    const planted = (path: string, text: string): SourceFile[] => [...sources, { path, text }];

    it.each([
      {
        situation: 'a raw query on another lib’s table',
        text: 'export const sql = `SELECT sum(units) FROM orders o JOIN firms f ON f.id = o.firm_id`;',
        expected: ['orders', 'firms'],
      },
      {
        situation: 'a query-builder join naming another lib’s table',
        text: "export const q = (qb: any) => qb.innerJoin('capacity_slots', 's', 's.id = x.slot_id');",
        expected: ['capacity_slots'],
      },
      {
        situation: 'another lib’s entity handed to the entity manager',
        text: "import { FirmEntity } from '@vg/firms';\nexport const q = (m: any) => m.find(FirmEntity, {});",
        expected: ['FirmEntity'],
      },
      {
        situation: 'a function another lib keeps to itself',
        text: "export const sql = 'SELECT evaluation_round_is_published($1)';",
        expected: ['evaluation_round_is_published'],
      },
    ])('$situation', ({ text, expected }) => {
      const files = planted('libs/output/src/planted.ts', text);
      const found = foreignReferences(files, ownershipOf(files)).filter((r) => r.path === 'libs/output/src/planted.ts');
      expect(found.map((reference) => reference.name)).toEqual(expected);
      for (const reference of found) expect(reference.lib).toBe('output');
    });

    it('but not the lib’s own tables', () => {
      const files = planted(
        'libs/orders/src/planted.ts',
        "export const sql = 'SELECT * FROM orders JOIN order_stages s ON true';",
      );
      expect(
        foreignReferences(files, ownershipOf(files)).filter((r) => r.path === 'libs/orders/src/planted.ts'),
      ).toEqual([]);
    });
  });
});
