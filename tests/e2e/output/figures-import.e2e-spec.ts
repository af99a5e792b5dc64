import ExcelJS from 'exceljs';
import { usccCheckCharacter } from '@vg/core';
import { acceptRequest, createListing, postOrder, proposalsOf, PROPOSAL_FIELDS } from '../../support/operations';
import { IDS, loginAll, SEED_PASSWORD, seedBase, Tokens, USCC, USERS } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { AFTER_THE_WORK, setToday } from '../../support/clock';
import {
  confirmRequest,
  countRows,
  csvBase64,
  FIGURE_FIELDS,
  ImportJobView,
  importFile,
  importRequest,
  refusal,
  reportFiguresRequest,
  reviewRequest,
  sheet,
  sheetRequest,
  SheetView,
  xlsxBase64,
} from './output-operations';

const UNREGISTERED_USCC = (() => {
  const first17 = '91330100MA0000001';
  return first17 + usccCheckCharacter(first17);
})();

/** Only the calendar moves (timers, ticks and clocks of the running app stay real). */
const EVERYTHING_BUT_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

async function signIn(app: TestApp, email: string): Promise<string> {
  const response = await app.gql<{ login: { accessToken: string } }>(
    'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email, password: SEED_PASSWORD } },
  );
  return dataOf(response).login.accessToken;
}

