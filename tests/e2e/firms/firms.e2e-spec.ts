import Decimal from 'decimal.js';
import { IDS, loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, errorCode, GraphqlResponse, startTestApp, TestApp } from '../../support/test-app';
import { uniqueSuffix, uniqueUscc } from '../../support/unique';

const FIRM_FIELDS = 'id parkId uscc name industryGroup employees address joinedOn landAreaM2 landAreaMu';
const FIRM = `query ($id: ID!) { firm(id: $id) { ${FIRM_FIELDS} processes { code } scales { year scale } landPlots { id firmId } } }`;
const FIRMS = `query ($first: Int!, $after: String, $filter: FirmFilterInput) {
  firms(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor } nodes { id parkId landPlots { id firmId } }
  }
}`;
const CREATE_FIRM = `mutation ($input: CreateFirmInput!) { createFirm(input: $input) { ${FIRM_FIELDS} processes { code } scales { year scale } } }`;
const UPDATE_FIRM = `mutation ($id: ID!, $input: UpdateFirmInput!) { updateFirm(id: $id, input: $input) { ${FIRM_FIELDS} processes { code } scales { year scale } } }`;
const ADD_PLOT = `mutation ($firmId: ID!, $input: LandPlotInput!) { addLandPlot(firmId: $firmId, input: $input) { id firmId certificateNo areaM2 areaMu tenure lessor } }`;
const UPDATE_PLOT = `mutation ($id: ID!, $input: LandPlotInput!) { updateLandPlot(id: $id, input: $input) { id areaM2 areaMu tenure lessor } }`;
const REMOVE_PLOT = 'mutation ($id: ID!) { removeLandPlot(id: $id) }';
const PARK = 'query ($id: ID!) { park(id: $id) { id name regionCode } }';
const PARKS = '{ parks(first: 100) { totalCount nodes { id } } }';
const RANDOM_ID = '5b0c7a4e-2f7d-4c1e-9a3b-6d2e8f1a0c99';

interface FirmView {
  id: string;
  parkId: string;
  uscc: string;
  name: string;
  employees: number;
  address: string;
  joinedOn: string;
  landAreaM2: string;
  landAreaMu: string;
  processes: { code: string }[];
  scales: { year: number; scale: string }[];
  landPlots: { id: string; firmId: string }[];
}
interface FirmsPage {
  firms: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string }[];
    nodes: { id: string; parkId: string; landPlots: { id: string; firmId: string }[] }[];
  };
}

const newFirmInput = (overrides: Record<string, unknown> = {}) => ({
  uscc: uniqueUscc(),
  name: `杭州测试服饰有限公司${uniqueSuffix()}`,
  industryCode: '18',
  industryGroup: '纺织服装',
  employees: 25,
  address: '临平区某路8号',
  joinedOn: '2025-04-01',
  processCodes: ['CUTTING', 'SEWING'],
  scales: [{ year: 2025, scale: 'BELOW' }],
  ...overrides,
});

/** Everything a failed call answered, without the parts that name the request (so two refusals can be compared). */
const answerOf = (response: GraphqlResponse) => ({
  status: response.status,
  data: response.data ?? null,
  errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })),
});

