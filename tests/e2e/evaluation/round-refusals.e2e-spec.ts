import { IDS, Tokens } from '../../support/seed';
import { dataOf, TestApp } from '../../support/test-app';
import { refusal } from '../output/output-operations';
import { correctedRound } from './evaluation-round-builders';
import { RoundView } from './evaluation-operations';

/** Every evaluation operation refused to another park's admin, another firm's owner and a buyer, writing nothing. */
describe('refusals on every operation: another park’s admin, another firm’s owner, a buyer', () => {
  let app: TestApp;
  let tokens: Tokens;
  let schemeId: string;
  let round: RoundView;
  let correction: RoundView;
  let rejectedObjectionId: string;
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
    ({ app, tokens, schemeId, round, correction, rejectedObjectionId } = await correctedRound());
    [{ id: policyId }] = await app.dataSource.query('SELECT id FROM class_policies WHERE park_id = $1 LIMIT 1', [
      IDS.parkA,
    ]);
    snapshot = await state();
  });
  afterAll(() => app?.close());

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
      .replace(/OBJECTION/g, rejectedObjectionId)
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
    const lines: { firm_id: string }[] = await app.dataSource.query(
      'SELECT firm_id FROM policy_ledger_entries WHERE round_id = $1',
      [round.id],
    );
    expect(lines.length).toBeGreaterThan(ownLedger.length);
    expect(ownLedger.map((entry) => entry.firmId)).toEqual(
      lines.filter((line) => line.firm_id === IDS.firmA2).map((line) => line.firm_id),
    );
  });
});
