import { usccCheckCharacter } from '@vg/core';
import Decimal from 'decimal.js';
import { EvaluationScheme, HUANGYAN_2022_SCHEME } from '@vg/evaluation';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { computeRound } from './evaluation-operations';
import { storedResultsOf } from './stored-results';

/** Huangyan's method plus the per-firm rules a county adds: an override, an exemption and a penalty item. */
const SCHEME: EvaluationScheme = {
  ...HUANGYAN_2022_SCHEME,
  id: 'adjustments-2025',
  name: '调整项测试 2025',
  year: 2025,
  items: [{ id: 'extra-tenant', name: '违规转租', pointsPerCount: '-5' }],
  overrideRules: [{ id: 'major-accident', reason: '重大安全事故', forcedClass: 'D' }],
  exemptionRules: [{ id: 'new-firm', reason: '新投产企业' }],
};

const FIRMS = [1, 2, 3, 4, 5].map((serial) => {
  const first17 = `91330113MA2J${String(serial).padStart(5, '0')}`;
  return {
    id: `00000000-0000-4000-8000-00000000f${String(serial).padStart(3, '0')}`,
    uscc: first17 + usccCheckCharacter(first17),
    taxWanYuan: String(100 * serial),
  };
});

const RECORD = `mutation ($input: RecordEvaluationAdjustmentInput!) {
  recordEvaluationAdjustment(input: $input) { id kind ruleId count evidence }
}`;

interface StoredResult {
  firm_id: string;
  status: string;
  total: string | null;
  class: string | null;
  explanation: { classDecision?: { decidedBy: string; overrides: { ruleId: string; evidence: string }[] } };
}

