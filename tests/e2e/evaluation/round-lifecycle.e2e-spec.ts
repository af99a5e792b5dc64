import ExcelJS from 'exceljs';
import { usccCheckCharacter } from '@vg/core';
import { evaluate, EvaluationScheme, FirmYearInput, HUANGYAN_2022_SCHEME } from '@vg/evaluation/engine';
import { IDS, loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { confirmRequest, csvBase64, importFile, refusal, xlsxBase64 } from '../output/output-operations';
import {
  computeRound,
  decideObjection,
  fileObjection,
  publishRound,
  result,
  resultRequest,
  ROUND_FIELDS,
  RoundView,
  startNotice,
  waitUntilPast,
} from './evaluation-operations';

/** Huangyan's method with coarser cuts, so a population of five has a D (A 20 / B 40 / C 20 / D 20). */
const TEST_SCHEME: EvaluationScheme = {
  ...HUANGYAN_2022_SCHEME,
  id: 'test-county-2025',
  name: '测试县 2025 亩均评价',
  year: 2025,
  populations: HUANGYAN_2022_SCHEME.populations.map((population) => ({
    ...population,
    classCuts: [
      { class: 'A', sharePercent: '20' },
      { class: 'B', sharePercent: '40' },
      { class: 'C', sharePercent: '20' },
      { class: 'D', sharePercent: '20' },
    ],
  })),
};

const uscc = (serial: number) => {
  const first17 = `91330113MA2K${String(serial).padStart(5, '0')}`;
  return first17 + usccCheckCharacter(first17);
};

/** Firms besides the seeded A1 and A2: four more 规上 and four more 规下, all in park A. */
const EXTRA = Array.from({ length: 8 }, (_, index) => ({
  id: `00000000-0000-4000-8000-0000000001${String(index + 1).padStart(2, '0')}`,
  uscc: uscc(index + 1),
  above: index < 4,
}));
const [F1, F2, F3, F4, F5, F6, F7, F8] = EXTRA;

/** Yearly figures per firm (万元, tce, 万kWh, t). */
const ABOVE: [string, string, number, number, number, number, number | null, number, number, number][] = [
  // uscc, name, tax, value added, revenue, R&D, emissions, energy, employees, electricity
  [USCC.firmA1, '甲', 600, 3000, 10000, 300, 0.6, 1000, 150, 800],
  [F1.uscc, 'F1', 300, 2000, 6000, 60, 0.5, 900, 120, 700],
  [F2.uscc, 'F2', 900, 4000, 12000, 150, null, 1200, 200, 1200],
  [F3.uscc, 'F3', 150, 1000, 3000, 10, 0.4, 800, 100, 600],
  [F4.uscc, 'F4', 450, 2500, 8000, 80, 0.5, 1000, 130, 900],
];
const BELOW: [string, number, number, number][] = [
  // uscc, tax, electricity, water
  [USCC.firmA2, 50, 500, 3000],
  [F5.uscc, 20, 100, 1000],
  [F6.uscc, 30, 80, 800],
  [F7.uscc, 5, 200, 2500],
  [F8.uscc, 3, 10, 100],
];

describe('a yearly per-mu evaluation round, from bureau files to a published, immutable result', () => {
  let app: TestApp;
  let tokens: Tokens;
  let schemeId: string;
  let round: RoundView;
  let correction: RoundView;
  let acceptedObjection: string;
  let rejectedObjection: string;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await app.dataSource.query(
      `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       SELECT id, $1, u, 'firm ' || u, '18', '纺织服装', 50, '临平区', '2024-01-01' FROM unnest($2::uuid[], $3::text[]) AS t(id, u)`,
      [IDS.parkA, EXTRA.map((firm) => firm.id), EXTRA.map((firm) => firm.uscc)],
    );
    // The statistics bureau's list decides every firm's scale: the first four 规上, the others (and A2) 规下.
    await app.dataSource.query(
      `INSERT INTO firm_scales (firm_id, park_id, year, scale)
       SELECT id, $1, 2025, s::firm_scale FROM unnest($2::uuid[], $3::text[]) AS t(id, s)`,
      [
        IDS.parkA,
        [...EXTRA.map((firm) => firm.id), IDS.firmA2],
        [...EXTRA.map((firm) => (firm.above ? 'ABOVE' : 'BELOW')), 'BELOW'],
      ],
    );
    // Land: 规上 about 20 mu each (owned); 规下 10, 6, 5, 4 and 2 mu (the last below the 3 mu threshold).
    const plots: [string, string, string][] = [
      [IDS.firmA2, '6666.67', 'OWNED'],
      [F1.id, '13333.33', 'OWNED'],
      [F2.id, '13333.33', 'OWNED'],
      [F3.id, '13333.33', 'OWNED'],
      [F4.id, '13333.33', 'OWNED'],
      [F5.id, '4000.00', 'LEASED'],
      [F6.id, '3333.33', 'LEASED'],
      [F7.id, '2666.67', 'LEASED'],
      [F8.id, '1333.33', 'LEASED'],
    ];
    await app.dataSource.query(
      `INSERT INTO land_plots (firm_id, park_id, certificate_no, area_m2, tenure, lessor)
       SELECT f, $1, 'T-' || f, a, t::land_tenure, CASE WHEN t = 'LEASED' THEN '村集体' END
         FROM unnest($2::uuid[], $3::numeric[], $4::text[]) AS p(f, a, t)`,
      [IDS.parkA, plots.map((p) => p[0]), plots.map((p) => p[1]), plots.map((p) => p[2])],
    );
  });
  afterAll(() => app.close());

  it('imports the bureaus’ XLSX files for the year', async () => {
    const files: [string, (string | number | null)[][]][] = [
      [
        'TAX_BUREAU',
        [
          ['统一社会信用代码', '年度', '税收'],
          ...ABOVE.map((f) => [f[0], 2025, f[2]]),
          ...BELOW.map((f) => [f[0], 2025, f[1]]),
        ],
      ],
      [
        'STATISTICS',
        [
          ['uscc', 'year', 'valueAdded', 'revenue', 'rdSpending', 'avgEmployees'],
          ...ABOVE.map((f) => [f[0], 2025, f[3], f[4], f[5], f[8]]),
        ],
      ],
      [
        'POWER',
        [
          ['uscc', 'year', 'electricity'],
          ...ABOVE.map((f) => [f[0], 2025, f[9]]),
          ...BELOW.map((f) => [f[0], 2025, f[2]]),
        ],
      ],
      [
        'ENVIRONMENT',
        [
          ['uscc', 'year', 'emissions', 'energy', 'water'],
          ...ABOVE.map((f) => [f[0], 2025, f[6], f[7], null]),
          ...BELOW.map((f) => [f[0], 2025, null, null, f[3]]),
        ],
      ],
    ];
    for (const [fileType, rows] of files) {
      const { job } = await importFile(app, tokens.parkAdminA, {
        fileType,
        format: 'XLSX',
        fileName: `${fileType}-2025.xlsx`,
        contentBase64: await xlsxBase64(rows),
      });
      expect({ fileType, state: job.state, errors: job.errors }).toEqual({ fileType, state: 'SUCCEEDED', errors: [] });
    }
  });

  it('stores a scheme only once the engine accepts it', async () => {
    const broken = {
      ...TEST_SCHEME,
      populations: [{ ...TEST_SCHEME.populations[0], classCuts: [{ class: 'A', sharePercent: '90' }] }],
    };
    const refused = await app.gql(
      'mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { id } }',
      { input: { definitionJson: JSON.stringify(broken) } },
      tokens.parkAdminA,
    );
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'definitionJson' });
    expect(refused.errors?.[0].message).toMatch(/sum to 90, not 100/);

    const stored = dataOf(
      await app.gql<{ createEvaluationScheme: { id: string; parkId: string } }>(
        'mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { id parkId } }',
        { input: { definitionJson: JSON.stringify(TEST_SCHEME) } },
        tokens.parkAdminA,
      ),
    ).createEvaluationScheme;
    expect(stored.parkId).toBe(IDS.parkA);
    schemeId = stored.id;
  });

  it('creates the round, refuses to compute while sheets are unconfirmed, then computes on the admin’s say-so', async () => {
    round = dataOf(
      await app.gql<{ createEvaluationRound: RoundView }>(
        `mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { ${ROUND_FIELDS} } }`,
        { input: { year: 2025, schemeId } },
        tokens.parkAdminA,
      ),
    ).createEvaluationRound;
    expect(round).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(dataOf(await confirmRequest(app, tokens.ownerA1, 2025)).confirmYearSheet.confirmed).toBe(true);
    expect(dataOf(await confirmRequest(app, tokens.ownerA2, 2025)).confirmYearSheet.confirmed).toBe(true);

    const strict = await computeRound(app, tokens.parkAdminA, round.id, false);
    expect(strict.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(strict.errors?.[0].message).toMatch(/^8 sheet\(s\) unconfirmed/);

    round = dataOf(await computeRound(app, tokens.parkAdminA, round.id)).computeEvaluationRound;
    expect(round).toMatchObject({
      status: 'COMPUTED',
      firmCount: 10,
      unconfirmedSheets: 8,
      graded: 9,
      notEvaluated: 1,
    });
  });

  it('stores exactly what the engine computes from the stored inputs', async () => {
    const rows: { input: { input: FirmYearInput }; total: string | null; class: string | null }[] =
      await app.dataSource.query('SELECT input, total::text, class FROM evaluation_results WHERE round_id = $1', [
        round.id,
      ]);
    const recomputed = evaluate(
      { ...TEST_SCHEME, year: 2025 },
      rows.map((row) => row.input.input),
    );
    const byFirm = new Map(recomputed.firms.map((firm) => [firm.firmId, firm]));
    for (const row of rows) {
      const firm = byFirm.get(row.input.input.firmId)!;
      expect([row.total, row.class]).toEqual(firm.status === 'graded' ? [firm.total, firm.class] : [null, null]);
    }
    expect(new Set(rows.map((row) => row.class))).toEqual(new Set(['A', 'B', 'C', 'D', null]));
  });

  it('keeps a draft from the firms: an owner cannot see the round before its notice', async () => {
    expect(errorCode(await resultRequest(app, tokens.ownerA1, round.id, IDS.firmA1))).toBe('NOT_FOUND');
  });

  it('recomputes a draft to the same results', async () => {
    const before = await app.dataSource.query(
      'SELECT firm_id, total, class FROM evaluation_results WHERE round_id = $1 ORDER BY firm_id',
      [round.id],
    );
    dataOf(await computeRound(app, tokens.parkAdminA, round.id));
    const after = await app.dataSource.query(
      'SELECT firm_id, total, class FROM evaluation_results WHERE round_id = $1 ORDER BY firm_id',
      [round.id],
    );
    expect(after).toEqual(before);
  });

  describe('on public notice', () => {
    let endsAt: Date;

    beforeAll(async () => {
      endsAt = new Date(Date.now() + 4000);
      round = dataOf(await startNotice(app, tokens.parkAdminA, round.id, endsAt)).startEvaluationNotice;
    });

    it('shows a firm its own result with the full explanation, every figure traced to its record', async () => {
      const own = await result(app, tokens.ownerA1, round.id, IDS.firmA1);
      const [{ id: taxFigureId }] = await app.dataSource.query(
        `SELECT id FROM firm_annual_figures WHERE firm_id = $1 AND year = 2025 AND kind = 'TAX_PAID' AND superseded_at IS NULL`,
        [IDS.firmA1],
      );

      expect(own.status).toBe('GRADED');
      expect(own.graded?.indicators.map((indicator) => indicator.indicatorId)).toEqual([
        'taxPerMu',
        'valueAddedPerMu',
        'valueAddedPerEnergy',
        'valueAddedPerEmission',
        'labourProductivity',
        'rdIntensity',
      ]);
      expect(own.graded?.indicators[0]).toMatchObject({ numeratorValue: '600', value: '30.000008' });
      expect(own.figures).toContainEqual(
        expect.objectContaining({ figure: 'taxPaid', figureId: taxFigureId, source: 'IMPORTED' }),
      );
      expect(own.figures).toContainEqual(
        expect.objectContaining({ figure: 'landMu', value: '19.999995', landPlotIds: [IDS.plotA1] }),
      );
      expect(own.rules.length).toBeGreaterThan(5);
      expect(errorCode(await resultRequest(app, tokens.ownerA1, round.id, IDS.firmA2))).toBe('NOT_FOUND');
    });

    it('gives a firm without emission data the population’s average emission score', async () => {
      const f2 = await result(app, tokens.parkAdminA, round.id, F2.id);
      expect(f2.graded?.indicators[3]).toMatchObject({ value: null, substitutionRule: 'populationAverageScore' });
    });

    it('files objections with evidence; accepting one corrects the figure and recomputes, rejecting one keeps it', async () => {
      const a1Before = await result(app, tokens.parkAdminA, round.id, IDS.firmA1);
      const a2Before = await result(app, tokens.parkAdminA, round.id, IDS.firmA2);
      acceptedObjection = dataOf(
        await fileObjection(app, tokens.ownerA1, round.id, {
          reason: '统计局增加值漏报了第四季度',
          evidence: [{ title: '2025年度审计报告', reference: '浙审字(2026)第0123号' }],
          proposedFigures: [{ kind: 'VALUE_ADDED', value: '3600' }],
        }),
      ).fileEvaluationObjection.id;
      rejectedObjection = dataOf(
        await fileObjection(app, tokens.ownerA2, round.id, {
          reason: '用电量偏高',
          evidence: [{ title: '电费单', reference: '国网临平 2025-12' }],
          proposedFigures: [{ kind: 'ELECTRICITY', value: '200' }],
        }),
      ).fileEvaluationObjection.id;
      expect(
        errorCode(
          await fileObjection(app, tokens.ownerA1, round.id, {
            reason: 'again',
            evidence: [{ title: 't', reference: 'r' }],
            proposedFigures: [],
          }),
        ),
      ).toBe('CONFLICT');

      const accepted = dataOf(
        await decideObjection(app, tokens.parkAdminA, acceptedObjection, { accept: true, reason: '审计报告属实' }),
      ).decideEvaluationObjection;
      expect(accepted).toMatchObject({ status: 'ACCEPTED', appliedFigures: [{ kind: 'VALUE_ADDED', value: '3600' }] });
      const rejected = dataOf(
        await decideObjection(app, tokens.parkAdminA, rejectedObjection, {
          accept: false,
          reason: '与电力公司抄表一致',
        }),
      ).decideEvaluationObjection;
      expect(rejected).toMatchObject({ status: 'REJECTED', decisionReason: '与电力公司抄表一致' });
      expect(errorCode(await decideObjection(app, tokens.parkAdminA, rejectedObjection, { accept: true }))).toBe(
        'CONFLICT',
      );
      expect(errorCode(await decideObjection(app, tokens.parkAdminA, acceptedObjection, { accept: false }))).toBe(
        'BAD_USER_INPUT',
      );

      const a1After = await result(app, tokens.parkAdminA, round.id, IDS.firmA1);
      const a2After = await result(app, tokens.parkAdminA, round.id, IDS.firmA2);
      expect(Number(a1After.total)).toBeGreaterThan(Number(a1Before.total));
      expect(a1After.figures).toContainEqual(
        expect.objectContaining({ figure: 'valueAdded', value: '3600', source: 'SELF_REPORTED' }),
      );
      expect(a2After.total).toBe(a2Before.total);
      const [{ state }] = await app.dataSource.query(
        `SELECT audit_state AS state FROM firm_annual_figures
          WHERE firm_id = $1 AND year = 2025 AND kind = 'VALUE_ADDED' AND superseded_at IS NULL`,
        [IDS.firmA1],
      );
      expect(state).toBe('APPROVED');
    });

    it('refuses to publish while the objection window is open, and objections once it has closed', async () => {
      expect(errorCode(await publishRound(app, tokens.parkAdminA, round.id))).toBe('CONFLICT');
      await waitUntilPast(app, endsAt);
      const late = await fileObjection(app, tokens.ownerA2, round.id, {
        reason: 'late',
        evidence: [{ title: 't', reference: 'r' }],
        proposedFigures: [],
      });
      expect(errorCode(late)).toBe('CONFLICT');
    });
  });

  describe('published', () => {
    beforeAll(async () => {
      for (const input of [
        {
          grade: 'D',
          measure: 'ELECTRICITY_SURCHARGE',
          basis: 'ELECTRICITY_KWH',
          rate: '0.3',
          minConsecutiveYears: 1,
          description: 'D 类加价 0.3 元/千瓦时',
        },
        {
          grade: 'D',
          measure: 'ELECTRICITY_SURCHARGE',
          basis: 'ELECTRICITY_KWH',
          rate: '0.4',
          minConsecutiveYears: 3,
          description: '连续三年 D 类加价 0.4 元/千瓦时',
        },
        {
          grade: 'C',
          measure: 'WATER_SURCHARGE',
          basis: 'WATER_T',
          rate: '1.5',
          minConsecutiveYears: 1,
          description: 'C 类水价加价 1.5 元/吨',
        },
        {
          grade: 'A',
          measure: 'SUBSIDY',
          basis: 'FIXED',
          rate: '50000',
          minConsecutiveYears: 1,
          description: 'A 类奖励 5 万元',
        },
      ]) {
        dataOf(
          await app.gql(
            'mutation ($input: CreateClassPolicyInput!) { createClassPolicy(input: $input) { id } }',
            { input },
            tokens.parkAdminA,
          ),
        );
      }
      round = dataOf(await publishRound(app, tokens.parkAdminA, round.id)).publishEvaluationRound;
    });

    it('is published', () => {
      expect(round.status).toBe('PUBLISHED');
    });

    it('has written the policy ledger: measure, basis and amount per firm, as the policies say', async () => {
      const expected: { firm_id: string; amount: string }[] = await app.dataSource.query(
        `SELECT firm_id, CASE class
                  WHEN 'D' THEN round(0.3 * (input->'input'->'figures'->>'electricityWankwh')::numeric * 10000, 2)
                  WHEN 'C' THEN round(1.5 * (input->'input'->'figures'->>'water')::numeric, 2)
                  WHEN 'A' THEN 50000.00 END::text AS amount
           FROM evaluation_results
          WHERE round_id = $1 AND class IN ('A', 'D')
             OR round_id = $1 AND class = 'C' AND input->'input'->'figures'->>'water' IS NOT NULL
          ORDER BY firm_id`,
        [round.id],
      );
      const ledger = dataOf(
        await app.gql<{
          policyLedger: { nodes: { firmId: string; amount: string; consecutiveYears: number; unit: string }[] };
        }>(
          `query { policyLedger(roundId: "${round.id}", first: 100) { nodes { firmId amount consecutiveYears unit measure basisQuantity } } }`,
          {},
          tokens.parkAdminA,
        ),
      ).policyLedger.nodes;

      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(
        ledger
          .map(({ firmId, amount }) => ({ firm_id: firmId, amount: Number(amount).toFixed(2) }))
          .sort((a, b) => a.firm_id.localeCompare(b.firm_id)),
      ).toEqual(expected.map((row) => ({ ...row, amount: Number(row.amount).toFixed(2) })));
      expect(ledger.every((entry) => entry.consecutiveYears === 1)).toBe(true);
    });

    it.each([
      ['UPDATE a result', (id: string) => `UPDATE evaluation_results SET total = 0 WHERE round_id = '${id}'`],
      ['DELETE a result', (id: string) => `DELETE FROM evaluation_results WHERE round_id = '${id}'`],
      [
        'INSERT a result',
        (id: string) => `INSERT INTO evaluation_results (round_id, firm_id, park_id, status, input, explanation)
          VALUES ('${id}', gen_random_uuid(), gen_random_uuid(), 'GRADED', '{}', '{}')`,
      ],
      ['UPDATE the round', (id: string) => `UPDATE evaluation_rounds SET status = 'DRAFT' WHERE id = '${id}'`],
      ['DELETE the round', (id: string) => `DELETE FROM evaluation_rounds WHERE id = '${id}'`],
      [
        'UPDATE an objection',
        (id: string) => `UPDATE evaluation_objections SET status = 'OPEN' WHERE round_id = '${id}'`,
      ],
      ['UPDATE a ledger entry', (id: string) => `UPDATE policy_ledger_entries SET amount = 0 WHERE round_id = '${id}'`],
      ['DELETE a ledger entry', (id: string) => `DELETE FROM policy_ledger_entries WHERE round_id = '${id}'`],
    ])('is refused by the database itself: %s', async (_, statement) => {
      const before = await app.dataSource.query(
        'SELECT SUM(total)::text AS total, COUNT(*)::int AS n FROM evaluation_results WHERE round_id = $1',
        [round.id],
      );
      await expect(app.dataSource.query(statement(round.id))).rejects.toThrow(/immutable|never changed/);
      const after = await app.dataSource.query(
        'SELECT SUM(total)::text AS total, COUNT(*)::int AS n FROM evaluation_results WHERE round_id = $1',
        [round.id],
      );
      expect(after).toEqual(before);
    });

    it.each([
      [
        'computeEvaluationRound',
        `mutation { computeEvaluationRound(id: "ROUND", allowUnconfirmedSheets: true) { id } }`,
      ],
      [
        'startEvaluationNotice',
        `mutation { startEvaluationNotice(id: "ROUND", endsAt: "2099-01-01T00:00:00Z") { id } }`,
      ],
      ['publishEvaluationRound', `mutation { publishEvaluationRound(id: "ROUND") { id } }`],
    ])('refuses %s through the API', async (_, document) => {
      const response = await app.gql(document.replace('ROUND', round.id), {}, tokens.parkAdminA);
      expect(refusal(response)).toEqual({ code: 'CONFLICT', data: null });
    });

    it('answers what-if for a firm against the published population', async () => {
      const answer = dataOf(
        await app.gql<{
          evaluationWhatIf: {
            published: { total: string; class: string };
            hypothetical: { total: string; class: string; rank: number };
            classThresholds: { class: string; lowestTotal: string | null; reachable: boolean }[];
          };
        }>(
          `query { evaluationWhatIf(roundId: "${round.id}", firmId: "${F7.id}", input: { figures: [{ kind: TAX_PAID, value: "60" }] }) {
             published { total class } hypothetical { total class rank } classThresholds { class lowestTotal reachable } } }`,
          {},
          tokens.parkAdminA,
        ),
      ).evaluationWhatIf;
      const published = await result(app, tokens.parkAdminA, round.id, F7.id);

      expect(answer.published).toEqual({ total: published.total, class: published.class });
      expect(Number(answer.hypothetical.total)).toBeGreaterThan(Number(answer.published.total));
      expect(answer.hypothetical.rank).toBe(1);
      expect(answer.classThresholds.map((threshold) => threshold.class)).toEqual(['A', 'B', 'C', 'D']);
    });

    it('exports the results as XLSX and the ledger as CSV; a firm gets its own row only', async () => {
      const xlsx = dataOf(
        await app.gql<{ exportEvaluationResults: { fileName: string; contentBase64: string; rowCount: number } }>(
          `query { exportEvaluationResults(roundId: "${round.id}", format: XLSX) { fileName contentBase64 rowCount } }`,
          {},
          tokens.parkAdminA,
        ),
      ).exportEvaluationResults;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
      const rows = (workbook.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean);
      const a1 = await result(app, tokens.parkAdminA, round.id, IDS.firmA1);
      const a1Row = rows.find((row) => row[1] === USCC.firmA1)!;

      expect(xlsx).toMatchObject({ fileName: 'evaluation-2025-v1.xlsx', rowCount: 10 });
      expect([a1Row[5], a1Row[8]]).toEqual([Number(a1.total), a1.class]);

      const ledgerCsv = dataOf(
        await app.gql<{ exportPolicyLedger: { contentBase64: string; rowCount: number } }>(
          `query { exportPolicyLedger(roundId: "${round.id}", format: CSV) { contentBase64 rowCount } }`,
          {},
          tokens.parkAdminA,
        ),
      ).exportPolicyLedger;
      const [{ entries }] = await app.dataSource.query(
        'SELECT COUNT(*)::int AS entries FROM policy_ledger_entries WHERE round_id = $1',
        [round.id],
      );
      expect(ledgerCsv.rowCount).toBe(entries);
      expect(
        Buffer.from(ledgerCsv.contentBase64, 'base64').toString('utf8').split('\r\n').filter(Boolean),
      ).toHaveLength(entries + 1);

      const own = dataOf(
        await app.gql<{ exportEvaluationResults: { contentBase64: string; rowCount: number } }>(
          `query { exportEvaluationResults(roundId: "${round.id}", format: CSV) { contentBase64 rowCount } }`,
          {},
          tokens.ownerA2,
        ),
      ).exportEvaluationResults;
      expect(own.rowCount).toBe(1);
      expect(Buffer.from(own.contentBase64, 'base64').toString('utf8')).toContain(USCC.firmA2);
    });
  });

  describe('a correction: a new version, with a diff against the published one', () => {
    beforeAll(async () => {
      correction = dataOf(
        await app.gql<{ createEvaluationCorrection: RoundView }>(
          `mutation { createEvaluationCorrection(id: "${round.id}") { ${ROUND_FIELDS} } }`,
          {},
          tokens.parkAdminA,
        ),
      ).createEvaluationCorrection;
      // The tax bureau corrects F3's tax: it moves from the bottom of the 规上 ranking to the top.
      const { job } = await importFile(app, tokens.parkAdminA, {
        fileType: 'TAX_BUREAU',
        format: 'CSV',
        fileName: 'tax-correction.csv',
        contentBase64: csvBase64(['uscc,year,taxPaid', `${F3.uscc},2025,2000`]),
      });
      expect(job.figuresWritten).toBe(1);
      dataOf(await computeRound(app, tokens.parkAdminA, correction.id));
      const endsAt = new Date(Date.now() + 1500);
      dataOf(await startNotice(app, tokens.parkAdminA, correction.id, endsAt));
      await waitUntilPast(app, endsAt);
      correction = dataOf(await publishRound(app, tokens.parkAdminA, correction.id)).publishEvaluationRound;
    });

    it('is version 2 of the same year, pointing at version 1, and leaves version 1 as published', async () => {
      expect(correction).toMatchObject({ version: 2, year: 2025, previousRoundId: round.id, status: 'PUBLISHED' });
      const [{ total }] = await app.dataSource.query(
        'SELECT total::text FROM evaluation_results WHERE round_id = $1 AND firm_id = $2',
        [round.id, F3.id],
      );
      expect(total).toBe((await result(app, tokens.parkAdminA, round.id, F3.id)).total);
    });

    it('summarises and lists the changed classes and scores', async () => {
      const summary = dataOf(
        await app.gql<{
          evaluationRoundDiffSummary: {
            previousVersion: number;
            classChanged: number;
            scoreChanged: number;
            firmsChanged: number;
            firmsAdded: number;
          };
        }>(
          `query { evaluationRoundDiffSummary(roundId: "${correction.id}") { previousVersion classChanged scoreChanged firmsChanged firmsAdded firmsRemoved } }`,
          {},
          tokens.parkAdminA,
        ),
      ).evaluationRoundDiffSummary;
      const changes = dataOf(
        await app.gql<{
          evaluationRoundDiff: {
            totalCount: number;
            nodes: {
              firmId: string;
              classBefore: string;
              classAfter: string;
              totalBefore: string;
              totalAfter: string;
            }[];
          };
        }>(
          `query { evaluationRoundDiff(roundId: "${correction.id}", first: 100) { totalCount nodes { firmId classBefore classAfter totalBefore totalAfter rankBefore rankAfter } } }`,
          {},
          tokens.parkAdminA,
        ),
      ).evaluationRoundDiff;
      const [v1, v2] = [
        await result(app, tokens.parkAdminA, round.id, F3.id),
        await result(app, tokens.parkAdminA, correction.id, F3.id),
      ];

      expect(summary).toMatchObject({ previousVersion: 1, firmsAdded: 0 });
      expect(summary.classChanged).toBeGreaterThanOrEqual(1);
      expect(changes.nodes).toContainEqual(
        expect.objectContaining({
          firmId: F3.id,
          classBefore: v1.class,
          classAfter: v2.class,
          totalBefore: v1.total,
          totalAfter: v2.total,
        }),
      );
      expect(v2.class).toBe('A');
      expect(changes.totalCount).toBe(summary.firmsChanged);
    });

    it('has its own ledger; the first version’s ledger is unchanged', async () => {
      const [{ first, second }] = await app.dataSource.query(
        `SELECT COUNT(*) FILTER (WHERE round_id = $1)::int AS first, COUNT(*) FILTER (WHERE round_id = $2)::int AS second
           FROM policy_ledger_entries`,
        [round.id, correction.id],
      );
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(0);
    });

    it('refuses a correction of a version that is no longer the latest', async () => {
      const response = await app.gql(
        `mutation { createEvaluationCorrection(id: "${round.id}") { id } }`,
        {},
        tokens.parkAdminA,
      );
      expect(refusal(response)).toEqual({ code: 'CONFLICT', data: null });
    });
  });

  describe('refusals on every operation: another park’s admin, another firm’s owner, a buyer', () => {
    let policyId: string;
    let snapshot: unknown;
    const state = () =>
      app.dataSource.query(
        `SELECT (SELECT json_agg(r ORDER BY id) FROM evaluation_rounds r) AS rounds,
                (SELECT json_agg(o ORDER BY id) FROM evaluation_objections o) AS objections,
                (SELECT json_agg(p ORDER BY id) FROM class_policies p) AS policies,
                (SELECT COUNT(*) FROM evaluation_schemes) AS schemes,
                (SELECT COUNT(*) FROM evaluation_results) AS results`,
      );

    beforeAll(async () => {
      [{ id: policyId }] = await app.dataSource.query('SELECT id FROM class_policies WHERE park_id = $1 LIMIT 1', [
        IDS.parkA,
      ]);
      snapshot = await state();
    });

    const R = 'ROUND';
    const CASES: [string, string, string, string][] = [
      ['evaluationRound', 'parkAdminB', 'NOT_FOUND', `query { evaluationRound(id: "${R}") { id } }`],
      ['evaluationRound', 'ownerB1', 'NOT_FOUND', `query { evaluationRound(id: "${R}") { id } }`],
      ['evaluationRound', 'buyer1', 'FORBIDDEN', `query { evaluationRound(id: "${R}") { id } }`],
      ['evaluationRounds', 'buyer1', 'FORBIDDEN', 'query { evaluationRounds(first: 5) { totalCount } }'],
      [
        'evaluationRoundReadiness',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationRoundReadiness(id: "${R}") { firmsWithFigures } }`,
      ],
      [
        'evaluationRoundReadiness',
        'ownerA1',
        'FORBIDDEN',
        `query { evaluationRoundReadiness(id: "${R}") { firmsWithFigures } }`,
      ],
      [
        'evaluationRoundReadiness',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationRoundReadiness(id: "${R}") { firmsWithFigures } }`,
      ],
      [
        'evaluationResult of firm A1',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationResult(roundId: "${R}", firmId: "${IDS.firmA1}") { total } }`,
      ],
      [
        'evaluationResult of firm A1',
        'ownerA2',
        'NOT_FOUND',
        `query { evaluationResult(roundId: "${R}", firmId: "${IDS.firmA1}") { total } }`,
      ],
      [
        'evaluationResult of firm A1',
        'ownerB1',
        'NOT_FOUND',
        `query { evaluationResult(roundId: "${R}", firmId: "${IDS.firmA1}") { total } }`,
      ],
      [
        'evaluationResult of firm A1',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationResult(roundId: "${R}", firmId: "${IDS.firmA1}") { total } }`,
      ],
      [
        'evaluationResults',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationResults(roundId: "${R}", first: 5) { totalCount } }`,
      ],
      [
        'evaluationResults',
        'ownerA1',
        'FORBIDDEN',
        `query { evaluationResults(roundId: "${R}", first: 5) { totalCount } }`,
      ],
      [
        'evaluationResults',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationResults(roundId: "${R}", first: 5) { totalCount } }`,
      ],
      [
        'evaluationRoundDiffSummary',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationRoundDiffSummary(roundId: "CORRECTION") { classChanged } }`,
      ],
      [
        'evaluationRoundDiffSummary',
        'ownerA1',
        'FORBIDDEN',
        `query { evaluationRoundDiffSummary(roundId: "CORRECTION") { classChanged } }`,
      ],
      [
        'evaluationRoundDiffSummary',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationRoundDiffSummary(roundId: "CORRECTION") { classChanged } }`,
      ],
      [
        'evaluationRoundDiff',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationRoundDiff(roundId: "CORRECTION", first: 5) { totalCount } }`,
      ],
      [
        'evaluationRoundDiff',
        'ownerA1',
        'FORBIDDEN',
        `query { evaluationRoundDiff(roundId: "CORRECTION", first: 5) { totalCount } }`,
      ],
      [
        'evaluationRoundDiff',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationRoundDiff(roundId: "CORRECTION", first: 5) { totalCount } }`,
      ],
      [
        'evaluationWhatIf for firm A1',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationWhatIf(roundId: "${R}", firmId: "${IDS.firmA1}", input: { figures: [] }) { firmId } }`,
      ],
      [
        'evaluationWhatIf for firm A1',
        'ownerA2',
        'NOT_FOUND',
        `query { evaluationWhatIf(roundId: "${R}", firmId: "${IDS.firmA1}", input: { figures: [] }) { firmId } }`,
      ],
      [
        'evaluationWhatIf for firm A1',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationWhatIf(roundId: "${R}", firmId: "${IDS.firmA1}", input: { figures: [] }) { firmId } }`,
      ],
      [
        'exportEvaluationResults',
        'parkAdminB',
        'NOT_FOUND',
        `query { exportEvaluationResults(roundId: "${R}", format: CSV) { rowCount } }`,
      ],
      [
        'exportEvaluationResults',
        'ownerB1',
        'NOT_FOUND',
        `query { exportEvaluationResults(roundId: "${R}", format: CSV) { rowCount } }`,
      ],
      [
        'exportEvaluationResults',
        'buyer1',
        'FORBIDDEN',
        `query { exportEvaluationResults(roundId: "${R}", format: CSV) { rowCount } }`,
      ],
      [
        'exportPolicyLedger',
        'parkAdminB',
        'NOT_FOUND',
        `query { exportPolicyLedger(roundId: "${R}", format: CSV) { rowCount } }`,
      ],
      [
        'exportPolicyLedger',
        'ownerB1',
        'NOT_FOUND',
        `query { exportPolicyLedger(roundId: "${R}", format: CSV) { rowCount } }`,
      ],
      [
        'exportPolicyLedger',
        'buyer1',
        'FORBIDDEN',
        `query { exportPolicyLedger(roundId: "${R}", format: CSV) { rowCount } }`,
      ],
      [
        'evaluationObjections',
        'parkAdminB',
        'NOT_FOUND',
        `query { evaluationObjections(roundId: "${R}", first: 5) { totalCount } }`,
      ],
      [
        'evaluationObjections',
        'ownerB1',
        'NOT_FOUND',
        `query { evaluationObjections(roundId: "${R}", first: 5) { totalCount } }`,
      ],
      [
        'evaluationObjections',
        'buyer1',
        'FORBIDDEN',
        `query { evaluationObjections(roundId: "${R}", first: 5) { totalCount } }`,
      ],
      ['policyLedger', 'parkAdminB', 'NOT_FOUND', `query { policyLedger(roundId: "${R}", first: 5) { totalCount } }`],
      ['policyLedger', 'ownerB1', 'NOT_FOUND', `query { policyLedger(roundId: "${R}", first: 5) { totalCount } }`],
      ['policyLedger', 'buyer1', 'FORBIDDEN', `query { policyLedger(roundId: "${R}", first: 5) { totalCount } }`],
      [
        'policyLedger of firm A1',
        'ownerA2',
        'NOT_FOUND',
        `query { policyLedger(roundId: "${R}", first: 5, filter: { firmId: "${IDS.firmA1}" }) { totalCount } }`,
      ],
      [
        'classPolicies of park A',
        'parkAdminB',
        'NOT_FOUND',
        `query { classPolicies(first: 5, filter: { parkId: "${IDS.parkA}" }) { totalCount } }`,
      ],
      ['classPolicies', 'ownerA1', 'FORBIDDEN', 'query { classPolicies(first: 5) { totalCount } }'],
      ['classPolicies', 'buyer1', 'FORBIDDEN', 'query { classPolicies(first: 5) { totalCount } }'],
      ['evaluationSchemes', 'ownerA1', 'FORBIDDEN', 'query { evaluationSchemes(first: 5) { totalCount } }'],
      ['evaluationSchemes', 'buyer1', 'FORBIDDEN', 'query { evaluationSchemes(first: 5) { totalCount } }'],
      [
        'createEvaluationScheme',
        'ownerA1',
        'FORBIDDEN',
        `mutation { createEvaluationScheme(input: { definitionJson: "{}" }) { id } }`,
      ],
      [
        'createEvaluationScheme',
        'buyer1',
        'FORBIDDEN',
        `mutation { createEvaluationScheme(input: { definitionJson: "{}" }) { id } }`,
      ],
      [
        'createEvaluationRound with park A’s scheme',
        'parkAdminB',
        'NOT_FOUND',
        `mutation { createEvaluationRound(input: { year: 2025, schemeId: "SCHEME" }) { id } }`,
      ],
      [
        'createEvaluationRound',
        'ownerA1',
        'FORBIDDEN',
        `mutation { createEvaluationRound(input: { year: 2025, schemeId: "SCHEME" }) { id } }`,
      ],
      [
        'createEvaluationRound',
        'buyer1',
        'FORBIDDEN',
        `mutation { createEvaluationRound(input: { year: 2025, schemeId: "SCHEME" }) { id } }`,
      ],
      ...(['computeEvaluationRound', 'publishEvaluationRound', 'createEvaluationCorrection'] as const).flatMap(
        (operation) => {
          const document =
            operation === 'computeEvaluationRound'
              ? `mutation { computeEvaluationRound(id: "${R}", allowUnconfirmedSheets: true) { id } }`
              : `mutation { ${operation}(id: "${R}") { id } }`;
          return [
            [operation, 'parkAdminB', 'NOT_FOUND', document],
            [operation, 'ownerA1', 'FORBIDDEN', document],
            [operation, 'buyer1', 'FORBIDDEN', document],
          ] as [string, string, string, string][];
        },
      ),
      [
        'startEvaluationNotice',
        'parkAdminB',
        'NOT_FOUND',
        `mutation { startEvaluationNotice(id: "${R}", endsAt: "2099-01-01T00:00:00Z") { id } }`,
      ],
      [
        'startEvaluationNotice',
        'ownerA1',
        'FORBIDDEN',
        `mutation { startEvaluationNotice(id: "${R}", endsAt: "2099-01-01T00:00:00Z") { id } }`,
      ],
      [
        'startEvaluationNotice',
        'buyer1',
        'FORBIDDEN',
        `mutation { startEvaluationNotice(id: "${R}", endsAt: "2099-01-01T00:00:00Z") { id } }`,
      ],
      [
        'fileEvaluationObjection',
        'ownerB1',
        'NOT_FOUND',
        `mutation { fileEvaluationObjection(roundId: "${R}", input: { reason: "x", evidence: [{ title: "t", reference: "r" }] }) { id } }`,
      ],
      [
        'fileEvaluationObjection',
        'parkAdminA',
        'FORBIDDEN',
        `mutation { fileEvaluationObjection(roundId: "${R}", input: { reason: "x", evidence: [{ title: "t", reference: "r" }] }) { id } }`,
      ],
      [
        'fileEvaluationObjection',
        'buyer1',
        'FORBIDDEN',
        `mutation { fileEvaluationObjection(roundId: "${R}", input: { reason: "x", evidence: [{ title: "t", reference: "r" }] }) { id } }`,
      ],
      [
        'decideEvaluationObjection',
        'parkAdminB',
        'NOT_FOUND',
        `mutation { decideEvaluationObjection(id: "OBJECTION", input: { accept: false, reason: "no" }) { id } }`,
      ],
      [
        'decideEvaluationObjection',
        'ownerA1',
        'FORBIDDEN',
        `mutation { decideEvaluationObjection(id: "OBJECTION", input: { accept: false, reason: "no" }) { id } }`,
      ],
      [
        'decideEvaluationObjection',
        'buyer1',
        'FORBIDDEN',
        `mutation { decideEvaluationObjection(id: "OBJECTION", input: { accept: false, reason: "no" }) { id } }`,
      ],
      [
        'createClassPolicy',
        'ownerA1',
        'FORBIDDEN',
        `mutation { createClassPolicy(input: { grade: "D", measure: SUBSIDY, basis: FIXED, rate: "1", description: "x" }) { id } }`,
      ],
      [
        'createClassPolicy',
        'buyer1',
        'FORBIDDEN',
        `mutation { createClassPolicy(input: { grade: "D", measure: SUBSIDY, basis: FIXED, rate: "1", description: "x" }) { id } }`,
      ],
      ['retireClassPolicy of park A', 'parkAdminB', 'NOT_FOUND', 'mutation { retireClassPolicy(id: "POLICY") { id } }'],
      ['retireClassPolicy', 'ownerA1', 'FORBIDDEN', 'mutation { retireClassPolicy(id: "POLICY") { id } }'],
      ['retireClassPolicy', 'buyer1', 'FORBIDDEN', 'mutation { retireClassPolicy(id: "POLICY") { id } }'],
    ];

    it.each(CASES)('%s as %s answers %s and writes nothing', async (_, who, code, document) => {
      const filled = document
        .replace(/ROUND/g, round.id)
        .replace(/CORRECTION/g, correction.id)
        .replace(/SCHEME/g, schemeId)
        .replace(/OBJECTION/g, rejectedObjection)
        .replace(/POLICY/g, policyId);
      expect(refusal(await app.gql(filled, {}, tokens[who as keyof Tokens]))).toEqual({ code, data: null });
      expect(await state()).toEqual(snapshot);
    });

    it('lists none of park A’s rounds, schemes or policies to park B’s admin, and a firm only its own ledger lines', async () => {
      const seen = dataOf(
        await app.gql<{
          evaluationRounds: { totalCount: number };
          evaluationSchemes: { nodes: { id: string }[] };
          classPolicies: { totalCount: number };
        }>(
          'query { evaluationRounds(first: 10) { totalCount } evaluationSchemes(first: 100) { nodes { id } } classPolicies(first: 10) { totalCount } }',
          {},
          tokens.parkAdminB,
        ),
      );
      expect(seen.evaluationRounds.totalCount).toBe(0);
      expect(seen.evaluationSchemes.nodes.map((scheme) => scheme.id)).not.toContain(schemeId);
      expect(seen.classPolicies.totalCount).toBe(0);
      const ownLedger = dataOf(
        await app.gql<{ policyLedger: { nodes: { firmId: string }[] } }>(
          `query { policyLedger(roundId: "${round.id}", first: 100) { nodes { firmId } } }`,
          {},
          tokens.ownerA2,
        ),
      ).policyLedger.nodes;
      expect(ownLedger.every((entry) => entry.firmId === IDS.firmA2)).toBe(true);
    });
  });
});
