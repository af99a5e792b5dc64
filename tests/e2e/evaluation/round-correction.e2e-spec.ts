import { Tokens } from '../../support/seed';
import { dataOf, TestApp } from '../../support/test-app';
import { ImportJobView, refusal } from '../output/output-operations';
import { correctedRound, F3 } from './evaluation-round-builders';
import { result, RoundView } from './evaluation-operations';

/** A correction of a published round: a new version, with a diff against the published one. */
describe('a correction: a new version, with a diff against the published one', () => {
  let app: TestApp;
  let tokens: Tokens;
  let round: RoundView;
  let correction: RoundView;
  let correctionImport: ImportJobView;

  beforeAll(async () => {
    ({ app, tokens, round, correction, correctionImport } = await correctedRound());
  });
  afterAll(() => app?.close());

  it('takes the tax bureau’s corrected figure for F3', () => {
    expect(correctionImport).toMatchObject({ state: 'SUCCEEDED', figuresWritten: 1 });
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