describe('per-firm adjustments of a round: items, overrides and exemptions with their evidence', () => {
  let app: TestApp;
  let tokens: Tokens;
  let roundId: string;

  const results = async (): Promise<Map<string, StoredResult>> => {
    const rows: StoredResult[] = (await storedResultsOf(app.dataSource, roundId)).map((result) => ({
      firm_id: result.firmId,
      status: result.status,
      total: result.total,
      class: result.grade,
      explanation: result.explanation as StoredResult['explanation'],
    }));
    return new Map(rows.map((row) => [row.firm_id, row]));
  };
  const record = (input: Record<string, unknown>, token = tokens.parkAdminA) =>
    app.gql<{ recordEvaluationAdjustment: { id: string } | null }>(RECORD, { input: { roundId, ...input } }, token);

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const [{ id: enteredBy }] = await app.dataSource.query(`SELECT id FROM users WHERE role = 'PARK_ADMIN' LIMIT 1`);
    await app.dataSource.query(
      `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       SELECT id, $1, u, 'firm ' || u, '18', '纺织服装', 50, '临平区', '2024-01-01' FROM unnest($2::uuid[], $3::text[]) AS t(id, u)`,
      [IDS.parkA, FIRMS.map((firm) => firm.id), FIRMS.map((firm) => firm.uscc)],
    );
    await app.dataSource.query(
      `INSERT INTO firm_scales (firm_id, park_id, year, scale) SELECT id, $1, 2025, 'ABOVE' FROM unnest($2::uuid[]) id`,
      [IDS.parkA, FIRMS.map((firm) => firm.id)],
    );
    await app.dataSource.query(
      `INSERT INTO land_plots (firm_id, park_id, certificate_no, area_m2, tenure)
       SELECT id, $1, 'ADJ-' || id, 13333.33, 'OWNED' FROM unnest($2::uuid[]) id`,
      [IDS.parkA, FIRMS.map((firm) => firm.id)],
    );
    await app.dataSource.query(
      `INSERT INTO firm_annual_figures (firm_id, park_id, year, kind, value, source, audit_state, entered_by)
       SELECT id, $1, 2025, 'TAX_PAID', tax, 'IMPORTED', 'APPROVED', $4 FROM unnest($2::uuid[], $3::numeric[]) AS t(id, tax)`,
      [IDS.parkA, FIRMS.map((firm) => firm.id), FIRMS.map((firm) => firm.taxWanYuan), enteredBy],
    );
    const scheme = dataOf(
      await app.gql<{ createEvaluationScheme: { id: string } }>(
        'mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { id } }',
        { input: { definitionJson: JSON.stringify(SCHEME) } },
        tokens.parkAdminA,
      ),
    ).createEvaluationScheme;
    roundId = dataOf(
      await app.gql<{ createEvaluationRound: { id: string } }>(
        'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { id } }',
        { input: { year: 2025, schemeId: scheme.id } },
        tokens.parkAdminA,
      ),
    ).createEvaluationRound.id;
    dataOf(await computeRound(app, tokens.parkAdminA, roundId));
  });
  afterAll(() => app.close());

  it('applies an override, an exemption and an item count at the next computation', async () => {
    const before = await results();
    const [best, exempted, penalised] = [FIRMS[4], FIRMS[0], FIRMS[2]];
    expect(before.get(best.id)?.class).toBe('A');

    dataOf(
      await record({ firmId: best.id, kind: 'OVERRIDE', ruleId: 'major-accident', evidence: '应急管理局 2025-017' }),
    );
    dataOf(await record({ firmId: exempted.id, kind: 'EXEMPTION', ruleId: 'new-firm', evidence: '2025 年投产' }));
    dataOf(
      await record({ firmId: penalised.id, kind: 'ITEM', ruleId: 'extra-tenant', count: 2, evidence: '巡查记录' }),
    );
    const [{ status }] = await app.dataSource.query('SELECT status FROM evaluation_rounds WHERE id = $1', [roundId]);
    expect(status).toBe('DRAFT');

    dataOf(await computeRound(app, tokens.parkAdminA, roundId));
    const after = await results();
    expect(after.get(best.id)).toMatchObject({ status: 'GRADED', class: 'D' });
    expect(after.get(best.id)?.explanation.classDecision).toMatchObject({
      decidedBy: 'override',
      overrides: [expect.objectContaining({ ruleId: 'major-accident', evidence: '应急管理局 2025-017' })],
    });
    expect(after.get(exempted.id)).toMatchObject({ status: 'EXEMPT', class: null, total: null });
    // Huangyan's benchmarks are fixed numbers, so the penalty is all that moves this firm's total: 2 × −5.
    const penalty = new Decimal(before.get(penalised.id)?.total ?? 'NaN').minus(
      after.get(penalised.id)?.total ?? 'NaN',
    );
    expect(penalty.toFixed(4)).toBe('10.0000');
  });

  it('lists a draft round’s adjustments to its park’s admin and to no other park', async () => {
    const listed = dataOf(
      await app.gql<{ evaluationAdjustments: { totalCount: number } }>(
        'query ($roundId: ID!) { evaluationAdjustments(roundId: $roundId, first: 10) { totalCount } }',
        { roundId },
        tokens.parkAdminA,
      ),
    ).evaluationAdjustments;
    expect(listed.totalCount).toBe(3);
    const byOtherPark = await app.gql(
      'query ($roundId: ID!) { evaluationAdjustments(roundId: $roundId, first: 10) { totalCount } }',
      { roundId },
      tokens.parkAdminB,
    );
    expect(errorCode(byOtherPark)).toBe('NOT_FOUND');
  });

  it.each([
    [
      'a rule the scheme does not have',
      { kind: 'OVERRIDE', ruleId: 'made-up', evidence: 'none at all' },
      'BAD_USER_INPUT',
    ],
    ['an item without a count', { kind: 'ITEM', ruleId: 'extra-tenant', evidence: '巡查记录' }, 'BAD_USER_INPUT'],
    [
      'an override with a count',
      { kind: 'OVERRIDE', ruleId: 'major-accident', count: 1, evidence: '报告' },
      'BAD_USER_INPUT',
    ],
  ])('refuses %s and writes nothing', async (_situation, input, code) => {
    const before = await app.dataSource.query('SELECT COUNT(*)::int AS n FROM evaluation_adjustments');
    const response = await record({ firmId: FIRMS[1].id, ...input });
    expect(errorCode(response)).toBe(code);
    expect(await app.dataSource.query('SELECT COUNT(*)::int AS n FROM evaluation_adjustments')).toEqual(before);
  });

  it.each([
    ['another park’s admin', 'parkAdminB', 'NOT_FOUND'],
    ['a firm owner', 'ownerA1', 'FORBIDDEN'],
    ['a buyer', 'buyer1', 'FORBIDDEN'],
  ] as const)('refuses %s', async (_who, user, code) => {
    const response = await record(
      { firmId: FIRMS[1].id, kind: 'EXEMPTION', ruleId: 'new-firm', evidence: '2025 年投产' },
      tokens[user],
    );
    expect(errorCode(response)).toBe(code);
    const rows = await app.dataSource.query('SELECT 1 FROM evaluation_adjustments WHERE firm_id = $1', [FIRMS[1].id]);
    expect(rows).toEqual([]);
  });
});
