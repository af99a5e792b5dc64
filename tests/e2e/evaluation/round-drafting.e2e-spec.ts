import { evaluate } from '@vg/evaluation';
import { IDS, Tokens } from '../../support/seed';
import { dataOf, errorCode, TestApp } from '../../support/test-app';
import { confirmRequest } from '../output/output-operations';
import {
  computedRound,
  evaluationPark,
  importBureauFiles,
  parkWithFigures,
  TEST_SCHEME,
} from './evaluation-round-builders';
import { computeRound, resultRequest, ROUND_FIELDS, RoundView } from './evaluation-operations';
import { storedResultsOf } from './stored-results';

/** A 2025 per-mu round of park A before its public notice: the bureaus' figures, the scheme, the computed draft. */
describe('bureau files and schemes, before any round', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    ({ app, tokens } = await evaluationPark());
  });
  afterAll(() => app?.close());

  it('imports the bureaus’ XLSX files for the year', async () => {
    const jobs = await importBureauFiles({ app, tokens });
    expect(jobs.map(([fileType]) => fileType)).toEqual(['TAX_BUREAU', 'STATISTICS', 'POWER', 'ENVIRONMENT']);
    for (const [fileType, job] of jobs) {
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
  });
});

describe('a new round', () => {
  let app: TestApp;
  let tokens: Tokens;
  let schemeId: string;

  beforeAll(async () => {
    ({ app, tokens, schemeId } = await parkWithFigures());
  });
  afterAll(() => app?.close());

  it('creates the round, refuses to compute while sheets are unconfirmed, then computes on the admin’s say-so', async () => {
    const round = dataOf(
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

    const computed = dataOf(await computeRound(app, tokens.parkAdminA, round.id)).computeEvaluationRound;
    expect(computed).toMatchObject({
      status: 'COMPUTED',
      firmCount: 10,
      unconfirmedSheets: 8,
      graded: 9,
      notEvaluated: 1,
    });
  });
});

describe('a computed draft', () => {
  let app: TestApp;
  let tokens: Tokens;
  let round: RoundView;

  beforeAll(async () => {
    ({ app, tokens, round } = await computedRound());
  });
  afterAll(() => app?.close());

  it('stores exactly what the engine computes from the stored inputs', async () => {
    const rows = await storedResultsOf(app.dataSource, round.id);
    const recomputed = evaluate(
      { ...TEST_SCHEME, year: 2025 },
      rows.map((row) => row.input.input),
    );
    const byFirm = new Map(recomputed.firms.map((firm) => [firm.firmId, firm]));
    expect(rows).not.toHaveLength(0);
    for (const row of rows) {
      const firm = byFirm.get(row.input.input.firmId)!;
      expect([row.total, row.grade]).toEqual(firm.status === 'graded' ? [firm.total, firm.class] : [null, null]);
      // The explanation expanded from its template is the engine's, key for key.
      expect(JSON.stringify(row.explanation)).toBe(JSON.stringify(firm));
    }
    expect(new Set(rows.map((row) => row.grade))).toEqual(new Set(['A', 'B', 'C', 'D', null]));
  });

  it('keeps a draft from the firms: an owner cannot see the round before its notice', async () => {
    expect(errorCode(await resultRequest(app, tokens.ownerA1, round.id, IDS.firmA1))).toBe('NOT_FOUND');
  });

  it('recomputes a draft to the same results, in a new computation that leaves the earlier rows as they were', async () => {
    const current = () =>
      app.dataSource.query(
        'SELECT firm_id, status, total, class FROM evaluation_round_results WHERE round_id = $1 ORDER BY firm_id',
        [round.id],
      );
    const computations = () =>
      app.dataSource.query(
        `SELECT c.id, (SELECT COUNT(*)::int FROM evaluation_results r WHERE r.computation_id = c.id) AS rows
           FROM evaluation_computations c WHERE c.round_id = $1 ORDER BY c.computed_at, c.id`,
        [round.id],
      );
    const before = await current();
    const computationsBefore = await computations();
    dataOf(await computeRound(app, tokens.parkAdminA, round.id));
    expect(await current()).toEqual(before);
    const computationsAfter = await computations();
    expect(computationsAfter).toHaveLength(computationsBefore.length + 1);
    expect(computationsAfter.slice(0, computationsBefore.length)).toEqual(computationsBefore);
    const [{ computation_id }] = await app.dataSource.query(
      'SELECT computation_id FROM evaluation_rounds WHERE id = $1',
      [round.id],
    );
    expect(computation_id).toBe(computationsAfter.at(-1).id);
  });
});
