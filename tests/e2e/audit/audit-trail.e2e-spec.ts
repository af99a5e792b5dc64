/**
 * The audit trail: admin and owner changes to land, figures, adjustments, policies and memberships recorded with who,
 * when, before, after and why; read by the park's admins per firm and per round, paged; exported with formula cells
 * neutralised; and append-only by the database's own refusal.
 */
import { HUANGYAN_2022_SCHEME } from '@vg/evaluation';
import ExcelJS from 'exceljs';
import { IDS, loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { ROUND_FIELDS, RoundView } from '../evaluation/evaluation-operations';
import { formGroup } from '../groups/group-operations';
import { csvBase64, importFile, reviewRequest, sheet } from '../output/output-operations';

interface EventView {
  subject: string;
  subjectId: string;
  action: string;
  firmId: string | null;
  roundId: string | null;
  year: number | null;
  actorId: string;
  actorRole: string;
  actorLabel: string | null;
  importJobId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
  reason: string | null;
  occurredAt: string;
}

const EVENT_FIELDS =
  'subject subjectId action firmId roundId year actorId actorRole actorLabel importJobId beforeJson afterJson reason occurredAt';

describe('the audit trail', () => {
  let app: TestApp;
  let tokens: Tokens;
  let round: RoundView;
  let taxJobId: string;

  const trail = async (filter: Record<string, unknown>, token = tokens.parkAdminA, first = 100) =>
    dataOf(
      await app.gql<{
        auditTrail: { totalCount: number; nodes: EventView[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }>(
        `query ($filter: AuditTrailFilterInput, $first: Int!, $after: String) {
           auditTrail(first: $first, after: $after, filter: $filter) {
             totalCount nodes { ${EVENT_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        { filter, first },
        token,
      ),
    ).auditTrail;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);

    // Land re-certified in mu.
    dataOf(
      await app.gql(
        'mutation ($id: ID!, $input: LandPlotInput!) { updateLandPlot(id: $id, input: $input) { id } }',
        { id: IDS.plotA1, input: { certificateNo: 'A-0001', areaMu: '20.0000', tenure: 'OWNED', landUse: '工业用地' } },
        tokens.parkAdminA,
      ),
    );
    // Figures imported, then one returned with a reason a spreadsheet would run as a formula.
    taxJobId = (
      await importFile(app, tokens.parkAdminA, {
        fileType: 'TAX_BUREAU',
        format: 'CSV',
        fileName: 'tax.csv',
        contentBase64: csvBase64(['uscc,year,taxPaid', `${USCC.firmA1},2025,600`, `${USCC.firmA2},2025,45`]),
      })
    ).job.id;
    const returned = (await sheet(app, tokens.parkAdminA, IDS.firmA2, 2025)).figures[0];
    dataOf(
      await reviewRequest(app, tokens.parkAdminA, [returned.id], 'RETURN', '=HYPERLINK("http://x.example","核对税额")'),
    );
    // A scheme with an override rule, a round under it, and the override recorded on firm A1.
    const schemeId = dataOf(
      await app.gql<{ createEvaluationScheme: { id: string } }>(
        'mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { id } }',
        {
          input: {
            definitionJson: JSON.stringify({
              ...HUANGYAN_2022_SCHEME,
              id: 'with-override',
              overrideRules: [{ id: 'majorAccident', reason: '重大安全事故', forcedClass: 'D' }],
            }),
          },
        },
        tokens.parkAdminA,
      ),
    ).createEvaluationScheme.id;
    round = dataOf(
      await app.gql<{ createEvaluationRound: RoundView }>(
        `mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { ${ROUND_FIELDS} } }`,
        { input: { year: 2025, schemeId } },
        tokens.parkAdminA,
      ),
    ).createEvaluationRound;
    dataOf(
      await app.gql(
        'mutation ($input: RecordEvaluationAdjustmentInput!) { recordEvaluationAdjustment(input: $input) { ruleId } }',
        {
          input: {
            roundId: round.id,
            firmId: IDS.firmA1,
            kind: 'OVERRIDE',
            ruleId: 'majorAccident',
            evidence: '临平区应急管理局 事故调查报告 2025-17',
          },
        },
        tokens.parkAdminA,
      ),
    );
    dataOf(
      await app.gql(
        'mutation ($input: CreateClassPolicyInput!) { createClassPolicy(input: $input) { id } }',
        {
          input: {
            grade: 'D',
            measure: 'ELECTRICITY_SURCHARGE',
            basis: 'ELECTRICITY_KWH',
            rate: '0.3',
            description: 'D 类加价电费',
          },
        },
        tokens.parkAdminA,
      ),
    );
    await formGroup(app, tokens.parkAdminA, {
      name: '临平女装链',
      productLine: '女装',
      stageProcesses: ['CUTTING', 'SEWING'],
      leadFirmId: IDS.firmA1,
      members: [{ firmId: IDS.firmA2, stageProcess: 'CUTTING', joinedOn: '2025-03-01' }],
    });
  });
  afterAll(() => app.close());

  it('records a land change per firm: who, when, the plot before and after', async () => {
    const { nodes } = await trail({ firmId: IDS.firmA1, subject: 'LAND_PLOT' });
    expect(nodes).toEqual([
      expect.objectContaining({
        subject: 'LAND_PLOT',
        subjectId: IDS.plotA1,
        action: 'CHANGED',
        actorRole: 'PARK_ADMIN',
        actorLabel: 'admin-a <admin-a@vg.test>',
        importJobId: null,
      }),
    ]);
    expect(JSON.parse(nodes[0].beforeJson!)).toMatchObject({ areaM2: '13333.33', areaMu: null, landUse: null });
    expect(JSON.parse(nodes[0].afterJson!)).toMatchObject({ areaM2: null, areaMu: '20.0000', landUse: '工业用地' });
    expect(Date.now() - Date.parse(nodes[0].occurredAt)).toBeLessThan(10 * 60_000);
  });

  it('records imported figures with their import job, and a review with its reason', async () => {
    const { nodes } = await trail({ firmId: IDS.firmA2, subject: 'ANNUAL_FIGURE' });
    expect(nodes.map((event) => event.action)).toEqual(['DECIDED', 'CREATED']);
    expect(nodes[1]).toMatchObject({ importJobId: taxJobId, year: 2025, beforeJson: null });
    expect(JSON.parse(nodes[1].afterJson!)).toEqual({
      kind: 'TAX_PAID',
      period: 2025,
      value: '45',
      auditState: 'PENDING',
      source: 'IMPORTED',
    });
    expect(nodes[0]).toMatchObject({
      beforeJson: JSON.stringify({ auditState: 'PENDING' }),
      afterJson: JSON.stringify({ auditState: 'RETURNED' }),
      reason: '=HYPERLINK("http://x.example","核对税额")',
    });
  });

  it('reads a round’s trail: the override recorded on it, with its evidence', async () => {
    const { nodes } = await trail({ roundId: round.id });
    expect(nodes).toEqual([
      expect.objectContaining({
        subject: 'ADJUSTMENT',
        action: 'CREATED',
        firmId: IDS.firmA1,
        roundId: round.id,
        year: 2025,
        beforeJson: null,
        reason: '临平区应急管理局 事故调查报告 2025-17',
      }),
    ]);
  });

  it('records policies and group memberships in the park’s trail', async () => {
    const policies = await trail({ subject: 'CLASS_POLICY' });
    expect(policies.nodes).toHaveLength(1);
    expect(JSON.parse(policies.nodes[0].afterJson!)).toMatchObject({
      grade: 'D',
      measure: 'ELECTRICITY_SURCHARGE',
      rate: '0.3',
    });
    const memberships = await trail({ subject: 'GROUP_MEMBERSHIP', firmId: IDS.firmA2 });
    expect(memberships.nodes).toEqual([expect.objectContaining({ action: 'CREATED', firmId: IDS.firmA2 })]);
    expect(JSON.parse(memberships.nodes[0].afterJson!)).toMatchObject({
      stageProcess: 'CUTTING',
      joinedOn: '2025-03-01',
    });
  });

  it('pages newest first, every change once', async () => {
    const all = await trail({}, tokens.parkAdminA, 100);
    expect(all.totalCount).toBeGreaterThanOrEqual(7);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { nodes: EventView[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = dataOf(
        await app.gql<{ auditTrail: { nodes: EventView[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
          `query ($after: String) { auditTrail(first: 2, after: $after) { nodes { ${EVENT_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
          { after },
          tokens.parkAdminA,
        ),
      ).auditTrail;
      seen.push(...page.nodes.map((event) => `${event.subject}:${event.subjectId}:${event.action}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.nodes.map((event) => `${event.subject}:${event.subjectId}:${event.action}`));
    const times = all.nodes.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('is the park’s own: another park’s admin finds nothing of it, an owner may not read it', async () => {
    expect((await trail({ firmId: IDS.firmA1 }, tokens.parkAdminB)).totalCount).toBe(0);
    const namedPark = await app.gql(
      'query ($filter: AuditTrailFilterInput) { auditTrail(first: 5, filter: $filter) { totalCount } }',
      { filter: { parkId: IDS.parkA } },
      tokens.parkAdminB,
    );
    expect(errorCode(namedPark)).toBe('NOT_FOUND');
    expect(errorCode(await app.gql('{ auditTrail(first: 5) { totalCount } }', {}, tokens.ownerA1))).toBe('FORBIDDEN');
  });

  it('exports as CSV with a formula-like reason neutralised, and as XLSX with it as plain text', async () => {
    const exported = async (format: string) =>
      dataOf(
        await app.gql<{ exportAuditTrail: { fileName: string; contentBase64: string; rowCount: number } }>(
          `query ($format: ExportFormat!) { exportAuditTrail(format: $format, filter: { firmId: "${IDS.firmA2}" }) { fileName contentBase64 rowCount } }`,
          { format },
          tokens.parkAdminA,
        ),
      ).exportAuditTrail;
    const asCsv = await exported('CSV');
    const text = Buffer.from(asCsv.contentBase64, 'base64').toString('utf8');
    expect(asCsv.rowCount).toBe(3);
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""核对税额"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from((await exported('XLSX')).contentBase64, 'base64') as unknown as ArrayBuffer);
    const cells = workbook.worksheets[0].getColumn(12).values.filter((value) => typeof value === 'string');
    expect(cells).toContain('=HYPERLINK("http://x.example","核对税额")');
    workbook.worksheets[0].eachRow((row) =>
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
    );
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET reason = 'rewritten'`],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('is append-only: the database refuses %s whoever asks', async (_operation, statement) => {
    const before = await app.dataSource.query('SELECT COUNT(*)::int AS count FROM audit_events');
    await expect(app.dataSource.query(statement)).rejects.toThrow(/append-only/);
    expect(await app.dataSource.query('SELECT COUNT(*)::int AS count FROM audit_events')).toEqual(before);
  });
});
