import ExcelJS from 'exceljs';
import { IDS, Tokens, USCC } from '../../support/seed';
import { dataOf, TestApp } from '../../support/test-app';
import { refusal } from '../output/output-operations';
import { F7, publishedRound } from './evaluation-round-builders';
import { result, RoundView } from './evaluation-operations';
import { storedResultsOf } from './stored-results';

/** A published 2025 round of park A: its class policies' ledger, immutability, what-if and exports. */
describe('a published round', () => {
  let app: TestApp;
  let tokens: Tokens;
  let round: RoundView;

  beforeAll(async () => {
    ({ app, tokens, round } = await publishedRound());
  });
  afterAll(() => app?.close());

  it('is published', () => {
    expect(round.status).toBe('PUBLISHED');
  });

  it('has written the policy ledger: measure, basis and amount per firm, as the policies say', async () => {
    const graded = (await storedResultsOf(app.dataSource, round.id)).map((result) => ({
      firm_id: result.firmId,
      class: result.grade,
      electricity: result.input.input.figures.electricityWankwh ?? null,
      water: result.input.input.figures.water ?? null,
    }));
    const expected: { firm_id: string; amount: string }[] = await app.dataSource.query(
      `SELECT firm_id, CASE class
                WHEN 'D' THEN round(0.3 * electricity * 10000, 2)
                WHEN 'C' THEN round(1.5 * water, 2)
                WHEN 'A' THEN 50000.00 END::text AS amount
         FROM json_to_recordset($1::json) AS r(firm_id uuid, class text, electricity numeric, water numeric)
        WHERE class IN ('A', 'D') OR class = 'C' AND water IS NOT NULL
        ORDER BY firm_id`,
      [JSON.stringify(graded)],
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
    for (const entry of ledger) expect(entry).toMatchObject({ consecutiveYears: 1 });
  });

  it.each([
    ['UPDATE a result', (id: string) => `UPDATE evaluation_results SET total = 0 WHERE round_id = '${id}'`],
    ['DELETE a result', (id: string) => `DELETE FROM evaluation_results WHERE round_id = '${id}'`],
    [
      'INSERT a result',
      (id: string) => `INSERT INTO evaluation_results (computation_id, round_id, firm_id, park_id, status)
        SELECT computation_id, id, gen_random_uuid(), park_id, 'GRADED' FROM evaluation_rounds WHERE id = '${id}'`,
    ],
    [
      'INSERT a computation',
      (id: string) => `INSERT INTO evaluation_computations (round_id, park_id, templates, not_graded)
        SELECT id, park_id, '{}', '{}' FROM evaluation_rounds WHERE id = '${id}'`,
    ],
    [
      'UPDATE its computation',
      (id: string) => `UPDATE evaluation_computations SET not_graded = '{}' WHERE round_id = '${id}'`,
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
    ['computeEvaluationRound', `mutation { computeEvaluationRound(id: "ROUND", allowUnconfirmedSheets: true) { id } }`],
    ['startEvaluationNotice', `mutation { startEvaluationNotice(id: "ROUND", endsAt: "2099-01-01T00:00:00Z") { id } }`],
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
    expect(Buffer.from(ledgerCsv.contentBase64, 'base64').toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(
      entries + 1,
    );

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