describe('firms and parks', () => {
  let app: TestApp;
  let tokens: Tokens;

  const firmRow = async (id: string) =>
    (await app.dataSource.query('SELECT * FROM firms WHERE id = $1', [id]))[0] as Record<string, unknown> | undefined;
  const plotRow = async (id: string) =>
    (await app.dataSource.query('SELECT * FROM land_plots WHERE id = $1', [id]))[0] as
      Record<string, unknown> | undefined;
  const countOf = async (table: string) =>
    Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  /** Straight into the table, so tests of reading and land do not hang on createFirm. */
  const insertFirm = async (parkId: string): Promise<string> => {
    const [row] = await app.dataSource.query(
      `INSERT INTO firms (park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       VALUES ($1, $2, $3, '18', '纺织服装', 10, '某路1号', '2024-06-01') RETURNING id`,
      [parkId, uniqueUscc(), `插入测试有限公司${uniqueSuffix()}`],
    );
    return row.id;
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    for (const parkId of [IDS.parkA, IDS.parkA, IDS.parkA, IDS.parkB]) await insertFirm(parkId);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  describe('each role does its jobs', () => {
    it('lets the platform admin create a park and its admin, who then signs in to that park', async () => {
      const park = dataOf(
        await app.gql<{ createPark: { id: string; name: string; regionCode: string } }>(
          'mutation ($input: CreateParkInput!) { createPark(input: $input) { id name regionCode } }',
          { input: { name: '萧山经编园', regionCode: '330109' } },
          tokens.platformAdmin,
        ),
      ).createPark;
      expect(park).toMatchObject({ name: '萧山经编园', regionCode: '330109' });
      expect(await app.dataSource.query('SELECT name, region_code FROM parks WHERE id = $1', [park.id])).toEqual([
        { name: '萧山经编园', region_code: '330109' },
      ]);

      const admin = dataOf(
        await app.gql<{ createParkAdmin: { role: string; parkId: string } }>(
          'mutation ($input: CreateParkAdminInput!) { createParkAdmin(input: $input) { role parkId } }',
          { input: { parkId: park.id, email: 'admin-x@vg.test', password: 'admin-password-1', displayName: 'X' } },
          tokens.platformAdmin,
        ),
      ).createParkAdmin;
      expect(admin).toEqual({ role: 'PARK_ADMIN', parkId: park.id });

      const login = dataOf(
        await app.gql<{ login: { accessToken: string } }>(
          'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
          { input: { email: 'admin-x@vg.test', password: 'admin-password-1' } },
        ),
      );
      const seen = dataOf(
        await app.gql<{ parks: { totalCount: number; nodes: { id: string }[] } }>(PARKS, {}, login.login.accessToken),
      );
      expect(seen.parks).toEqual({ totalCount: 1, nodes: [{ id: park.id }] });
    });

    it('lets the platform admin rename a park', async () => {
      const renamed = dataOf(
        await app.gql<{ updatePark: { name: string } }>(
          'mutation ($id: ID!, $input: UpdateParkInput!) { updatePark(id: $id, input: $input) { name } }',
          { id: IDS.parkB, input: { name: '柯桥纺织产业园' } },
          tokens.platformAdmin,
        ),
      );
      expect(renamed.updatePark.name).toBe('柯桥纺织产业园');
      expect((await app.dataSource.query('SELECT name FROM parks WHERE id = $1', [IDS.parkB]))[0].name).toBe(
        '柯桥纺织产业园',
      );
    });

    it('lets a park admin create a firm in their own park, with processes and scales', async () => {
      const input = newFirmInput({
        scales: [
          { year: 2024, scale: 'BELOW' },
          { year: 2025, scale: 'ABOVE' },
        ],
      });
      const created = dataOf(
        await app.gql<{ createFirm: FirmView }>(CREATE_FIRM, { input }, tokens.parkAdminA),
      ).createFirm;
      expect(created).toMatchObject({
        parkId: IDS.parkA,
        uscc: input.uscc,
        name: input.name,
        joinedOn: '2025-04-01',
        processes: [{ code: 'CUTTING' }, { code: 'SEWING' }],
        scales: [
          { year: 2024, scale: 'BELOW' },
          { year: 2025, scale: 'ABOVE' },
        ],
      });
      expect(await firmRow(created.id)).toMatchObject({ park_id: IDS.parkA, uscc: input.uscc, employees: 25 });
      expect(
        await app.dataSource.query('SELECT year, scale FROM firm_scales WHERE firm_id = $1 ORDER BY year', [
          created.id,
        ]),
      ).toEqual([
        { year: 2024, scale: 'BELOW' },
        { year: 2025, scale: 'ABOVE' },
      ]);
    });

    it('lets the platform admin create a firm in any park it names', async () => {
      const input = newFirmInput({ parkId: IDS.parkB });
      const created = dataOf(
        await app.gql<{ createFirm: FirmView }>(CREATE_FIRM, { input }, tokens.platformAdmin),
      ).createFirm;
      expect(created.parkId).toBe(IDS.parkB);
      expect(await firmRow(created.id)).toMatchObject({ park_id: IDS.parkB });
    });

    it('refuses a park admin creating a firm in another park, as if the park did not exist, writing nothing', async () => {
      const before = await countOf('firms');
      const input = newFirmInput({ parkId: IDS.parkB });
      const response = await app.gql(CREATE_FIRM, { input }, tokens.parkAdminA);
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(await countOf('firms')).toBe(before);
      expect(await app.dataSource.query('SELECT 1 FROM firms WHERE uscc = $1', [input.uscc])).toHaveLength(0);
    });

    it('refuses a second firm with the same USCC as CONFLICT naming uscc', async () => {
      const before = await countOf('firms');
      const response = await app.gql(CREATE_FIRM, { input: newFirmInput({ uscc: USCC.firmA2 }) }, tokens.parkAdminA);
      expect(response.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'uscc' });
      expect(await countOf('firms')).toBe(before);
    });

    it('lets a park admin update a firm of their park, scales included', async () => {
      const updated = dataOf(
        await app.gql<{ updateFirm: FirmView }>(
          UPDATE_FIRM,
          {
            id: IDS.firmA2,
            input: { name: '杭州乙制衣股份有限公司', industryGroup: '服装', scales: [{ year: 2025, scale: 'ABOVE' }] },
          },
          tokens.parkAdminA,
        ),
      ).updateFirm;
      expect(updated).toMatchObject({
        name: '杭州乙制衣股份有限公司',
        industryGroup: '服装',
        scales: [{ year: 2025, scale: 'ABOVE' }],
      });
      expect(await firmRow(IDS.firmA2)).toMatchObject({ name: '杭州乙制衣股份有限公司', industry_group: '服装' });
    });

    it('lets a park admin add, change and remove a land plot of a firm in their park', async () => {
      const certificateNo = `A-${uniqueSuffix()}`;
      const added = dataOf(
        await app.gql<{ addLandPlot: { id: string; firmId: string; lessor: string | null } }>(
          ADD_PLOT,
          {
            firmId: IDS.firmA2,
            input: { certificateNo, areaM2: '500.50', tenure: 'LEASED', lessor: '某村股份经济合作社' },
          },
          tokens.parkAdminA,
        ),
      ).addLandPlot;
      expect(added).toMatchObject({ firmId: IDS.firmA2, lessor: '某村股份经济合作社' });
      expect(await plotRow(added.id)).toMatchObject({ firm_id: IDS.firmA2, park_id: IDS.parkA, area_m2: '500.50' });

      const changed = dataOf(
        await app.gql<{ updateLandPlot: { areaM2: string; tenure: string; lessor: string | null } }>(
          UPDATE_PLOT,
          { id: added.id, input: { certificateNo, areaM2: '600.25', tenure: 'OWNED', lessor: null } },
          tokens.parkAdminA,
        ),
      ).updateLandPlot;
      expect(changed).toEqual({ id: added.id, areaM2: '600.25', areaMu: '0.9004', tenure: 'OWNED', lessor: null });
      expect(await plotRow(added.id)).toMatchObject({ area_m2: '600.25', tenure: 'OWNED', lessor: null });

      const removed = dataOf(
        await app.gql<{ removeLandPlot: string }>(REMOVE_PLOT, { id: added.id }, tokens.parkAdminA),
      );
      expect(removed.removeLandPlot).toBe(added.id);
      expect(await plotRow(added.id)).toBeUndefined();
    });

    it('lets an owner change employees, address and processes of their own firm', async () => {
      const updated = dataOf(
        await app.gql<{ updateFirm: FirmView }>(
          UPDATE_FIRM,
          { id: IDS.firmA1, input: { employees: 55, address: '临平区新路9号', processCodes: ['SEWING', 'QC'] } },
          tokens.ownerA1,
        ),
      ).updateFirm;
      expect(updated).toMatchObject({
        employees: 55,
        address: '临平区新路9号',
        processes: [{ code: 'QC' }, { code: 'SEWING' }],
      });
      expect(await firmRow(IDS.firmA1)).toMatchObject({ employees: 55, address: '临平区新路9号' });
      expect(
        await app.dataSource.query('SELECT process_code FROM firm_processes WHERE firm_id = $1 ORDER BY 1', [
          IDS.firmA1,
        ]),
      ).toEqual([{ process_code: 'QC' }, { process_code: 'SEWING' }]);
    });

    it.each([
      ['when the owner renames the firm', { name: '改名有限公司' }, 'name'],
      ['when the owner changes the industry group', { industryGroup: '其他' }, 'industryGroup'],
      ['when the owner changes the join date', { joinedOn: '2020-01-01' }, 'joinedOn'],
      ['when the owner changes the scales', { scales: [{ year: 2025, scale: 'BELOW' }] }, 'scales'],
      ['when the owner sneaks a name in with an allowed field', { employees: 1, name: '改名有限公司' }, 'name'],
    ])(
      'refuses an owner %s (FORBIDDEN naming the field) and leaves the row as it was',
      async (_situation, input, field) => {
        const before = await firmRow(IDS.firmA1);
        const scalesBefore = await app.dataSource.query('SELECT * FROM firm_scales WHERE firm_id = $1', [IDS.firmA1]);
        const response = await app.gql(UPDATE_FIRM, { id: IDS.firmA1, input }, tokens.ownerA1);
        expect(response.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', field });
        expect(await firmRow(IDS.firmA1)).toEqual(before);
        expect(await app.dataSource.query('SELECT * FROM firm_scales WHERE firm_id = $1', [IDS.firmA1])).toEqual(
          scalesBefore,
        );
      },
    );

    it('gives nobody a way to change a USCC: the field does not exist on the update input', async () => {
      const before = await firmRow(IDS.firmA1);
      for (const token of [tokens.ownerA1, tokens.parkAdminA, tokens.platformAdmin]) {
        const response = await app.gql(UPDATE_FIRM, { id: IDS.firmA1, input: { uscc: USCC.firmB1 } }, token);
        expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'uscc' });
      }
      expect(await firmRow(IDS.firmA1)).toEqual(before);
    });

    it('lets an owner read only their own firm', async () => {
      const own = dataOf(await app.gql<{ firm: FirmView }>(FIRM, { id: IDS.firmA1 }, tokens.ownerA1));
      expect(own.firm.id).toBe(IDS.firmA1);
      const list = dataOf(await app.gql<FirmsPage>(FIRMS, { first: 100 }, tokens.ownerA1));
      expect(list.firms.totalCount).toBe(1);
      expect(list.firms.nodes.map((node) => node.id)).toEqual([IDS.firmA1]);
    });

    it.each([
      ['firm by id', FIRM, { id: IDS.firmA1 }],
      ['the firm list', FIRMS, { first: 10 }],
    ])('refuses a buyer reading %s as FORBIDDEN, with no data', async (_what, query, variables) => {
      const response = await app.gql(query, variables, tokens.buyer1);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(response.data ?? null).toBeNull();
    });
  });

  describe('another park’s rows cannot be told apart from missing ones', () => {
    it.each([
      ['a park admin asks for a firm of another park', 'parkAdminA', IDS.firmB1],
      ['a park admin of park B asks for a firm of park A', 'parkAdminB', IDS.firmA1],
      ['an owner asks for another firm of the same park', 'ownerA1', IDS.firmA2],
      ['an owner asks for a firm of another park', 'ownerA1', IDS.firmB1],
    ] as const)('answers NOT_FOUND, exactly as for a random id, when %s', async (_situation, caller, id) => {
      const other = await app.gql(FIRM, { id }, tokens[caller]);
      const missing = await app.gql(FIRM, { id: RANDOM_ID }, tokens[caller]);
      expect(errorCode(other)).toBe('NOT_FOUND');
      expect(answerOf(other)).toEqual(answerOf(missing));
    });

    it.each([
      ['a park admin asks for another park', 'parkAdminA', IDS.parkB],
      ['a park admin of park B asks for park A', 'parkAdminB', IDS.parkA],
    ] as const)('answers NOT_FOUND, exactly as for a random id, when %s', async (_situation, caller, id) => {
      const other = await app.gql(PARK, { id }, tokens[caller]);
      const missing = await app.gql(PARK, { id: RANDOM_ID }, tokens[caller]);
      expect(errorCode(other)).toBe('NOT_FOUND');
      expect(answerOf(other)).toEqual(answerOf(missing));
    });

    it('lists only the park admin’s own park', async () => {
      const parks = dataOf(
        await app.gql<{ parks: { totalCount: number; nodes: { id: string }[] } }>(PARKS, {}, tokens.parkAdminA),
      );
      expect(parks.parks).toEqual({ totalCount: 1, nodes: [{ id: IDS.parkA }] });
    });

    it.each([
      ['filtering on the other park', { parkId: IDS.parkB }],
      ['searching for the other park’s firm by USCC', { search: USCC.firmB1 }],
      ['searching for the other park’s firm by name', { search: '绍兴丙' }],
      ['filtering the other park on a process both parks have', { parkId: IDS.parkB, processCode: 'SEWING' }],
    ])('gives a park admin an empty page when %s', async (_situation, filter) => {
      const page = dataOf(await app.gql<FirmsPage>(FIRMS, { first: 100, filter }, tokens.parkAdminA));
      expect(page.firms).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it('finds the same firm by USCC for the platform admin (so the search itself works)', async () => {
      const page = dataOf(
        await app.gql<FirmsPage>(FIRMS, { first: 100, filter: { search: USCC.firmB1 } }, tokens.platformAdmin),
      );
      expect(page.firms.nodes.map((node) => node.id)).toEqual([IDS.firmB1]);
    });

    it('shows a park admin only their park’s firms on a process both parks have', async () => {
      const page = dataOf(
        await app.gql<FirmsPage>(FIRMS, { first: 100, filter: { processCode: 'SEWING' } }, tokens.parkAdminA),
      );
      expect(page.firms.nodes.length).toBeGreaterThan(0);
      for (const node of page.firms.nodes) expect(node).toMatchObject({ parkId: IDS.parkA });
      expect(page.firms.nodes.map((node) => node.id)).not.toContain(IDS.firmB1);
    });

    it('nests under a firm only that firm’s land plots', async () => {
      await app.gql(
        ADD_PLOT,
        { firmId: IDS.firmA2, input: { certificateNo: `N-${uniqueSuffix()}`, areaM2: '10.00', tenure: 'OWNED' } },
        tokens.parkAdminA,
      );
      const firm = dataOf(await app.gql<{ firm: FirmView }>(FIRM, { id: IDS.firmA1 }, tokens.parkAdminA)).firm;
      const expected = await app.dataSource.query('SELECT id FROM land_plots WHERE firm_id = $1 ORDER BY id', [
        IDS.firmA1,
      ]);
      expect(firm.landPlots.map((plot) => plot.id).sort()).toEqual(expected.map((row: { id: string }) => row.id));
      expect(firm.landPlots).not.toHaveLength(0);
      for (const plot of firm.landPlots) expect(plot).toMatchObject({ firmId: IDS.firmA1 });

      const page = dataOf(await app.gql<FirmsPage>(FIRMS, { first: 100 }, tokens.parkAdminA));
      const plotsSeen = page.firms.nodes.flatMap((node) => node.landPlots.map((plot) => ({ owner: node.id, plot })));
      expect(plotsSeen.length).toBeGreaterThan(1);
      for (const { owner, plot } of plotsSeen) expect(plot.firmId).toBe(owner);
      expect(plotsSeen.map(({ plot }) => plot.id)).not.toContain(IDS.plotB1);
    });
  });

  describe('another park’s rows cannot be changed, and the refusal reads as missing', () => {
    const plotInput = { certificateNo: 'B-0001', areaM2: '1.00', tenure: 'OWNED' };

    it.each([
      [
        'updating another park’s firm',
        UPDATE_FIRM,
        { id: IDS.firmB1, input: { employees: 1 } },
        { id: RANDOM_ID, input: { employees: 1 } },
      ],
      [
        'adding a plot to another park’s firm',
        ADD_PLOT,
        { firmId: IDS.firmB1, input: { ...plotInput, certificateNo: 'X-1' } },
        { firmId: RANDOM_ID, input: { ...plotInput, certificateNo: 'X-1' } },
      ],
      [
        'changing another park’s plot',
        UPDATE_PLOT,
        { id: IDS.plotB1, input: plotInput },
        { id: RANDOM_ID, input: plotInput },
      ],
      ['removing another park’s plot', REMOVE_PLOT, { id: IDS.plotB1 }, { id: RANDOM_ID }],
    ])(
      'answers NOT_FOUND to a park admin %s and changes nothing',
      async (_situation, mutation, variables, missingVariables) => {
        const snapshot = () =>
          Promise.all([
            app.dataSource.query('SELECT * FROM firms ORDER BY id'),
            app.dataSource.query('SELECT * FROM land_plots ORDER BY id'),
          ]);
        const before = await snapshot();
        const other = await app.gql(mutation, variables, tokens.parkAdminA);
        const missing = await app.gql(mutation, missingVariables, tokens.parkAdminA);
        expect(errorCode(other)).toBe('NOT_FOUND');
        expect(answerOf(other)).toEqual(answerOf(missing));
        expect(await snapshot()).toEqual(before);
      },
    );

    it('answers NOT_FOUND to an owner updating another firm of the same park, and changes nothing', async () => {
      const before = await firmRow(IDS.firmA2);
      const response = await app.gql(UPDATE_FIRM, { id: IDS.firmA2, input: { employees: 1 } }, tokens.ownerA1);
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(await firmRow(IDS.firmA2)).toEqual(before);
    });
  });

  describe('pagination', () => {
    it.each([
      ['when the page size is 0', 0],
      ['when the page size is negative', -1],
      ['when the page size is 101', 101],
      ['when the page size is 1000', 1000],
    ])('refuses %s as BAD_USER_INPUT naming first', async (_situation, first) => {
      const response = await app.gql(FIRMS, { first }, tokens.platformAdmin);
      expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(response.data ?? null).toBeNull();
    });

    it('refuses a list without a page size', async () => {
      const response = await app.gql('{ firms { totalCount } }', {}, tokens.platformAdmin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/first/);
    });

    it.each([
      ['when the cursor is not one of ours', 'not-a-cursor'],
      ['when the cursor is base64 of something else', Buffer.from('x:whatever').toString('base64url')],
      ['when the cursor is too long', 'a'.repeat(201)],
    ])('refuses a bad cursor %s as BAD_USER_INPUT naming after', async (_situation, after) => {
      const response = await app.gql(FIRMS, { first: 10, after }, tokens.platformAdmin);
      expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it.each([
      ['platformAdmin', 'SELECT id FROM firms ORDER BY id::text'],
      ['parkAdminA', `SELECT id FROM firms WHERE park_id = '${IDS.parkA}' ORDER BY id::text`],
    ] as const)(
      'pages %s through its firms one at a time: each once, in order, totalCount right',
      async (caller, sql) => {
        const expected = (await app.dataSource.query(sql)).map((row: { id: string }) => row.id);
        expect(expected.length).toBeGreaterThan(2);
        const seen: string[] = [];
        let after: string | null = null;
        for (let pageNo = 0; pageNo <= expected.length; pageNo++) {
          const page: FirmsPage = dataOf(await app.gql<FirmsPage>(FIRMS, { first: 1, after }, tokens[caller]));
          expect(page.firms.totalCount).toBe(expected.length);
          seen.push(...page.firms.nodes.map((node) => node.id));
          if (!page.firms.pageInfo.hasNextPage) break;
          after = page.firms.pageInfo.endCursor;
          expect(page.firms.edges.at(-1)?.cursor).toBe(after);
        }
        expect(seen).toEqual(expected);
      },
    );

    it('pages in bigger pages the same way', async () => {
      const total = await countOf('firms');
      const first = dataOf(await app.gql<FirmsPage>(FIRMS, { first: 2 }, tokens.platformAdmin)).firms;
      const rest = dataOf(
        await app.gql<FirmsPage>(FIRMS, { first: 100, after: first.pageInfo.endCursor }, tokens.platformAdmin),
      ).firms;
      const ids = [...first.nodes, ...rest.nodes].map((node) => node.id);
      expect(new Set(ids).size).toBe(total);
      expect(ids).toHaveLength(total);
      expect(first.pageInfo.hasNextPage).toBe(total > 2);
      expect(rest.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe('land area in mu (1 mu = 10000/15 m²)', () => {
    const PLOTS_OF = 'query ($id: ID!) { firm(id: $id) { landAreaM2 landAreaMu landPlots { id areaM2 areaMu } } }';
    interface PlotsOf {
      firm: { landAreaM2: string; landAreaMu: string; landPlots: { id: string; areaM2: string; areaMu: string }[] };
    }

    it('derives 20.0000 mu from the seeded 13333.33 m² plot, and 3.0000 from 2000.00', async () => {
      const firmA1 = dataOf(await app.gql<PlotsOf>(PLOTS_OF, { id: IDS.firmA1 }, tokens.parkAdminA)).firm;
      expect(firmA1.landPlots.find((plot) => plot.id === IDS.plotA1)).toEqual({
        id: IDS.plotA1,
        areaM2: '13333.33',
        areaMu: '20.0000',
      });
      const firmB1 = dataOf(await app.gql<PlotsOf>(PLOTS_OF, { id: IDS.firmB1 }, tokens.ownerB1)).firm;
      expect(firmB1).toEqual({
        landAreaM2: '2000.00',
        landAreaMu: '3.0000',
        landPlots: [{ id: IDS.plotB1, areaM2: '2000.00', areaMu: '3.0000' }],
      });
    });

    it.each([
      ['13333.33', '20.0000'],
      ['666.67', '1.0000'],
      ['1', '0.0015'],
      ['0.03', '0.0000'],
      ['0.04', '0.0001'],
      ['100000000', '150000.0000'],
    ])('derives the mu of %s m² as %s (4 decimals, half up)', async (areaM2, mu) => {
      const firmId = await insertFirm(IDS.parkA);
      const added = dataOf(
        await app.gql<{ addLandPlot: { id: string; areaMu: string } }>(
          ADD_PLOT,
          { firmId, input: { certificateNo: `MU-${uniqueSuffix()}`, areaM2, tenure: 'OWNED' } },
          tokens.parkAdminA,
        ),
      ).addLandPlot;
      expect(added.areaMu).toBe(mu);
      const asStored = new Decimal(areaM2).toFixed(2);
      expect(dataOf(await app.gql<PlotsOf>(PLOTS_OF, { id: firmId }, tokens.parkAdminA)).firm).toEqual({
        landAreaM2: asStored,
        landAreaMu: mu,
        landPlots: [{ id: added.id, areaM2: asStored, areaMu: mu }],
      });
      expect(await app.dataSource.query('SELECT area_m2 FROM land_plots WHERE id = $1', [added.id])).toEqual([
        { area_m2: asStored },
      ]);
    });

    it('answers addLandPlot with the area as stored (the column keeps 2 decimals), as a later read does', async () => {
      const firmId = await insertFirm(IDS.parkA);
      const added = dataOf(
        await app.gql<{ addLandPlot: { areaM2: string } }>(
          ADD_PLOT,
          { firmId, input: { certificateNo: `AS-${uniqueSuffix()}`, areaM2: '1', tenure: 'OWNED' } },
          tokens.parkAdminA,
        ),
      ).addLandPlot;
      expect(added.areaM2).toBe('1.00');
    });

    it('sums a firm’s plots in m² before converting, so rounding happens once', async () => {
      const firmId = await insertFirm(IDS.parkA);
      for (const areaM2 of ['0.03', '0.03', '0.03']) {
        dataOf(
          await app.gql(
            ADD_PLOT,
            { firmId, input: { certificateNo: `S-${uniqueSuffix()}`, areaM2, tenure: 'OWNED' } },
            tokens.parkAdminA,
          ),
        );
      }
      const totals = dataOf(await app.gql<PlotsOf>(PLOTS_OF, { id: firmId }, tokens.parkAdminA)).firm;
      expect(totals.landAreaM2).toBe('0.09');
      expect(totals.landAreaMu).toBe('0.0001');
    });
  });
});
