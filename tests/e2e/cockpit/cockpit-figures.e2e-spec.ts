/**
 * The cockpit's output, uplift, evaluation, ranking and group read models on a park with 36 months of output and
 * two published evaluation rounds: every figure equals plain SQL over the stored records, every query refuses other
 * parks' admins and firms, and each answers in a fixed number of statements whatever the park's size.
 */
import { ProposalExpiryScheduler } from '@vg/matching';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { formGroup } from '../groups/group-operations';
import { ParkFigures, seedParkFigures } from './park-figures-fixture';
import { storedResultsOf } from '../evaluation/stored-results';
import { statementCounter } from './statement-counter';

const FIRMS = 40;
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

const OUTPUT = `query ($parkId: ID, $fromMonth: String!, $toMonth: String!) {
  cockpitOutput(parkId: $parkId, fromMonth: $fromMonth, toMonth: $toMonth) {
    parkId months { month outputValue platformOutput } byIndustryGroup { industryGroup month outputValue }
    byStage { processCode month platformOutput } totals { outputValue platformOutput platformShare }
  }
}`;
const UPLIFT = `query ($parkId: ID) {
  cockpitUplift(parkId: $parkId) {
    parkId asOfMonth firms coveredFirms averageUpliftPercent medianUpliftPercent totalAddedOutput totalBaselineOutput
    totalCurrentOutput buckets { lowerPercent upperPercent firms } notCovered { reason firms }
  }
}`;
const EVALUATION = `query ($parkId: ID) {
  cockpitEvaluation(parkId: $parkId) {
    parkId round { id year version } previousRound { id year }
    classes { class firms landAreaMu landShare } movement { fromClass toClass firms }
    dLand(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { firmId firmName plots areaMu taxPerMu score rank } }
  }
}`;
const RANKING = `query ($parkId: ID, $indicator: RankingIndicator!) {
  cockpitRanking(parkId: $parkId, indicator: $indicator, first: 3) {
    parkId indicator unit rankedFirms
    top { rank firmId value explanation { query variables } } bottom { rank firmId value }
  }
}`;
const GROUP = `query ($groupId: ID!) {
  groupPerformance(groupId: $groupId) {
    groupId parkId currentFrom currentTo
    totals { members coveredMembers currentOutput platformOutput baselineOutput addedOutput upliftPercent averageUpliftPercent }
    members { firmId stages joinedOn currentOutput baselineOutput addedOutput upliftPercent covered class score }
    months { month outputValue } round { id } grades { class firms } orders { posted piecesInsideGroup piecesOutsideGroup }
  }
}`;

