import { runInSystemScope, UnitOfWork } from '@vg/core';
import { evaluate, HUANGYAN_2022_SCHEME, HUANGYAN_2022_SCHEME_ID, PopulationLoader } from '@vg/evaluation';
import { DEMO_PASSWORD, DEMO_USERS, loadDemoCluster } from '../../../apps/api/src/demo/demo-cluster-loader';
import { generateDemoCluster } from '../../../apps/api/src/demo/demo-cluster';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { storedResultsOf } from './stored-results';

/**
 * The demo population computed through the API, then read back: every explanation expanded from its template and
 * delta is the text the engine produces today, and every input rebuilt from its figure versions is the input the
 * population loader gives.
 */
describe('stored explanations and inputs over the demo population', () => {
  let app: TestApp;
  let roundId: string;
  let year: number;
  let parkId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const cluster = generateDemoCluster({ includeMonthlyOutput: false });
    await loadDemoCluster(app.dataSource, cluster);
    year = cluster.settings.annualYears.at(-1)!;
    const { login } = dataOf(
      await app.gql<{ login: { accessToken: string } }>(
        'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { email: DEMO_USERS.parkAdmin, password: DEMO_PASSWORD } },
      ),
    );
    const token = login.accessToken;
    const created = dataOf(
      await app.gql<{ createEvaluationRound: { id: string } }>(
        'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { id } }',
        { input: { year, schemeId: HUANGYAN_2022_SCHEME_ID } },
        token,
      ),
    ).createEvaluationRound;
    roundId = created.id;
    dataOf(await app.gql('mutation ($id: ID!) { computeEvaluationRound(id: $id) { id } }', { id: roundId }, token));
    [{ park_id: parkId }] = await app.dataSource.query('SELECT park_id FROM evaluation_rounds WHERE id = $1', [
      roundId,
    ]);
  }, 120_000);
  afterAll(() => app?.close());

  it('expands every explanation to exactly the JSON the engine writes for the stored inputs', async () => {
    const stored = await storedResultsOf(app.dataSource, roundId);
    const engine = evaluate(
      { ...HUANGYAN_2022_SCHEME, year },
      stored.map((result) => result.input.input),
    );
    const expected = new Map(engine.firms.map((firm) => [firm.firmId, JSON.stringify(firm)]));
    expect(stored.filter((result) => result.status === 'GRADED').length).toBeGreaterThan(10);
    expect(stored.filter((result) => result.status !== 'GRADED').length).toBeGreaterThan(10);
    expect(stored).toHaveLength(engine.firms.length);
    for (const result of stored) {
      expect({ firmId: result.firmId, explanation: JSON.stringify(result.explanation) }).toEqual({
        firmId: result.firmId,
        explanation: expected.get(result.firmId),
      });
    }
  });

  it('rebuilds every input from its figure versions as the population loader loads it', async () => {
    const stored = new Map((await storedResultsOf(app.dataSource, roundId)).map((result) => [result.firmId, result]));
    // The loader is called directly, outside a request: through the api's pool it reads in the system scope.
    const loaded = await runInSystemScope('test: the population as the loader reads it', () =>
      app.app.get(UnitOfWork).run((tx) => app.app.get(PopulationLoader).load(tx.manager, parkId, year, false)),
    );
    expect(loaded.firms).not.toHaveLength(0);
    for (const firm of loaded.firms) expect(stored.get(firm.input.firmId)?.input).toEqual(firm);
  });

  it('keeps rows for the graded firms only; the others are listed on the computation with their reasons', async () => {
    const [counts] = await app.dataSource.query(
      `SELECT (SELECT COUNT(*)::int FROM evaluation_results r WHERE r.computation_id = rd.computation_id) AS rows,
              (SELECT COUNT(*)::int FROM evaluation_results r
                WHERE r.computation_id = rd.computation_id AND r.status <> 'GRADED') AS ungraded_rows,
              (SELECT COUNT(*)::int FROM evaluation_computations c, json_each(c.not_graded)
                WHERE c.id = rd.computation_id) AS listed,
              (rd.summary->>'graded')::int AS graded, (rd.summary->>'notEvaluated')::int AS not_evaluated,
              (rd.summary->>'exempt')::int AS exempt
         FROM evaluation_rounds rd WHERE rd.id = $1`,
      [roundId],
    );
    expect(counts).toEqual({
      rows: counts.graded,
      ungraded_rows: 0,
      listed: counts.not_evaluated + counts.exempt,
      graded: counts.graded,
      not_evaluated: counts.not_evaluated,
      exempt: counts.exempt,
    });
    expect(counts.listed).toBeGreaterThan(0);
  });

  it('keeps each graded firm’s land and per-mu indicators as columns equal to its explanation’s', async () => {
    const explanations = new Map(
      (await storedResultsOf(app.dataSource, roundId)).flatMap((result) =>
        result.explanation.status === 'graded' ? [[result.firmId, result.explanation] as const] : [],
      ),
    );
    const columns: { firm_id: string; land_mu: string | null; tax_per_mu: string | null; va_per_mu: string | null }[] =
      await app.dataSource.query(
        `SELECT r.firm_id, r.land_mu::text AS land_mu, r.tax_per_mu::text AS tax_per_mu,
                r.value_added_per_mu::text AS va_per_mu
           FROM evaluation_results r JOIN evaluation_rounds rd ON rd.computation_id = r.computation_id
          WHERE rd.id = $1`,
        [roundId],
      );
    expect(columns).toHaveLength(explanations.size);
    const valueOf = (firmId: string, numerator: string) =>
      explanations
        .get(firmId)!
        .indicators.find(
          (indicator) => indicator.numerator.figure === numerator && indicator.denominator.figure === 'landMu',
        )?.value ?? null;
    for (const row of columns) {
      expect(row).toEqual({
        firm_id: row.firm_id,
        land_mu: explanations.get(row.firm_id)!.landMu,
        tax_per_mu: valueOf(row.firm_id, 'taxPaid'),
        va_per_mu: valueOf(row.firm_id, 'valueAdded'),
      });
    }
  });
});
