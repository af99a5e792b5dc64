import { usccCheckCharacter } from '@vg/core';
import { EvaluationScheme, HUANGYAN_2022_SCHEME } from '@vg/evaluation';
import { IDS, loginAll, seedBase, Tokens, USCC } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { confirmRequest, csvBase64, importFile, ImportJobView, xlsxBase64 } from '../output/output-operations';
import {
  computeRound,
  decideObjection,
  fileObjection,
  publishRound,
  ROUND_FIELDS,
  RoundView,
  startNotice,
} from './evaluation-operations';

/**
 * Builders that bring a 2025 round of park A to each stage of its life on a database of its own (one round per
 * park and year, so every stage gets its own app): tests start from the stage they are about, never from what an
 * earlier test left behind.
 */

/** Huangyan's method with coarser cuts, so a population of five has a D (A 20 / B 40 / C 20 / D 20). */
export const TEST_SCHEME: EvaluationScheme = {
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
export const EXTRA = Array.from({ length: 8 }, (_, index) => ({
  id: `00000000-0000-4000-8000-0000000001${String(index + 1).padStart(2, '0')}`,
  uscc: uscc(index + 1),
  above: index < 4,
}));
export const [F1, F2, F3, F4, F5, F6, F7, F8] = EXTRA;

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

export interface EvaluationPark {
  app: TestApp;
  tokens: Tokens;
}

export interface RoundAt extends EvaluationPark {
  schemeId: string;
  round: RoundView;
}

/** The app on a fresh database: the seeded base, and the eight extra firms of park A with their scale and land. */
export async function evaluationPark(): Promise<EvaluationPark> {
  const app = await startTestApp();
  await seedBase(app.dataSource);
  const tokens = await loginAll(app);
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
  return { app, tokens };
}

/** The tax, statistics, power and environment bureaus' XLSX files for 2025, sent by park A's admin. */
export async function importBureauFiles({ app, tokens }: EvaluationPark): Promise<[string, ImportJobView][]> {
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
  const jobs: [string, ImportJobView][] = [];
  for (const [fileType, rows] of files) {
    const { job } = await importFile(app, tokens.parkAdminA, {
      fileType,
      format: 'XLSX',
      fileName: `${fileType}-2025.xlsx`,
      contentBase64: await xlsxBase64(rows),
    });
    jobs.push([fileType, job]);
  }
  return jobs;
}

/** The park with its 2025 figures imported and the test scheme stored; fails loudly if any file was refused. */
export async function parkWithFigures(): Promise<EvaluationPark & { schemeId: string }> {
  const park = await evaluationPark();
  for (const [fileType, job] of await importBureauFiles(park)) {
    if (job.state !== 'SUCCEEDED') throw new Error(`${fileType} import ${job.state}: ${JSON.stringify(job.errors)}`);
  }
  return { ...park, schemeId: await storeTestScheme(park) };
}

export async function storeTestScheme({ app, tokens }: EvaluationPark): Promise<string> {
  return dataOf(
    await app.gql<{ createEvaluationScheme: { id: string } }>(
      'mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { id } }',
      { input: { definitionJson: JSON.stringify(TEST_SCHEME) } },
      tokens.parkAdminA,
    ),
  ).createEvaluationScheme.id;
}

export async function createRound({ app, tokens }: EvaluationPark, schemeId: string): Promise<RoundView> {
  return dataOf(
    await app.gql<{ createEvaluationRound: RoundView }>(
      `mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { ${ROUND_FIELDS} } }`,
      { input: { year: 2025, schemeId } },
      tokens.parkAdminA,
    ),
  ).createEvaluationRound;
}

/** A computed draft: A1 and A2 have confirmed their sheets, the other eight have not (computed all the same). */
export async function computedRound(): Promise<RoundAt> {
  const start = await parkWithFigures();
  const { app, tokens } = start;
  const round = await createRound(start, start.schemeId);
  dataOf(await confirmRequest(app, tokens.ownerA1, 2025));
  dataOf(await confirmRequest(app, tokens.ownerA2, 2025));
  return { ...start, round: dataOf(await computeRound(app, tokens.parkAdminA, round.id)).computeEvaluationRound };
}

/** A notice window no test outlives; `closeNotice` ends it when a test needs it over. */
const NOTICE_WINDOW_MS = 10 * 60_000;

/** A computed round on public notice, its objection window open for the next ten minutes. */
export async function roundOnNotice(): Promise<RoundAt> {
  const computed = await computedRound();
  const endsAt = new Date(Date.now() + NOTICE_WINDOW_MS);
  const round = dataOf(
    await startNotice(computed.app, computed.tokens.parkAdminA, computed.round.id, endsAt),
  ).startEvaluationNotice;
  return { ...computed, round };
}

/**
 * Ends a round's objection window now, as if its time had passed: the tests move the clock rather than wait out a
 * window (a short real one made the builders slow, and flaky on a loaded machine).
 */
export async function closeNotice({ app }: EvaluationPark, roundId: string): Promise<void> {
  const [, updated] = await app.dataSource.query(
    `UPDATE evaluation_rounds SET notice_ends_at = now() - interval '1 second' WHERE id = $1 AND status = 'NOTICE'`,
    [roundId],
  );
  if (updated !== 1) throw new Error(`round ${roundId} is not on notice`);
}

/** A2's objection to its electricity figure, filed during the notice and rejected: its id. */
export async function rejectedObjection({ app, tokens }: EvaluationPark, roundId: string): Promise<string> {
  const id = dataOf(
    await fileObjection(app, tokens.ownerA2, roundId, {
      reason: '用电量偏高',
      evidence: [{ title: '电费单', reference: '国网临平 2025-12' }],
      proposedFigures: [{ kind: 'ELECTRICITY', value: '200' }],
    }),
  ).fileEvaluationObjection.id;
  dataOf(await decideObjection(app, tokens.parkAdminA, id, { accept: false, reason: '与电力公司抄表一致' }));
  return id;
}

/** The class policies of park A: D and repeated-D electricity surcharges, a C water surcharge, an A subsidy. */
export const CLASS_POLICIES = [
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
];

/** Version 1 published under the class policies, after a notice during which A2's objection was filed and rejected. */
export async function publishedRound(): Promise<RoundAt & { rejectedObjectionId: string }> {
  const notice = await roundOnNotice();
  const { app, tokens } = notice;
  const rejectedObjectionId = await rejectedObjection(notice, notice.round.id);
  for (const input of CLASS_POLICIES) {
    dataOf(
      await app.gql(
        'mutation ($input: CreateClassPolicyInput!) { createClassPolicy(input: $input) { id } }',
        { input },
        tokens.parkAdminA,
      ),
    );
  }
  await closeNotice(notice, notice.round.id);
  const round = dataOf(await publishRound(app, tokens.parkAdminA, notice.round.id)).publishEvaluationRound;
  return { ...notice, round, rejectedObjectionId };
}

/**
 * Version 2 of the published round, published: the tax bureau corrected F3's tax (150 → 2000 万元), which moves F3
 * from the bottom of the 规上 ranking to the top.
 */
export async function correctedRound(): Promise<
  RoundAt & { rejectedObjectionId: string; correction: RoundView; correctionImport: ImportJobView }
> {
  const published = await publishedRound();
  const { app, tokens } = published;
  const draft = dataOf(
    await app.gql<{ createEvaluationCorrection: RoundView }>(
      `mutation { createEvaluationCorrection(id: "${published.round.id}") { ${ROUND_FIELDS} } }`,
      {},
      tokens.parkAdminA,
    ),
  ).createEvaluationCorrection;
  const { job: correctionImport } = await importFile(app, tokens.parkAdminA, {
    fileType: 'TAX_BUREAU',
    format: 'CSV',
    fileName: 'tax-correction.csv',
    contentBase64: csvBase64(['uscc,year,taxPaid', `${F3.uscc},2025,2000`]),
  });
  dataOf(await computeRound(app, tokens.parkAdminA, draft.id));
  dataOf(await startNotice(app, tokens.parkAdminA, draft.id, new Date(Date.now() + NOTICE_WINDOW_MS)));
  await closeNotice(published, draft.id);
  const correction = dataOf(await publishRound(app, tokens.parkAdminA, draft.id)).publishEvaluationRound;
  return { ...published, correction, correctionImport };
}