describe('yearly figures: bureau imports, the firm’s sheet, review and confirmation', () => {
  let app: TestApp;
  let tokens: Tokens;
  let taxFile: string;
  /** The 2025 tax file of A1 and A2, imported before every test: its job, and whether it was a replay. */
  let taxImport: { replayed: boolean; job: ImportJobView };
  /** A1's sheet as it stood right after that import (later tests review its figures). */
  let a1SheetAfterImport: SheetView;
  let taxJob: ImportJobView;

  beforeAll(async () => {
    app = await startTestApp();
    setToday(app, AFTER_THE_WORK);
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    taxFile = await xlsxBase64([
      ['统一社会信用代码', '企业名称', '年度', '税收'],
      [USCC.firmA1, '杭州甲服饰有限公司', 2025, 600.1234],
      [USCC.firmA2, '杭州乙制衣有限公司', 2025, 45],
    ]);
    taxImport = await importFile(app, tokens.parkAdminA, {
      fileType: 'TAX_BUREAU',
      format: 'XLSX',
      fileName: '2025年度税收.xlsx',
      contentBase64: taxFile,
    });
    taxJob = taxImport.job;
    a1SheetAfterImport = await sheet(app, tokens.ownerA1, IDS.firmA1, 2025);
  });
  afterAll(() => app.close());

  it('imports a tax bureau XLSX: every figure IMPORTED, PENDING review, pointing at its import job', async () => {
    const { replayed, job } = taxImport;

    expect(replayed).toBe(false);
    expect(job).toMatchObject({ state: 'SUCCEEDED', rowsTotal: 2, rowsProcessed: 2, figuresWritten: 2, errorCount: 0 });
    const a1 = a1SheetAfterImport;
    expect(a1.figures).toEqual([
      expect.objectContaining({
        kind: 'TAX_PAID',
        value: '600.1234',
        source: 'IMPORTED',
        importJobId: job.id,
        auditState: 'PENDING',
      }),
    ]);
    expect(a1.missingKinds).toHaveLength(9);
  });

  it('changes nothing when the same file is imported again (same content hash)', async () => {
    const [jobs, figures] = [await countRows(app, 'import_jobs'), await countRows(app, 'firm_annual_figures')];

    const again = await importFile(app, tokens.parkAdminA, {
      fileType: 'TAX_BUREAU',
      format: 'XLSX',
      fileName: 'renamed copy.xlsx',
      contentBase64: taxFile,
    });

    expect(again.replayed).toBe(true);
    expect(again.job.id).toBe(taxJob.id);
    expect([await countRows(app, 'import_jobs'), await countRows(app, 'firm_annual_figures')]).toEqual([jobs, figures]);
  });

  describe('a CSV with bad rows', () => {
    let job: ImportJobView;
    let figuresBefore: number;

    beforeAll(async () => {
      figuresBefore = await countRows(app, 'firm_annual_figures');
      job = (
        await importFile(app, tokens.parkAdminA, {
          fileType: 'TAX_BUREAU',
          format: 'CSV',
          fileName: 'tax-2024.csv',
          contentBase64: csvBase64([
            'uscc,企业名称,year,taxPaid',
            `${USCC.firmA1},"杭州甲服饰有限公司, 临平",2024,100`,
            `${UNREGISTERED_USCC},无名,2024,10`,
            `${USCC.firmB1},绍兴丙,2024,10`,
            `${USCC.firmA2},乙,2024,12.34567`,
            `${USCC.firmA2},乙,2023,abc`,
            `${USCC.firmA1},甲,2024,100`,
            `${USCC.firmA1},甲,24,10`,
            '91330100716105852X,错码,2024,10',
            `${USCC.firmA2},乙,2022,-5`,
            `${USCC.firmA2},乙,2021,"1,234.5"`,
          ]),
        })
      ).job;
    });

    it('fails as a whole and writes nothing', async () => {
      expect(job).toMatchObject({ state: 'FAILED', rowsTotal: 10, errorCount: 7, figuresWritten: 0 });
      expect(await countRows(app, 'firm_annual_figures')).toBe(figuresBefore);
    });

    it.each([
      [3, 'uscc', 'UNKNOWN_USCC'],
      [4, 'uscc', 'WRONG_PARK'],
      [5, 'taxPaid', 'BAD_NUMBER'],
      [6, 'taxPaid', 'BAD_NUMBER'],
      [7, null, 'DUPLICATE_ROW'],
      [8, 'year', 'BAD_KEY'],
      [9, 'uscc', 'BAD_KEY'],
    ])('reports line %i (%s) as %s', (row, column, code) => {
      expect(job.errors).toContainEqual(expect.objectContaining({ row, column, code }));
    });

    it('accepts a negative tax (refunds) and thousands separators, so those lines report nothing', () => {
      expect(job.errors.map((error) => error.row)).not.toContain(10);
      expect(job.errors.map((error) => error.row)).not.toContain(11);
    });

    it('never repeats a figure’s value in the report', () => {
      const messages = job.errors.map((error) => error.message).join(' ');
      expect(messages).not.toMatch(/12\.34567|abc/);
    });
  });

  it.each([
    [
      'a header without the year column',
      'STATISTICS',
      'CSV',
      csvBase64(['uscc,valueAdded', `${USCC.firmA1},3000`]),
      'MISSING_COLUMN',
    ],
    [
      'a header with no figure column of the type',
      'POWER',
      'CSV',
      csvBase64(['uscc,year,taxPaid', `${USCC.firmA1},2025,1`]),
      'MISSING_COLUMN',
    ],
    ['CSV bytes sent as XLSX', 'POWER', 'XLSX', csvBase64(['uscc,year,electricity']), 'UNREADABLE_FILE'],
    ['a header and no rows', 'POWER', 'CSV', csvBase64(['uscc,year,electricity']), 'EMPTY_FILE'],
  ])('refuses %s with a report and writes nothing', async (_, fileType, format, contentBase64, code) => {
    const figures = await countRows(app, 'firm_annual_figures');

    const { job } = await importFile(app, tokens.parkAdminA, {
      fileType,
      format: format as 'CSV' | 'XLSX',
      fileName: 'broken',
      contentBase64,
    });

    expect(job.state).toBe('FAILED');
    expect(job.errors[0].code).toBe(code);
    expect(await countRows(app, 'firm_annual_figures')).toBe(figures);
  });

  it('refuses a file that is not base64', async () => {
    const response = await importRequest(app, tokens.parkAdminA, {
      fileType: 'POWER',
      format: 'CSV',
      fileName: 'x.csv',
      contentBase64: '***not base64***',
    });

    expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
  });

  describe('the sheet (一企一单): the firm reports, the park reviews, the firm confirms', () => {
    it.each([
      ['employees with 3 decimals', 'AVG_EMPLOYEES', '10.123'],
      ['negative electricity', 'ELECTRICITY', '-1'],
    ])('refuses %s', async (_, kind, value) => {
      const response = await reportFiguresRequest(app, tokens.ownerA2, 2025, [{ kind, value }]);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });

    it('returns a figure with a reason; the sheet cannot be confirmed until it is corrected', async () => {
      const reported = dataOf(
        await reportFiguresRequest(app, tokens.ownerA2, 2025, [{ kind: 'ELECTRICITY', value: '500' }]),
      ).reportAnnualFigures;
      const electricity = reported.figures.find((figure) => figure.kind === 'ELECTRICITY')!;
      expect(electricity).toMatchObject({ source: 'SELF_REPORTED', auditState: 'PENDING', importJobId: null });

      const returned = dataOf(
        await reviewRequest(app, tokens.parkAdminA, [electricity.id], 'RETURN', '与电力公司数据不符'),
      );
      expect(returned.reviewFigures).toEqual({ reviewed: 1, auditState: 'RETURNED' });
      expect((await sheet(app, tokens.ownerA2, IDS.firmA2, 2025)).figures).toContainEqual(
        expect.objectContaining({ id: electricity.id, auditState: 'RETURNED', returnReason: '与电力公司数据不符' }),
      );
      const refused = await confirmRequest(app, tokens.ownerA2, 2025);
      expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');

      await reportFiguresRequest(app, tokens.ownerA2, 2025, [{ kind: 'ELECTRICITY', value: '480' }]);
      const confirmed = dataOf(await confirmRequest(app, tokens.ownerA2, 2025)).confirmYearSheet;
      expect(confirmed).toMatchObject({ confirmed: true, returnedCount: 0 });

      const history = dataOf(
        await app.gql<{ annualFigureHistory: { value: string; supersededAt: string | null }[] }>(
          `query { annualFigureHistory(firmId: "${IDS.firmA2}", year: 2025, kind: ELECTRICITY) { ${FIGURE_FIELDS} } }`,
          {},
          tokens.parkAdminA,
        ),
      ).annualFigureHistory;
      expect(history.map((version) => [version.value, version.supersededAt === null])).toEqual([
        ['480.0000', true],
        ['500.0000', false],
      ]);
    });

    it('approves figures, all or none: an id from another park changes nothing', async () => {
      const a1 = await sheet(app, tokens.parkAdminA, IDS.firmA1, 2025);
      const b1Figure = dataOf(await reportFiguresRequest(app, tokens.ownerB1, 2025, [{ kind: 'TAX_PAID', value: '7' }]))
        .reportAnnualFigures.figures[0];

      const mixed = await reviewRequest(app, tokens.parkAdminA, [a1.figures[0].id, b1Figure.id], 'APPROVE');
      expect(errorCode(mixed)).toBe('NOT_FOUND');
      expect((await sheet(app, tokens.parkAdminA, IDS.firmA1, 2025)).figures[0].auditState).toBe('PENDING');

      const approved = await reviewRequest(app, tokens.parkAdminA, [a1.figures[0].id], 'APPROVE');
      expect(dataOf(approved).reviewFigures.reviewed).toBe(1);
      expect((await sheet(app, tokens.parkAdminA, IDS.firmA1, 2025)).figures[0].auditState).toBe('APPROVED');
    });

    it('reopens a confirmed sheet when an import changes one of its figures, and keeps it when nothing changes', async () => {
      expect(dataOf(await confirmRequest(app, tokens.ownerA2, 2025)).confirmYearSheet.confirmed).toBe(true);
      const unchanged = await xlsxBase64([
        ['uscc', 'year', 'taxPaid'],
        [USCC.firmA2, 2025, 45.0],
        [USCC.firmA1, 2025, 600.1234],
      ]);
      const first = await importFile(app, tokens.parkAdminA, {
        fileType: 'TAX_BUREAU',
        format: 'XLSX',
        fileName: 'again.xlsx',
        contentBase64: unchanged,
      });
      expect(first.job.figuresWritten).toBe(0);
      expect((await sheet(app, tokens.ownerA2, IDS.firmA2, 2025)).confirmed).toBe(true);

      const corrected = await importFile(app, tokens.parkAdminA, {
        fileType: 'TAX_BUREAU',
        format: 'CSV',
        fileName: 'correction.csv',
        contentBase64: csvBase64(['uscc,year,taxPaid', `${USCC.firmA2},2025,46`]),
      });
      expect(corrected.job.figuresWritten).toBe(1);
      expect((await sheet(app, tokens.ownerA2, IDS.firmA2, 2025)).confirmed).toBe(false);
    });
  });

  it('traces platform output to the delivered proposals, beside the reported output value', async () => {
    // March's output is reported once March has begun: the clock (Date only) is moved there for the sign-in and the
    // report.
    jest.useFakeTimers({ now: new Date('2027-04-02T02:00:00Z'), doNotFake: [...EVERYTHING_BUT_DATE] });
    try {
      const ownerInApril = await signIn(app, USERS.ownerA1.email);
      dataOf(
        await app.gql(
          `mutation { reportMonthlyOutput(input: { month: "2027-03", outputValue: "50000.00" }) { month } }`,
          {},
          ownerInApril,
        ),
      );
    } finally {
      jest.useRealTimers();
    }
    await createListing(app, tokens.ownerA2, {
      processCode: 'CUTTING',
      unitsPerDay: 500,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '2.50',
    });
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '12.00',
    });
    const order = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'output-order-0001',
      quantity: 1000,
      route: [
        { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
        { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
      ],
      earliestStart: '2027-03-02',
      dueDate: '2027-03-20',
    });
    const [cutting] = await proposalsOf(app, tokens.ownerA2, order.order.id);
    const [sewing] = await proposalsOf(app, tokens.ownerA1, order.order.id);
    await acceptRequest(app, tokens.ownerA2, cutting.id);
    await acceptRequest(app, tokens.ownerA1, sewing.id);
    for (const [token, proposal] of [
      [tokens.ownerA2, cutting],
      [tokens.ownerA1, sewing],
    ] as const) {
      const delivered = await app.gql(
        `mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { ${PROPOSAL_FIELDS} } }`,
        { input: { proposalId: proposal.id, deliveredOn: proposal.lastDay, unitsDelivered: 1000, defectUnits: 0 } },
        token,
      );
      dataOf(delivered);
    }

    const months = dataOf(
      await app.gql<{
        monthlyOutput: {
          month: string;
          reported: { outputValue: string; source: string } | null;
          platformOutput: string;
          platformAllocationCount: number;
        }[];
      }>(
        `query { monthlyOutput(firmId: "${IDS.firmA1}", from: "2027-02", to: "2027-03") {
           month reported { outputValue source } platformOutput platformAllocationCount } }`,
        {},
        tokens.ownerA1,
      ),
    ).monthlyOutput;
    expect(months).toEqual([
      { month: '2027-02', reported: null, platformOutput: '0.00', platformAllocationCount: 0 },
      {
        month: '2027-03',
        reported: { outputValue: '50000.00', source: 'SELF_REPORTED' },
        platformOutput: '12000.00',
        platformAllocationCount: 1,
      },
    ]);
    const records = dataOf(
      await app.gql<{
        platformOutputAllocations: {
          nodes: { allocationId: string; unitsDelivered: number; unitPrice: string; amount: string }[];
        };
      }>(
        `query { platformOutputAllocations(firmId: "${IDS.firmA1}", month: "2027-03", first: 10) {
           nodes { allocationId unitsDelivered unitPrice amount deliveredOn } } }`,
        {},
        tokens.parkAdminA,
      ),
    ).platformOutputAllocations.nodes;
    expect(records).toEqual([
      expect.objectContaining({
        allocationId: sewing.id,
        unitsDelivered: 1000,
        unitPrice: '12.00',
        amount: '12000.00',
      }),
    ]);
  });

  it('exports the park’s sheets as XLSX and CSV, and a firm’s own sheet only to its owner', async () => {
    const xlsx = dataOf(
      await app.gql<{
        exportYearSheets: { fileName: string; contentType: string; contentBase64: string; rowCount: number };
      }>(
        'query { exportYearSheets(year: 2025, format: XLSX) { fileName contentType contentBase64 rowCount } }',
        {},
        tokens.parkAdminA,
      ),
    ).exportYearSheets;
    expect(xlsx).toMatchObject({ fileName: 'firm-sheets-2025.xlsx', rowCount: 2 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0].getSheetValues() as unknown[][];
    const a1Row = rows.find((row) => row?.[1] === USCC.firmA1)!;
    expect(a1Row[4]).toBe(600.1234);

    const csv = dataOf(
      await app.gql<{ exportYearSheets: { contentBase64: string; rowCount: number } }>(
        'query { exportYearSheets(year: 2025, format: CSV) { contentBase64 rowCount } }',
        {},
        tokens.ownerA2,
      ),
    ).exportYearSheets;
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    expect(csv.rowCount).toBe(1);
    expect(text).toContain(USCC.firmA2);
    expect(text).not.toContain(USCC.firmA1);
  });

  describe('refusals: another park’s admin, another firm’s owner, a buyer', () => {
    const A1_SHEET = `query { yearSheet(firmId: "${IDS.firmA1}", year: 2025) { firmId } }`;
    const OPERATIONS: [string, string, string, string][] = [
      ['yearSheet of firm A1', 'parkAdminB', 'NOT_FOUND', A1_SHEET],
      ['yearSheet of firm A1', 'ownerA2', 'NOT_FOUND', A1_SHEET],
      ['yearSheet of firm A1', 'buyer1', 'FORBIDDEN', A1_SHEET],
      ['yearSheets', 'buyer1', 'FORBIDDEN', 'query { yearSheets(year: 2025, first: 10) { totalCount } }'],
      [
        'annualFigureHistory of firm A1',
        'ownerA2',
        'NOT_FOUND',
        `query { annualFigureHistory(firmId: "${IDS.firmA1}", year: 2025, kind: TAX_PAID) { id } }`,
      ],
      [
        'annualFigureHistory of firm A1',
        'parkAdminB',
        'NOT_FOUND',
        `query { annualFigureHistory(firmId: "${IDS.firmA1}", year: 2025, kind: TAX_PAID) { id } }`,
      ],
      [
        'annualFigureHistory of firm A1',
        'buyer1',
        'FORBIDDEN',
        `query { annualFigureHistory(firmId: "${IDS.firmA1}", year: 2025, kind: TAX_PAID) { id } }`,
      ],
      [
        'reportAnnualFigures for firm A1',
        'ownerA2',
        'NOT_FOUND',
        `mutation { reportAnnualFigures(input: { firmId: "${IDS.firmA1}", year: 2025, figures: [{ kind: WATER, value: "1" }] }) { firmId } }`,
      ],
      [
        'reportAnnualFigures',
        'parkAdminA',
        'FORBIDDEN',
        'mutation { reportAnnualFigures(input: { year: 2025, figures: [{ kind: WATER, value: "1" }] }) { firmId } }',
      ],
      [
        'reportAnnualFigures',
        'buyer1',
        'FORBIDDEN',
        'mutation { reportAnnualFigures(input: { year: 2025, figures: [{ kind: WATER, value: "1" }] }) { firmId } }',
      ],
      [
        'confirmYearSheet for firm A1',
        'ownerA2',
        'NOT_FOUND',
        `mutation { confirmYearSheet(input: { firmId: "${IDS.firmA1}", year: 2025 }) { firmId } }`,
      ],
      ['confirmYearSheet', 'buyer1', 'FORBIDDEN', 'mutation { confirmYearSheet(input: { year: 2025 }) { firmId } }'],
      [
        'monthlyOutput of firm A1',
        'parkAdminB',
        'NOT_FOUND',
        `query { monthlyOutput(firmId: "${IDS.firmA1}", from: "2027-03", to: "2027-03") { month } }`,
      ],
      [
        'monthlyOutput of firm A1',
        'ownerA2',
        'NOT_FOUND',
        `query { monthlyOutput(firmId: "${IDS.firmA1}", from: "2027-03", to: "2027-03") { month } }`,
      ],
      [
        'monthlyOutput of firm A1',
        'buyer1',
        'FORBIDDEN',
        `query { monthlyOutput(firmId: "${IDS.firmA1}", from: "2027-03", to: "2027-03") { month } }`,
      ],
      [
        'reportMonthlyOutput for firm A1',
        'ownerA2',
        'NOT_FOUND',
        `mutation { reportMonthlyOutput(input: { firmId: "${IDS.firmA1}", month: "2027-04", outputValue: "1.00" }) { month } }`,
      ],
      [
        'reportMonthlyOutput',
        'buyer1',
        'FORBIDDEN',
        'mutation { reportMonthlyOutput(input: { month: "2027-04", outputValue: "1.00" }) { month } }',
      ],
      [
        'platformOutputAllocations of firm A1',
        'parkAdminB',
        'NOT_FOUND',
        `query { platformOutputAllocations(firmId: "${IDS.firmA1}", month: "2027-03", first: 5) { totalCount } }`,
      ],
      [
        'platformOutputAllocations of firm A1',
        'ownerA2',
        'NOT_FOUND',
        `query { platformOutputAllocations(firmId: "${IDS.firmA1}", month: "2027-03", first: 5) { totalCount } }`,
      ],
      [
        'platformOutputAllocations of firm A1',
        'buyer1',
        'FORBIDDEN',
        `query { platformOutputAllocations(firmId: "${IDS.firmA1}", month: "2027-03", first: 5) { totalCount } }`,
      ],
      [
        'exportYearSheets of park A',
        'parkAdminB',
        'NOT_FOUND',
        `query { exportYearSheets(year: 2025, format: CSV, parkId: "${IDS.parkA}") { rowCount } }`,
      ],
      ['exportYearSheets', 'buyer1', 'FORBIDDEN', 'query { exportYearSheets(year: 2025, format: CSV) { rowCount } }'],
      ['importLayouts', 'ownerA1', 'FORBIDDEN', 'query { importLayouts { fileType } }'],
      ['importLayouts', 'buyer1', 'FORBIDDEN', 'query { importLayouts { fileType } }'],
      ['importJobs', 'ownerA1', 'FORBIDDEN', 'query { importJobs(first: 5) { totalCount } }'],
      ['importJobs', 'buyer1', 'FORBIDDEN', 'query { importJobs(first: 5) { totalCount } }'],
    ];

    const written = () =>
      app.dataSource.query(
        `SELECT (SELECT COUNT(*) FROM firm_annual_figures) AS figures, (SELECT COUNT(*) FROM firm_monthly_output) AS months,
                (SELECT json_agg(s ORDER BY firm_id, year) FROM firm_year_sheets s) AS sheets,
                (SELECT COUNT(*) FROM import_jobs) AS jobs`,
      );

    it.each(OPERATIONS)('%s as %s answers %s and writes nothing', async (_, who, code, document) => {
      const before = await written();
      expect(refusal(await app.gql(document, {}, tokens[who as keyof Tokens]))).toEqual({ code, data: null });
      expect(await written()).toEqual(before);
    });

    it.each([
      ['parkAdminB', 'NOT_FOUND'],
      ['ownerA1', 'FORBIDDEN'],
      ['buyer1', 'FORBIDDEN'],
    ])('importJob of park A as %s answers %s', async (who, code) => {
      const response = await app.gql(`query { importJob(id: "${taxJob.id}") { id } }`, {}, tokens[who as keyof Tokens]);
      expect(refusal(response)).toEqual({ code, data: null });
    });

    it('lists none of park A’s import jobs or sheets to park B’s admin, and only their own sheet to an owner', async () => {
      const jobs = dataOf(
        await app.gql<{ importJobs: { nodes: { parkId: string }[] } }>(
          'query { importJobs(first: 100) { nodes { parkId } } }',
          {},
          tokens.parkAdminB,
        ),
      ).importJobs.nodes;
      expect(jobs.filter((job) => job.parkId !== IDS.parkB)).toEqual([]);
      const sheets = dataOf(
        await app.gql<{ yearSheets: { nodes: { firmId: string }[] } }>(
          'query { yearSheets(year: 2025, first: 100) { nodes { firmId } } }',
          {},
          tokens.ownerA2,
        ),
      ).yearSheets.nodes;
      expect(sheets.map((entry) => entry.firmId)).toEqual([IDS.firmA2]);
    });

    it.each([
      ['parkAdminB', 'NOT_FOUND'],
      ['ownerA1', 'FORBIDDEN'],
      ['buyer1', 'FORBIDDEN'],
    ])('reviewFigures of park A’s figures as %s answers %s and changes nothing', async (who, code) => {
      const figure = (await sheet(app, tokens.parkAdminA, IDS.firmA2, 2025)).figures[0];
      const response = await reviewRequest(app, tokens[who as keyof Tokens], [figure.id], 'RETURN', 'no');
      expect(refusal(response)).toEqual({ code, data: null });
      expect((await sheet(app, tokens.parkAdminA, IDS.firmA2, 2025)).figures[0].auditState).toBe(figure.auditState);
    });

    it.each([
      ['ownerA1', 'FORBIDDEN'],
      ['buyer1', 'FORBIDDEN'],
    ])('importBureauFile as %s answers %s and writes nothing', async (who, code) => {
      const [jobs, figures] = [await countRows(app, 'import_jobs'), await countRows(app, 'firm_annual_figures')];
      const response = await importRequest(app, tokens[who as keyof Tokens], {
        fileType: 'POWER',
        format: 'CSV',
        fileName: 'x.csv',
        contentBase64: csvBase64(['uscc,year,electricity', `${USCC.firmA1},2025,10`]),
      });
      expect(refusal(response)).toEqual({ code, data: null });
      expect([await countRows(app, 'import_jobs'), await countRows(app, 'firm_annual_figures')]).toEqual([
        jobs,
        figures,
      ]);
    });

    it('lets park B’s admin write nothing into park A: its rows come back WRONG_PARK', async () => {
      const figures = await countRows(app, 'firm_annual_figures');
      const { job } = await importFile(app, tokens.parkAdminB, {
        fileType: 'POWER',
        format: 'CSV',
        fileName: 'power.csv',
        contentBase64: csvBase64(['uscc,year,electricity', `${USCC.firmA1},2025,10`]),
      });
      expect(job.errors).toEqual([expect.objectContaining({ row: 2, code: 'WRONG_PARK' })]);
      expect(await countRows(app, 'firm_annual_figures')).toBe(figures);
    });

    it('keeps a sheet unreadable through the owner’s firm id in a response', async () => {
      const response = await sheetRequest(app, tokens.ownerB1, IDS.firmA1, 2025);
      expect(refusal(response)).toEqual({ code: 'NOT_FOUND', data: null });
    });
  });

  it('shows a large import’s progress while it runs, and none of its figures until it has committed', async () => {
    const firms = 6000;
    const usccs = Array.from({ length: firms }, (_, index) => {
      const first17 = `913301009${String(index).padStart(8, '0')}`;
      return first17 + usccCheckCharacter(first17);
    });
    await app.dataSource.query(
      `INSERT INTO firms (park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       SELECT $1, u, 'bulk ' || u, '18', '纺织服装', 10, '临平', '2024-01-01' FROM unnest($2::text[]) u`,
      [IDS.parkA, usccs],
    );
    const file = csvBase64([
      'uscc,year,industrialOutput,valueAdded,revenue,rdSpending,avgEmployees',
      ...usccs.map(
        (uscc, index) =>
          `${uscc},2024,${1000 + index},${300 + index},${1200 + index},${index % 50},${10 + (index % 90)}`,
      ),
    ]);

    // Counted before the job is read: a job still RUNNING then had not committed when the count was taken.
    const snapshots: { job: ImportJobView; committedFigures: number }[] = [];
    let running = true;
    const watcher = (async () => {
      while (running) {
        const [{ count }] = await app.dataSource.query(
          `SELECT COUNT(*)::int AS count FROM firm_annual_figures WHERE year = 2024 AND kind = 'INDUSTRIAL_OUTPUT'`,
        );
        const response = await app.gql<{ importJobs: { nodes: ImportJobView[] } }>(
          `query { importJobs(first: 5, filter: { state: RUNNING, fileType: STATISTICS }) { nodes { id state rowsTotal rowsProcessed figuresWritten errorCount errors { row column code message } } } }`,
          {},
          tokens.parkAdminA,
        );
        for (const job of dataOf(response).importJobs.nodes) snapshots.push({ job, committedFigures: count });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const { job } = await importFile(app, tokens.parkAdminA, {
      fileType: 'STATISTICS',
      format: 'CSV',
      fileName: 'statistics-2024.csv',
      contentBase64: file,
    });
    running = false;
    await watcher;

    expect(job).toMatchObject({
      state: 'SUCCEEDED',
      rowsTotal: firms,
      rowsProcessed: firms,
      figuresWritten: firms * 5,
    });
    expect(snapshots.map(({ job: seen }) => seen)).toContainEqual(
      expect.objectContaining({ state: 'RUNNING', rowsTotal: firms }),
    );
    expect(snapshots.filter(({ committedFigures }) => committedFigures > 0)).toEqual([]);
  });
});
