import { usccCheckCharacter } from '@vg/core';
import { IDS, loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { csvBase64, importFile, refusal } from './output-operations';

const FIRM_A3 = '00000000-0000-4000-8000-0000000000a3';
const GROUP = '00000000-0000-4000-8000-0000000000f1';
const USCC_A3 = (() => {
  const first17 = '91330113MA2H00003';
  return first17 + usccCheckCharacter(first17);
})();

/** 'YYYY-MM' for each month from `from` to `to`. */
function months(from: string, to: string): string[] {
  const result: string[] = [];
  for (let year = Number(from.slice(0, 4)), month = Number(from.slice(5)); ; month++) {
    if (month > 12) [year, month] = [year + 1, 1];
    const label = `${year}-${String(month).padStart(2, '0')}`;
    result.push(label);
    if (label === to) return result;
  }
}

const FIRM_UPLIFT_FIELDS = `firmId joinedOn baselineFrom baselineTo currentFrom currentTo baselineMonths currentMonths
  baselineOutput currentOutput addedOutput upliftPercent platformOutput platformSharePercent covered notCoveredReason`;

interface FirmUpliftView {
  baselineFrom: string;
  baselineTo: string;
  baselineOutput: string | null;
  currentOutput: string | null;
  addedOutput: string | null;
  upliftPercent: string | null;
  platformOutput: string;
  platformSharePercent: string | null;
  covered: boolean;
  notCoveredReason: string | null;
}

describe('output-value uplift, exact and traceable to its records', () => {
  let app: TestApp;
  let tokens: Tokens;

  /** The same figure from a plain query, windows written out by hand from the join days. */
  async function sqlUplift(windows: [string, string, string][]) {
    const [row] = await app.dataSource.query(
      `WITH w(firm_id, baseline_from, baseline_to) AS (SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[])),
            per_firm AS (
              SELECT w.firm_id,
                     (SELECT SUM(o.output_value) FROM firm_monthly_output o
                       WHERE o.firm_id = w.firm_id AND o.superseded_at IS NULL
                         AND o.month >= w.baseline_from AND o.month <= w.baseline_to) AS baseline,
                     (SELECT SUM(o.output_value) FROM firm_monthly_output o
                       WHERE o.firm_id = w.firm_id AND o.superseded_at IS NULL
                         AND o.month >= DATE '2025-01-01' AND o.month <= DATE '2025-12-01') AS current
                FROM w)
       SELECT round(AVG(100 * (current - baseline) / baseline), 4)::text AS average,
              SUM(current - baseline)::text AS added,
              MIN(round(100 * (current - baseline) / baseline, 4))::text AS first_uplift
         FROM per_firm`,
      [windows.map((w) => w[0]), windows.map((w) => w[1]), windows.map((w) => w[2])],
    );
    return row as { average: string; added: string; first_uplift: string };
  }

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    await app.dataSource.query(
      `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       VALUES ($1, $2, $3, '杭州丙针织有限公司', '17', '纺织服装', 30, '临平区', '2024-06-15')`,
      [FIRM_A3, IDS.parkA, USCC_A3],
    );
    tokens = await loginAll(app);
    // Firm A1 grows by 1,000 yuan a month; A3 by 137.25; A2 misses May 2023 (an incomplete baseline).
    const lines = ['统一社会信用代码,月份,产值'];
    months('2023-03', '2025-12').forEach((month, index) => {
      lines.push(`${USCC.firmA1},${month},${(100000 + 1000 * index).toFixed(2)}`);
      lines.push(`${USCC_A3},${month.replace('-', '/')},${(80000 + 137.25 * index).toFixed(2)}`);
      if (month !== '2023-05')
        lines.push(`${USCC.firmA2},${month.replace('-', '')},${(50000 + 10 * index).toFixed(2)}`);
    });
    const { job } = await importFile(app, tokens.parkAdminA, {
      fileType: 'MONTHLY_OUTPUT',
      format: 'CSV',
      fileName: 'monthly-output.csv',
      contentBase64: csvBase64(lines),
    });
    expect(job.state).toBe('SUCCEEDED');
    // Platform output of A1 (facts, as delivery writes them): one delivery in the current window, one before it;
    // and a proposal accepted but not delivered, which makes no platform output.
    await app.dataSource.query(
      `INSERT INTO platform_output_facts (proposal_id, order_id, stage_id, stage_seq, process_code, firm_id, park_id,
              month, delivered_on, units, unit_price, value)
       SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 1, 'SEWING', $2, $1,
              date_trunc('month', delivered_on)::date, delivered_on, units, price, units * price
         FROM (VALUES (100, 12.50, DATE '2025-05-20'), (40, 10.00, DATE '2024-12-05')) AS a(units, price, delivered_on)`,
      [IDS.parkA, IDS.firmA1],
    );
    await app.dataSource.query(
      `INSERT INTO proposals (order_id, stage_id, stage_seq, park_id, buyer_org_id, firm_id, listing_id, process_code,
              units, unit_price, cost, first_day, last_day, status, explanation, origin, expires_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 1, $1, $3, $2, gen_random_uuid(), 'SEWING', 70, 11.00, 770.00,
               DATE '2025-07-01', DATE '2025-07-01', 'ACCEPTED', '{}', 'QUOTE', now())`,
      [IDS.parkA, IDS.firmA1, IDS.buyerOrg1],
    );
    await app.dataSource.query(
      `INSERT INTO virtual_groups (id, park_id, name, product_line, stage_processes, lead_firm_id, status, formed_on, created_by)
       VALUES ($1, $2, '临平针织链', '针织衫', ARRAY['CUTTING','SEWING'], $3, 'ACTIVE', '2024-09-01', gen_random_uuid())`,
      [GROUP, IDS.parkA, IDS.firmA1],
    );
    await app.dataSource.query(
      `INSERT INTO group_members (group_id, park_id, firm_id, stage_process, joined_on, left_on) VALUES
         ($1, $2, $3, 'SEWING', '2024-09-10', NULL),
         ($1, $2, $4, 'CUTTING', '2025-01-05', NULL),
         ($1, $2, $5, 'CUTTING', '2024-09-10', '2025-06-30')`,
      [GROUP, IDS.parkA, IDS.firmA1, FIRM_A3, IDS.firmA2],
    );
  });
  afterAll(() => app.close());

  async function firmUplift(firmId: string, groupId?: string): Promise<FirmUpliftView> {
    const response = await app.gql<{ firmUplift: FirmUpliftView }>(
      `query ($firmId: ID!, $groupId: ID) { firmUplift(firmId: $firmId, asOfMonth: "2025-12", groupId: $groupId) { ${FIRM_UPLIFT_FIELDS} } }`,
      { firmId, groupId },
      tokens.parkAdminA,
    );
    return dataOf(response).firmUplift;
  }

  it('measures a firm against the 12 months before it joined, equal to a plain SQL query', async () => {
    const uplift = await firmUplift(IDS.firmA1);
    const expected = await sqlUplift([[IDS.firmA1, '2023-03-01', '2024-02-01']]);

    expect(uplift).toMatchObject({ baselineFrom: '2023-03', baselineTo: '2024-02', covered: true });
    expect(uplift.upliftPercent).toBe(expected.first_uplift);
    expect(uplift.addedOutput).toBe(expected.added);
  });

  it('attributes the platform output delivered in the current window, and only that', async () => {
    const uplift = await firmUplift(IDS.firmA1);
    const [{ share }] = await app.dataSource.query(
      `SELECT round(100 * 1250.00 / SUM(output_value), 4)::text AS share FROM firm_monthly_output
        WHERE firm_id = $1 AND superseded_at IS NULL AND month BETWEEN '2025-01-01' AND '2025-12-01'`,
      [IDS.firmA1],
    );

    expect(uplift.platformOutput).toBe('1250.00');
    expect(uplift.platformSharePercent).toBe(share);
  });

  it('leaves out a firm whose baseline misses a month, saying why', async () => {
    expect(await firmUplift(IDS.firmA2)).toMatchObject({
      covered: false,
      notCoveredReason: 'INCOMPLETE_BASELINE',
      upliftPercent: null,
    });
  });

  it('averages the park over covered firms and totals their added output, equal to a plain SQL query', async () => {
    const summary = dataOf(
      await app.gql<{
        upliftSummary: { firms: number; coveredFirms: number; averageUpliftPercent: string; totalAddedOutput: string };
      }>(
        'query { upliftSummary(asOfMonth: "2025-12") { firms coveredFirms averageUpliftPercent totalAddedOutput } }',
        {},
        tokens.parkAdminA,
      ),
    ).upliftSummary;
    const expected = await sqlUplift([
      [IDS.firmA1, '2023-03-01', '2024-02-01'],
      [FIRM_A3, '2023-06-01', '2024-05-01'],
    ]);

    expect(summary).toEqual({
      firms: 3,
      coveredFirms: 2,
      averageUpliftPercent: expected.average,
      totalAddedOutput: expected.added,
    });
  });

  it('measures a group from when each firm joined the group, leaving out a member who has left', async () => {
    const summary = dataOf(
      await app.gql<{
        upliftSummary: {
          groupId: string;
          firms: number;
          coveredFirms: number;
          averageUpliftPercent: string;
          totalAddedOutput: string;
        };
      }>(
        `query { upliftSummary(asOfMonth: "2025-12", groupId: "${GROUP}") { groupId firms coveredFirms averageUpliftPercent totalAddedOutput } }`,
        {},
        tokens.parkAdminA,
      ),
    ).upliftSummary;
    const expected = await sqlUplift([
      [IDS.firmA1, '2023-09-01', '2024-08-01'],
      [FIRM_A3, '2024-01-01', '2024-12-01'],
    ]);

    expect(summary).toEqual({
      groupId: GROUP,
      firms: 2,
      coveredFirms: 2,
      averageUpliftPercent: expected.average,
      totalAddedOutput: expected.added,
    });
    expect((await firmUplift(IDS.firmA1, GROUP)).baselineFrom).toBe('2023-09');
  });

  it('lists the firms behind a summary, page by page', async () => {
    const first = dataOf(
      await app.gql<{
        upliftFirms: { totalCount: number; nodes: { firmId: string }[]; pageInfo: { endCursor: string } };
      }>(
        'query { upliftFirms(asOfMonth: "2025-12", coveredOnly: true, first: 1) { totalCount nodes { firmId } pageInfo { endCursor } } }',
        {},
        tokens.parkAdminA,
      ),
    ).upliftFirms;
    const second = dataOf(
      await app.gql<{ upliftFirms: { nodes: { firmId: string }[] } }>(
        `query { upliftFirms(asOfMonth: "2025-12", coveredOnly: true, first: 1, after: "${first.pageInfo.endCursor}") { nodes { firmId } } }`,
        {},
        tokens.parkAdminA,
      ),
    ).upliftFirms;

    expect(first.totalCount).toBe(2);
    expect([...first.nodes, ...second.nodes].map((node) => node.firmId).sort()).toEqual([IDS.firmA1, FIRM_A3].sort());
  });

  it('returns the very records a firm’s uplift was summed from', async () => {
    const trace = dataOf(
      await app.gql<{
        upliftTrace: {
          uplift: FirmUpliftView;
          baselineRecords: { id: string; month: string; outputValue: string; source: string; importJobId: string }[];
          currentRecords: { id: string; outputValue: string }[];
          platformMonths: { month: string; amount: string; allocations: number }[];
        };
      }>(
        `query { upliftTrace(firmId: "${IDS.firmA1}", asOfMonth: "2025-12") {
           uplift { baselineOutput currentOutput }
           baselineRecords { id month outputValue source importJobId }
           currentRecords { id outputValue }
           platformMonths { month amount allocations } } }`,
        {},
        tokens.ownerA1,
      ),
    ).upliftTrace;
    const baselineIds: { id: string }[] = await app.dataSource.query(
      `SELECT id FROM firm_monthly_output WHERE firm_id = $1 AND superseded_at IS NULL
          AND month BETWEEN '2023-03-01' AND '2024-02-01' ORDER BY month`,
      [IDS.firmA1],
    );
    const sum = (values: string[]) => values.reduce((total, value) => total + Math.round(Number(value) * 100), 0) / 100;

    expect(trace.baselineRecords.map((record) => record.id)).toEqual(baselineIds.map((row) => row.id));
    expect(trace.baselineRecords[0]).toMatchObject({ month: '2023-03', source: 'IMPORTED' });
    expect(sum(trace.baselineRecords.map((record) => record.outputValue))).toBe(Number(trace.uplift.baselineOutput));
    expect(sum(trace.currentRecords.map((record) => record.outputValue))).toBe(Number(trace.uplift.currentOutput));
    expect(trace.platformMonths).toEqual([{ month: '2025-05', amount: '1250.00', allocations: 1 }]);
  });

  describe('refusals', () => {
    const FIRM_A1 = `firmId: "${IDS.firmA1}", asOfMonth: "2025-12"`;
    it.each([
      ['firmUplift of firm A1', 'parkAdminB', 'NOT_FOUND', `query { firmUplift(${FIRM_A1}) { covered } }`],
      ['firmUplift of firm A1', 'ownerA2', 'NOT_FOUND', `query { firmUplift(${FIRM_A1}) { covered } }`],
      ['firmUplift of firm A1', 'buyer1', 'FORBIDDEN', `query { firmUplift(${FIRM_A1}) { covered } }`],
      ['upliftTrace of firm A1', 'parkAdminB', 'NOT_FOUND', `query { upliftTrace(${FIRM_A1}) { uplift { covered } } }`],
      ['upliftTrace of firm A1', 'ownerA2', 'NOT_FOUND', `query { upliftTrace(${FIRM_A1}) { uplift { covered } } }`],
      ['upliftTrace of firm A1', 'buyer1', 'FORBIDDEN', `query { upliftTrace(${FIRM_A1}) { uplift { covered } } }`],
      [
        'upliftSummary of park A',
        'parkAdminB',
        'NOT_FOUND',
        `query { upliftSummary(parkId: "${IDS.parkA}") { firms } }`,
      ],
      [
        'upliftSummary of park A’s group',
        'parkAdminB',
        'NOT_FOUND',
        `query { upliftSummary(groupId: "${GROUP}") { firms } }`,
      ],
      ['upliftSummary', 'ownerA1', 'FORBIDDEN', 'query { upliftSummary { firms } }'],
      ['upliftSummary', 'buyer1', 'FORBIDDEN', 'query { upliftSummary { firms } }'],
      [
        'upliftFirms of park A',
        'parkAdminB',
        'NOT_FOUND',
        `query { upliftFirms(parkId: "${IDS.parkA}", first: 5) { totalCount } }`,
      ],
      [
        'upliftFirms of park A’s group',
        'parkAdminB',
        'NOT_FOUND',
        `query { upliftFirms(groupId: "${GROUP}", first: 5) { totalCount } }`,
      ],
      ['upliftFirms', 'ownerA1', 'FORBIDDEN', 'query { upliftFirms(first: 5) { totalCount } }'],
      ['upliftFirms', 'buyer1', 'FORBIDDEN', 'query { upliftFirms(first: 5) { totalCount } }'],
      [
        'firmUplift of firm A1 in another park’s terms',
        'ownerB1',
        'NOT_FOUND',
        `query { firmUplift(${FIRM_A1}, groupId: "${GROUP}") { covered } }`,
      ],
    ])('%s as %s answers %s', async (_, who, code, document) => {
      expect(refusal(await app.gql(document, {}, tokens[who as keyof Tokens]))).toEqual({ code, data: null });
    });
  });
});
