import { usccCheckCharacter } from '@vg/core';
import { IDS, loginAll, seedBase, SeedUser, Tokens, USCC } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';

/**
 * The lists of year sheets: by confirmation, within the caller's reach, and the park's export (every firm of the
 * park, by USCC, with or without figures). Park A: A1 confirmed, A2 figures unconfirmed, A3 no figures at all,
 * A4 confirmed; park B: B1 confirmed.
 */
const withCheck = (first17: string) => first17 + usccCheckCharacter(first17);
const A3 = { id: '00000000-0000-4000-8000-0000000000a3', uscc: withCheck('91330100MA2J00003') };
const A4 = { id: '00000000-0000-4000-8000-0000000000a4', uscc: withCheck('91330100000000004') };
const TAX = { [IDS.firmA1]: '101.5', [IDS.firmA2]: '202', [A4.id]: '404.25', [IDS.firmB1]: '55' };
const CONFIRMED = [IDS.firmA1, A4.id, IDS.firmB1];

const SHEETS = `query ($filter: YearSheetFilterInput) {
  yearSheets(year: 2025, first: 100, filter: $filter) { totalCount nodes { firmId uscc confirmed } }
}`;

interface SheetList {
  totalCount: number;
  nodes: { firmId: string; uscc: string; confirmed: boolean }[];
}

describe('lists of year sheets', () => {
  let app: TestApp;
  let tokens: Tokens;

  const sheets = async (user: SeedUser, filter: Record<string, unknown> = {}): Promise<SheetList> =>
    dataOf(await app.gql<{ yearSheets: SheetList }>(SHEETS, { filter }, tokens[user])).yearSheets;
  const firmIds = (list: SheetList) => list.nodes.map((node) => node.firmId);

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await app.dataSource.query(
      `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       SELECT id, $1, uscc, 'firm ' || uscc, '18', '纺织服装', 20, '临平区', '2024-01-01'
         FROM unnest($2::uuid[], $3::text[]) AS t(id, uscc)`,
      [IDS.parkA, [A3.id, A4.id], [A3.uscc, A4.uscc]],
    );
    const [{ id: enteredBy }] = await app.dataSource.query(`SELECT id FROM users WHERE role = 'PARK_ADMIN' LIMIT 1`);
    await app.dataSource.query(
      `INSERT INTO firm_annual_figures (firm_id, park_id, year, kind, value, source, audit_state, entered_by)
       SELECT t.id, f.park_id, 2025, 'TAX_PAID', t.tax, 'IMPORTED', 'APPROVED', $3
         FROM unnest($1::uuid[], $2::numeric[]) AS t(id, tax) JOIN firms f ON f.id = t.id`,
      [Object.keys(TAX), Object.values(TAX), enteredBy],
    );
    await app.dataSource.query(
      `INSERT INTO firm_year_sheets (firm_id, year, park_id, confirmed_at, confirmed_by)
       SELECT f.id, 2025, f.park_id, now(), $2 FROM firms f WHERE f.id = ANY($1::uuid[])`,
      [CONFIRMED, enteredBy],
    );
  });
  afterAll(() => app.close());

  it('splits a park admin’s sheets into the confirmed and the others, together the whole list', async () => {
    const all = await sheets('parkAdminA');
    const confirmed = await sheets('parkAdminA', { confirmed: true });
    const others = await sheets('parkAdminA', { confirmed: false });

    expect(firmIds(all)).toEqual([IDS.firmA1, IDS.firmA2, A3.id, A4.id]);
    expect(firmIds(confirmed)).toEqual([IDS.firmA1, A4.id]);
    expect(firmIds(others)).toEqual([IDS.firmA2, A3.id]);
    expect(confirmed.totalCount + others.totalCount).toBe(all.totalCount);
    for (const node of confirmed.nodes) expect(node).toMatchObject({ confirmed: true });
    for (const node of others.nodes) expect(node).toMatchObject({ confirmed: false });
  });

  it.each([
    { user: 'platformAdmin' as SeedUser, filter: { confirmed: true }, expected: [IDS.firmA1, A4.id, IDS.firmB1] },
    { user: 'platformAdmin' as SeedUser, filter: { confirmed: true, parkId: IDS.parkB }, expected: [IDS.firmB1] },
    { user: 'platformAdmin' as SeedUser, filter: { confirmed: false, parkId: IDS.parkB }, expected: [] },
    { user: 'parkAdminA' as SeedUser, filter: { confirmed: true, parkId: IDS.parkB }, expected: [] },
    { user: 'parkAdminB' as SeedUser, filter: { confirmed: true }, expected: [IDS.firmB1] },
    { user: 'ownerA1' as SeedUser, filter: { confirmed: true }, expected: [IDS.firmA1] },
    { user: 'ownerA2' as SeedUser, filter: { confirmed: true }, expected: [] },
    { user: 'ownerA2' as SeedUser, filter: { confirmed: false }, expected: [IDS.firmA2] },
  ])('keeps $user to their reach with $filter', async ({ user, filter, expected }) => {
    const list = await sheets(user, filter);
    expect(firmIds(list)).toEqual(expected);
    expect(list.totalCount).toBe(expected.length);
  });

  it('exports every firm of the park by USCC, a firm without figures as an empty line', async () => {
    const file = dataOf(
      await app.gql<{ exportYearSheets: { contentBase64: string; rowCount: number } }>(
        'query { exportYearSheets(year: 2025, format: CSV) { contentBase64 rowCount } }',
        {},
        tokens.parkAdminA,
      ),
    ).exportYearSheets;
    const [header, ...lines] = Buffer.from(file.contentBase64, 'base64')
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .filter(Boolean)
      .map((line) => line.split(','));
    const column = (name: string) => header.findIndex((title) => title.includes(name));
    const row = (uscc: string) => lines.find((line) => line[0] === uscc)!;

    const usccs = [USCC.firmA1, USCC.firmA2, A3.uscc, A4.uscc];
    expect(file.rowCount).toBe(4);
    expect(lines.map((line) => line[0])).toEqual([...usccs].sort());
    expect(row(USCC.firmA1)[column('TAX_PAID')]).toBe('101.5000');
    expect(row(A4.uscc)[column('TAX_PAID')]).toBe('404.2500');
    expect(row(A3.uscc)[column('TAX_PAID')]).toBe('');
    expect(row(A3.uscc)[column('confirmed')]).toBe('');
    expect(row(A4.uscc)[column('confirmed')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(row(USCC.firmA2)[column('confirmed')]).toBe('');
  });
});