describe('cockpit figures: output, uplift, evaluation, ranking and groups', () => {
  let app: TestApp;
  let tokens: Tokens;
  let figures: ParkFigures;
  let groupId: string;
  let groupJoinedOn: string;
  const window = () => ({ fromMonth: figures.firstMonth, toMonth: figures.lastMonth });

  beforeAll(async () => {
    app = await startTestApp();
    app.app.get(ProposalExpiryScheduler).onApplicationShutdown();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    figures = await seedParkFigures(app.dataSource, IDS.parkA, FIRMS);
    await seedParkFigures(app.dataSource, IDS.parkB, 5, { seed: 99 });
    await app.dataSource.query(
      `INSERT INTO firm_processes (firm_id, park_id, process_code) SELECT unnest($1::uuid[]), $2, 'SEWING'`,
      [figures.firmIds.slice(0, 3), IDS.parkA],
    );
    groupJoinedOn = `${monthOf(monthIndex(figures.lastMonth) - 13)}-01`;
    const group = await formGroup(app, tokens.parkAdminA, {
      name: '女式羽绒服虚拟集团',
      productLine: '女式羽绒服',
      stageProcesses: ['SEWING'],
      leadFirmId: figures.firmIds[0],
      members: figures.firmIds
        .slice(0, 3)
        .map((firmId) => ({ firmId, stageProcess: 'SEWING', joinedOn: groupJoinedOn })),
    });
    groupId = group.id;
  });
  afterAll(() => app.close());

  const query = async <T>(document: string, variables: Record<string, unknown>, token = tokens.parkAdminA) =>
    Object.values(dataOf(await app.gql<Record<string, T>>(document, variables, token)))[0];

  it('output per month and by industry group equals the monthly records’ sums, for the caller’s park only', async () => {
    const output = await query<{
      months: { month: string; outputValue: string }[];
      byIndustryGroup: { industryGroup: string; month: string; outputValue: string }[];
      totals: { outputValue: string; platformShare: string | null };
    }>(OUTPUT, window());
    const expected: { month: string; total: string }[] = await app.dataSource.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, SUM(output_value)::text AS total FROM firm_monthly_output
        WHERE park_id = $1 GROUP BY 1 ORDER BY 1`,
      [IDS.parkA],
    );
    expect(output.months).toHaveLength(36);
    expect(output.months.map((row) => [row.month, row.outputValue])).toEqual(
      expected.map((row) => [row.month, row.total]),
    );
    const [{ total }] = await app.dataSource.query(
      `SELECT SUM(output_value)::text AS total FROM firm_monthly_output WHERE park_id = $1`,
      [IDS.parkA],
    );
    expect(output.totals.outputValue).toBe(total);
    const byGroup: { industry_group: string; month: string; total: string }[] = await app.dataSource.query(
      `SELECT f.industry_group, to_char(o.month, 'YYYY-MM') AS month, SUM(o.output_value)::text AS total
         FROM firm_monthly_output o JOIN firms f ON f.id = o.firm_id WHERE o.park_id = $1 GROUP BY 1, 2 ORDER BY 2, 1`,
      [IDS.parkA],
    );
    expect(output.byIndustryGroup.map((row) => [row.industryGroup, row.month, row.outputValue])).toEqual(
      byGroup.map((row) => [row.industry_group, row.month, row.total]),
    );
    expect(output.totals.platformShare).toBe('0.0000');
  });

  it('uplift over covered firms equals plain SQL over the records, with every covered firm in one bucket', async () => {
    const uplift = await query<{
      asOfMonth: string;
      firms: number;
      coveredFirms: number;
      averageUpliftPercent: string;
      totalAddedOutput: string;
      totalBaselineOutput: string;
      buckets: { firms: number }[];
      notCovered: { reason: string; firms: number }[];
    }>(UPLIFT, {});
    expect(uplift.asOfMonth).toBe(figures.lastMonth);
    const [expected] = await app.dataSource.query(
      `WITH f AS (SELECT id, date_trunc('month', joined_on)::date AS joined FROM firms WHERE park_id = $1),
       s AS (
         SELECT f.id,
                SUM(o.output_value) FILTER (WHERE o.month >= f.joined - interval '12 months' AND o.month < f.joined) AS b,
                COUNT(o.id) FILTER (WHERE o.month >= f.joined - interval '12 months' AND o.month < f.joined) AS bn,
                SUM(o.output_value) FILTER (WHERE o.month BETWEEN $2::date AND $3::date) AS c,
                COUNT(o.id) FILTER (WHERE o.month BETWEEN $2::date AND $3::date) AS cn
           FROM f LEFT JOIN firm_monthly_output o ON o.firm_id = f.id GROUP BY f.id)
       SELECT COUNT(*)::int AS firms,
              COUNT(*) FILTER (WHERE bn = 12 AND cn = 12 AND b > 0)::int AS covered,
              SUM(c - b) FILTER (WHERE bn = 12 AND cn = 12 AND b > 0)::text AS added,
              SUM(b) FILTER (WHERE bn = 12 AND cn = 12 AND b > 0)::text AS baseline,
              round(AVG(100 * (c - b) / b) FILTER (WHERE bn = 12 AND cn = 12 AND b > 0), 4)::text AS average
         FROM s`,
      [IDS.parkA, `${monthOf(monthIndex(figures.lastMonth) - 11)}-01`, `${figures.lastMonth}-01`],
    );
    expect(uplift).toMatchObject({
      firms: expected.firms,
      coveredFirms: expected.covered,
      totalAddedOutput: expected.added,
      totalBaselineOutput: expected.baseline,
      averageUpliftPercent: expected.average,
    });
    expect(uplift.coveredFirms).toBeGreaterThan(20);
    expect(uplift.buckets).toHaveLength(10);
    expect(uplift.buckets.reduce((sum, bucket) => sum + bucket.firms, 0)).toBe(uplift.coveredFirms);
    expect(uplift.notCovered.reduce((sum, reason) => sum + reason.firms, 0)).toBe(uplift.firms - uplift.coveredFirms);
  });

  it('the latest published round: classes with land shares, movement from the previous year, D-class land', async () => {
    const evaluation = await query<{
      round: { id: string; year: number };
      previousRound: { id: string; year: number };
      classes: { class: string; firms: number; landAreaMu: string; landShare: string }[];
      movement: { fromClass: string | null; toClass: string; firms: number }[];
      dLand: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean };
        nodes: { firmId: string; plots: string[]; areaMu: string; taxPerMu: string; score: string }[];
      };
    }>(EVALUATION, {});
    expect(evaluation.round).toEqual({ id: figures.roundIds.latest, year: figures.years.latest, version: 1 });
    expect(evaluation.previousRound).toEqual({ id: figures.roundIds.previous, year: figures.years.previous });
    // The explanations as the evaluation lib reads them back, summed by SQL.
    const explanations = new Map(
      (await storedResultsOf(app.dataSource, figures.roundIds.latest)).flatMap((result) =>
        result.explanation.status === 'graded' ? [[result.firmId, result.explanation] as const] : [],
      ),
    );
    const classes: { grade: string; firms: number; land: string }[] = await app.dataSource.query(
      `SELECT grade, COUNT(*)::int AS firms, trim_scale(SUM(land))::text AS land
         FROM json_to_recordset($1::json) AS r(grade text, land numeric) GROUP BY 1 ORDER BY 1`,
      [JSON.stringify([...explanations.values()].map((graded) => ({ grade: graded.class, land: graded.landMu })))],
    );
    expect(evaluation.classes.map((row) => [row.class, row.firms, row.landAreaMu])).toEqual(
      classes.map((row) => [row.grade, row.firms, row.land]),
    );
    expect(evaluation.classes.map((row) => row.class)).toEqual(['A', 'B', 'C', 'D']);
    const movement: { from_class: string; to_class: string; firms: number }[] = await app.dataSource.query(
      `SELECT p."class" AS from_class, l."class" AS to_class, COUNT(*)::int AS firms
         FROM evaluation_round_results l JOIN evaluation_round_results p ON p.firm_id = l.firm_id AND p.round_id = $2
        WHERE l.round_id = $1 AND l.status = 'GRADED' AND p.status = 'GRADED' GROUP BY 1, 2 ORDER BY 2, 1`,
      [figures.roundIds.latest, figures.roundIds.previous],
    );
    expect(evaluation.movement.map((row) => [row.fromClass, row.toClass, row.firms])).toEqual(
      movement.map((row) => [row.from_class, row.to_class, row.firms]),
    );
    expect(evaluation.movement.filter((row) => row.fromClass !== row.toClass)).not.toHaveLength(0);

    const d: { firm_id: string; total: string; land: string; tax: string; certificate: string }[] = (
      await app.dataSource.query(
        `SELECT r.firm_id, r.total::text AS total, p.certificate_no AS certificate
           FROM evaluation_round_results r JOIN land_plots p ON p.firm_id = r.firm_id
          WHERE r.round_id = $1 AND r."class" = 'D' ORDER BY r.total, r.firm_id::text`,
        [figures.roundIds.latest],
      )
    ).map((row: { firm_id: string; total: string; certificate: string }) => {
      const graded = explanations.get(row.firm_id)!;
      const tax = graded.indicators.find((indicator) => indicator.indicatorId === 'taxPerMu')!.value!;
      return { ...row, land: graded.landMu!, tax };
    });
    expect(evaluation.dLand.totalCount).toBe(d.length);
    expect(evaluation.dLand.nodes).toEqual(
      d.slice(0, 3).map((row) =>
        expect.objectContaining({
          firmId: row.firm_id,
          plots: [row.certificate],
          areaMu: row.land,
          taxPerMu: row.tax,
          score: row.total,
        }),
      ),
    );
  });

  it('pages through the whole D-class land list', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let lastCursor: string | null;
    for (;;) {
      const page: { nodes: { firmId: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await query<{ dLand: never }>(
          `query ($after: String) { cockpitEvaluation { dLand(first: 1, after: $after) { nodes { firmId } pageInfo { hasNextPage endCursor } } } }`,
          { after },
        )
      ).dLand;
      seen.push(...page.nodes.map((node) => node.firmId));
      lastCursor = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const [{ d }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS d FROM evaluation_round_results WHERE round_id = $1 AND "class" = 'D'`,
      [figures.roundIds.latest],
    );
    expect(new Set(seen).size).toBe(d);
    expect(seen.length).toBe(d);
    const pastTheEnd: { totalCount: number; nodes: unknown[] } = (
      await query<{ dLand: never }>(
        `query ($after: String) { cockpitEvaluation { dLand(first: 1, after: $after) { totalCount nodes { firmId } } } }`,
        { after: lastCursor },
      )
    ).dLand;
    expect(pastTheEnd).toEqual({ totalCount: d, nodes: [] });
  });

  it.each([
    [
      'OUTPUT',
      `SELECT firm_id::text, SUM(output_value)::text AS value FROM firm_monthly_output
        WHERE park_id = $1 AND month BETWEEN $2::date AND $3::date GROUP BY 1`,
      () => [IDS.parkA, `${monthOf(monthIndex(figures.lastMonth) - 11)}-01`, `${figures.lastMonth}-01`],
    ],
    [
      'SCORE',
      `SELECT firm_id::text, total::text AS value FROM evaluation_round_results WHERE round_id = $1 AND status = 'GRADED'`,
      () => [figures.roundIds.latest],
    ],
  ])('ranks the park’s firms by %s, both ends, as SQL orders them', async (indicator, sql, parameters) => {
    const ranking = await query<{
      rankedFirms: number;
      top: { rank: number; firmId: string; value: string }[];
      bottom: { firmId: string; value: string }[];
    }>(RANKING, { indicator });
    const rows: { firm_id: string; value: string }[] = await app.dataSource.query(sql, parameters());
    const ordered = rows.sort((a, b) => Number(b.value) - Number(a.value) || a.firm_id.localeCompare(b.firm_id));
    expect(ranking.rankedFirms).toBe(rows.length);
    expect(ranking.top.map((row) => [row.rank, row.firmId, Number(row.value)])).toEqual(
      ordered.slice(0, 3).map((row, index) => [index + 1, row.firm_id, Number(row.value)]),
    );
    expect(ranking.bottom.map((row) => row.firmId)).toEqual(
      [...ordered]
        .reverse()
        .slice(0, 3)
        .map((row) => row.firm_id),
    );
  });

  it.each(['OUTPUT', 'UPLIFT', 'SCORE', 'TAX_PER_MU'])(
    'links each %s figure to its explanation, a query the admin may run',
    async (indicator) => {
      const ranking = await query<{ top: { firmId: string; explanation: { query: string; variables: string } }[] }>(
        RANKING,
        { indicator },
      );
      const [first] = ranking.top;
      const explained = dataOf(
        await app.gql<Record<string, unknown>>(
          first.explanation.query,
          JSON.parse(first.explanation.variables),
          tokens.parkAdminA,
        ),
      );
      expect(JSON.stringify(explained)).toContain(first.firmId);
    },
  );

  it('reports a group as a whole and per member: output and uplift equal plain SQL sums, with classes', async () => {
    const report = await query<{
      currentFrom: string;
      currentTo: string;
      totals: Record<string, string | number>;
      members: {
        firmId: string;
        stages: string[];
        joinedOn: string;
        currentOutput: string;
        baselineOutput: string;
        class: string | null;
      }[];
      months: { month: string; outputValue: string }[];
      grades: { class: string; firms: number }[];
    }>(GROUP, { groupId });
    const members = figures.firmIds.slice(0, 3);
    const [sums] = await app.dataSource.query(
      `WITH s AS (
         SELECT firm_id,
                SUM(output_value) FILTER (WHERE month BETWEEN $2::date AND $3::date) AS c,
                SUM(output_value) FILTER (WHERE month >= $4::date - interval '12 months' AND month < $4::date) AS b
           FROM firm_monthly_output WHERE firm_id = ANY($1) GROUP BY firm_id)
       SELECT SUM(c)::text AS current, SUM(b)::text AS baseline, SUM(c - b)::text AS added,
              round(100 * SUM(c - b) / SUM(b), 4)::text AS uplift,
              round(AVG(100 * (c - b) / b), 4)::text AS average
         FROM s`,
      [members, `${report.currentFrom}-01`, `${report.currentTo}-01`, groupJoinedOn],
    );
    expect(report.totals).toEqual({
      members: 3,
      coveredMembers: 3,
      currentOutput: sums.current,
      platformOutput: '0',
      baselineOutput: sums.baseline,
      addedOutput: sums.added,
      upliftPercent: sums.uplift,
      averageUpliftPercent: sums.average,
    });
    expect(report.members.map((member) => member.firmId).sort()).toEqual([...members].sort());
    for (const member of report.members) {
      expect(member).toMatchObject({ joinedOn: groupJoinedOn, stages: expect.arrayContaining(['SEWING']) });
      expect(member.stages[0]).toBe('SEWING');
    }
    const perMember: { firm_id: string; c: string }[] = await app.dataSource.query(
      `SELECT firm_id::text, SUM(output_value)::text AS c FROM firm_monthly_output
        WHERE firm_id = ANY($1) AND month BETWEEN $2::date AND $3::date GROUP BY 1`,
      [members, `${report.currentFrom}-01`, `${report.currentTo}-01`],
    );
    for (const row of perMember) {
      expect(report.members.find((member) => member.firmId === row.firm_id)?.currentOutput).toBe(row.c);
    }
    expect(report.months).toHaveLength(12);
    const monthsTotal = report.months.reduce((sum, month) => sum + Number(month.outputValue), 0);
    expect(monthsTotal).toBeCloseTo(Number(sums.current), 2);
    expect(report.grades.reduce((sum, grade) => sum + grade.firms, 0)).toBe(3);
    for (const member of report.members)
      expect({ firmId: member.firmId, class: member.class }).not.toMatchObject({ class: null });
  });

  const OPERATIONS: [string, string, () => Record<string, unknown>][] = [
    ['cockpitOutput', OUTPUT, () => window()],
    ['cockpitUplift', UPLIFT, () => ({})],
    ['cockpitEvaluation', EVALUATION, () => ({})],
    ['cockpitRanking', RANKING, () => ({ indicator: 'OUTPUT' })],
  ];

  describe.each(OPERATIONS)('%s', (operation, document, variables) => {
    it.each([
      ['another park’s admin naming this park', 'parkAdminB', IDS.parkA, 'NOT_FOUND'],
      ['an owner of a firm in this park', 'ownerA1', IDS.parkA, 'FORBIDDEN'],
      ['an owner of a firm in another park', 'ownerB1', null, 'FORBIDDEN'],
      ['a buyer', 'buyer1', IDS.parkA, 'FORBIDDEN'],
      ['anyone not signed in', null, IDS.parkA, 'UNAUTHENTICATED'],
    ] as const)('refuses %s', async (_who, caller, parkId, code) => {
      const response = await app.gql(document, { ...variables(), parkId }, caller ? tokens[caller] : undefined);
      expect(errorCode(response)).toBe(code);
      expect(response.data?.[operation as never] ?? null).toBeNull();
    });

    it('shows another park’s admin their own park, never this one', async () => {
      const response = await app.gql<Record<string, { parkId: string }>>(document, variables(), tokens.parkAdminB);
      expect(dataOf(response)[operation].parkId).toBe(IDS.parkB);
    });
  });

  it.each([
    ['another park’s admin', 'parkAdminB', 'NOT_FOUND'],
    ['the lead firm’s owner (members’ figures are private)', 'ownerA1', 'FORBIDDEN'],
    ['a buyer', 'buyer1', 'FORBIDDEN'],
  ] as const)('refuses the group report to %s', async (_who, caller, code) => {
    const response = await app.gql(GROUP, { groupId }, tokens[caller]);
    expect(errorCode(response)).toBe(code);
    expect(response.data?.groupPerformance ?? null).toBeNull();
  });

  // Each context answers for its own tables (firms, groups, output, evaluation, orders, matching), so a read model
  // that crosses them costs one set-based statement per context it asks, never one per firm.
  it.each([
    ['cockpitOutput', OUTPUT, () => window(), 4],
    ['cockpitUplift', UPLIFT, () => ({}), 2],
    ['cockpitEvaluation', EVALUATION, () => ({}), 5],
    ['cockpitRanking', RANKING, () => ({ indicator: 'UPLIFT' }), 3],
    ['groupPerformance', GROUP, () => ({ groupId }), 10],
  ] as const)(
    '%s answers in a fixed number of SQL statements, whatever the park’s size',
    async (operation, document, variables, bound) => {
      const counter = statementCounter(app.apiDataSource);
      try {
        const { result, statements } = await counter.during(() =>
          app.gql<Record<string, unknown>>(document, variables(), tokens.parkAdminA),
        );
        expect(dataOf(result)[operation]).toBeTruthy();
        expect(statements).toHaveLength(bound);
      } finally {
        counter.restore();
      }
    },
  );
});
