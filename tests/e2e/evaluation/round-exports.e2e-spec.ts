import { usccCheckCharacter } from '@vg/core';
import { HUANGYAN_2022_SCHEME_ID } from '@vg/evaluation';
import { IDS, loginAll, seedBase, SeedUser, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { computeRound, publishRound, startNotice } from './evaluation-operations';
import { closeNotice } from './evaluation-round-builders';

/**
 * The files a published round exports, in the order a park files them: results by status, population and rank
 * (ties by USCC); the policy ledger by firm USCC, then measure. Equal taxes make ties; a 规下 firm without land
 * meets no population.
 */
const FIRMS = [
  { serial: 7, scale: 'ABOVE', landM2: '13333.33', tax: '300' },
  { serial: 3, scale: 'ABOVE', landM2: '13333.33', tax: '300' },
  { serial: 5, scale: 'ABOVE', landM2: '13333.33', tax: '300' },
  { serial: 1, scale: 'ABOVE', landM2: '6666.67', tax: '900' },
  { serial: 6, scale: 'ABOVE', landM2: '20000.00', tax: '50' },
  { serial: 2, scale: 'BELOW', landM2: null, tax: '10' },
].map((firm) => {
  const first17 = `91330113MA2K${String(firm.serial).padStart(5, '0')}`;
  return {
    ...firm,
    // Ids run the other way from USCCs, so an order by id cannot pass for an order by USCC.
    id: `00000000-0000-4000-8000-00000000e${String(10 - firm.serial).padStart(3, '0')}`,
    uscc: first17 + usccCheckCharacter(first17),
  };
});

const POLICIES = ['A', 'B', 'C', 'D'].flatMap((grade) => [
  { grade, measure: 'SUBSIDY', basis: 'FIXED', rate: '1000', minConsecutiveYears: 1, description: `${grade} 奖励` },
  { grade, measure: 'TAX_RELIEF', basis: 'FIXED', rate: '200', minConsecutiveYears: 1, description: `${grade} 减税` },
]);

interface ExportedFile {
  contentBase64: string;
  rowCount: number;
}

describe('the files of a published round', () => {
  let app: TestApp;
  let tokens: Tokens;
  let roundId: string;

  /** The first column (USCC) of every data line of a CSV export. */
  const exportedUsccs = async (operation: string, user: SeedUser): Promise<string[]> => {
    const file = dataOf(
      await app.gql<Record<string, ExportedFile>>(
        `query ($roundId: ID!) { ${operation}(roundId: $roundId, format: CSV) { contentBase64 rowCount } }`,
        { roundId },
        tokens[user],
      ),
    )[operation];
    const lines = Buffer.from(file.contentBase64, 'base64').toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(file.rowCount + 1);
    return lines.slice(1).map((line) => line.split(',')[0]);
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const [{ id: enteredBy }] = await app.dataSource.query(`SELECT id FROM users WHERE role = 'PARK_ADMIN' LIMIT 1`);
    const column = <K extends keyof (typeof FIRMS)[number]>(key: K) => FIRMS.map((firm) => firm[key]);
    await app.dataSource.query(
      `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
       SELECT id, $1, uscc, 'firm ' || uscc, '18', '纺织服装', 50, '临平区', '2024-01-01'
         FROM unnest($2::uuid[], $3::text[]) AS t(id, uscc)`,
      [IDS.parkA, column('id'), column('uscc')],
    );
    await app.dataSource.query(
      `INSERT INTO firm_scales (firm_id, park_id, year, scale)
       SELECT id, $1, 2025, scale::firm_scale FROM unnest($2::uuid[], $3::text[]) AS t(id, scale)`,
      [IDS.parkA, column('id'), column('scale')],
    );
    const landed = FIRMS.filter((firm) => firm.landM2 !== null);
    await app.dataSource.query(
      `INSERT INTO land_plots (firm_id, park_id, certificate_no, area_m2, tenure)
       SELECT id, $1, 'EXP-' || id, area, 'OWNED' FROM unnest($2::uuid[], $3::numeric[]) AS t(id, area)`,
      [IDS.parkA, landed.map((firm) => firm.id), landed.map((firm) => firm.landM2)],
    );
    await app.dataSource.query(
      `INSERT INTO firm_annual_figures (firm_id, park_id, year, kind, value, source, audit_state, entered_by)
       SELECT id, $1, 2025, 'TAX_PAID', tax, 'IMPORTED', 'APPROVED', $4
         FROM unnest($2::uuid[], $3::numeric[]) AS t(id, tax)`,
      [IDS.parkA, column('id'), column('tax'), enteredBy],
    );
    roundId = dataOf(
      await app.gql<{ createEvaluationRound: { id: string } }>(
        'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { id } }',
        { input: { year: 2025, schemeId: HUANGYAN_2022_SCHEME_ID } },
        tokens.parkAdminA,
      ),
    ).createEvaluationRound.id;
    dataOf(await computeRound(app, tokens.parkAdminA, roundId));
    const endsAt = new Date(Date.now() + 1500);
    dataOf(await startNotice(app, tokens.parkAdminA, roundId, endsAt));
    for (const input of POLICIES) {
      dataOf(
        await app.gql(
          'mutation ($input: CreateClassPolicyInput!) { createClassPolicy(input: $input) { id } }',
          { input },
          tokens.parkAdminA,
        ),
      );
    }
    await closeNotice({ app, tokens }, roundId);
    dataOf(await publishRound(app, tokens.parkAdminA, roundId));
  });
  afterAll(() => app.close());

  it('lists the results by status, population and rank, ties by USCC', async () => {
    const expected: { uscc: string }[] = await app.dataSource.query(
      `SELECT f.uscc FROM evaluation_round_results r JOIN firms f ON f.id = r.firm_id
        WHERE r.round_id = $1 ORDER BY r.status, r.population_id, r.rank, f.uscc`,
      [roundId],
    );
    const [{ statuses, tied }] = await app.dataSource.query(
      `SELECT COUNT(DISTINCT status)::int AS statuses,
              (SELECT COUNT(*) FROM (SELECT 1 FROM evaluation_round_results WHERE round_id = $1
                 GROUP BY status, population_id, rank HAVING COUNT(*) > 1) ties)::int AS tied
         FROM evaluation_round_results WHERE round_id = $1`,
      [roundId],
    );
    // The round is worth the check: more than one status and at least one tie to break.
    expect({ statuses, tied }).toEqual({ statuses: 2, tied: 1 });
    expect(await exportedUsccs('exportEvaluationResults', 'parkAdminA')).toEqual(expected.map((row) => row.uscc));
  });

  it('lists the ledger by firm USCC, then measure', async () => {
    const expected: { uscc: string }[] = await app.dataSource.query(
      `SELECT f.uscc FROM policy_ledger_entries l JOIN firms f ON f.id = l.firm_id
        WHERE l.round_id = $1 ORDER BY f.uscc, l.measure`,
      [roundId],
    );
    expect(expected.length).toBeGreaterThan(FIRMS.length);
    expect(await exportedUsccs('exportPolicyLedger', 'parkAdminA')).toEqual(expected.map((row) => row.uscc));
  });

  it('gives a firm’s owner no one else’s row', async () => {
    expect(await exportedUsccs('exportEvaluationResults', 'ownerA1')).toEqual([]);
    expect(await exportedUsccs('exportPolicyLedger', 'ownerA1')).toEqual([]);
  });
});
