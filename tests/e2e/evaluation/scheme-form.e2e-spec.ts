/**
 * Schemes edited as forms: Huangyan 2022 read as a template, switched to population-average benchmarks in the form
 * and stored; the same scheme stored as JSON in the engine's names; a round under each over the same figures gives
 * the same results. Refusals name the indicator and the field.
 */
import { HUANGYAN_2022_SCHEME_ID } from '@vg/evaluation';
import { HUANGYAN_2022_SCHEME } from '@vg/evaluation';
import {
  csv,
  firmRegistryRows,
  landRegistryRows,
  powerRows,
  registryFirms,
  scaleListRows,
  taxRows,
} from '../../fixtures/registry-files';
import { loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { importFile } from '../output/output-operations';
import { computeRound, ROUND_FIELDS, RoundView } from './evaluation-operations';

const FORM_FIELDS = `code name year
  populations { id nameZh nameEn scale minLandMu hasOwnLand rankWithinIndustryGroups
    indicators { id nameZh nameEn unit numerator denominator weight scoring benchmark { mode value averaging } maxScore missingData }
    classShares { grade sharePercent }
    floors { indicatorId below grade } }
  items { id nameZh nameEn pointsPerCount }
  overrideRules { id reason forcedClass }
  exemptionRules { id reason }`;

interface Form {
  code: string;
  name: string;
  year: number;
  populations: {
    id: string;
    indicators: {
      id: string;
      nameEn: string;
      benchmark: { mode: string; value: string | null; averaging: string | null } | null;
    }[];
  }[];
}

interface SchemeView {
  id: string;
  parkId: string | null;
  code: string;
  definitionJson: string;
  form: Form;
}

const SCHEME_FIELDS = `id parkId code definitionJson form { ${FORM_FIELDS} }`;
const ENGLISH = {
  taxPerMu: 'tax per mu',
  valueAddedPerMu: 'value added per mu',
  valueAddedPerEnergy: 'value added per tce of energy',
  valueAddedPerEmission: 'value added per tonne of emissions',
  labourProductivity: 'labour productivity',
  rdIntensity: 'R&D intensity',
  taxPerElectricity: 'tax per 10,000 kWh',
} as Record<string, string>;

describe('schemes as forms', () => {
  let app: TestApp;
  let tokens: Tokens;
  let template: SchemeView;

  const scheme = async (id: string) =>
    dataOf(
      await app.gql<{ evaluationScheme: SchemeView }>(
        `query ($id: ID!) { evaluationScheme(id: $id) { ${SCHEME_FIELDS} } }`,
        { id },
        tokens.parkAdminA,
      ),
    ).evaluationScheme;

  const submitForm = (input: unknown) =>
    app.gql<{ createEvaluationSchemeFromForm: SchemeView }>(
      `mutation ($input: EvaluationSchemeFormInput!) { createEvaluationSchemeFromForm(input: $input) { ${SCHEME_FIELDS} } }`,
      { input },
      tokens.parkAdminA,
    );

  /** The template, with every benchmark the population's average (ratio of totals) and English labels. */
  const averagedForm = (code: string): Form => ({
    ...template.form,
    code,
    name: '临平区 2025 年度亩均效益评价（全区平均基准）',
    populations: template.form.populations.map((population) => ({
      ...population,
      indicators: population.indicators.map((indicator) => ({
        ...indicator,
        nameEn: ENGLISH[indicator.id],
        benchmark: { mode: 'POPULATION_AVERAGE', value: null, averaging: 'RATIO_OF_TOTALS' },
      })),
    })),
  });

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const firms = registryFirms(60);
    const files: [string, (string | number | null)[][]][] = [
      ['FIRM_REGISTRY', firmRegistryRows(firms)],
      ['LAND_REGISTRY', landRegistryRows(firms)],
      ...[2024, 2025].flatMap((year): [string, (string | number | null)[][]][] => [
        ['SCALE_LIST', scaleListRows(firms, year)],
        ['TAX_BUREAU', taxRows(firms, year)],
        ['POWER', powerRows(firms, year)],
      ]),
    ];
    for (const [fileType, rows] of files) {
      const { job } = await importFile(app, tokens.parkAdminA, {
        fileType,
        format: 'CSV',
        fileName: `${fileType}.csv`,
        contentBase64: csv(rows).toString('base64'),
      });
      expect(job.state).toBe('SUCCEEDED');
    }
    template = await scheme(HUANGYAN_2022_SCHEME_ID);
  });
  afterAll(() => app.close());

  it('reads a shared scheme as a form, in the form’s own names', () => {
    expect(template.form.populations.map((population) => population.id)).toEqual(['above-scale', 'below-scale']);
    expect(template.form.populations[0].indicators[0]).toMatchObject({
      id: 'taxPerMu',
      nameZh: '亩均税收',
      numerator: 'TAX_PAID',
      denominator: 'LAND_MU',
      weight: '30',
      scoring: 'RATIO_TO_BENCHMARK',
      benchmark: { mode: 'PUBLISHED_VALUE', value: '24.097', averaging: null },
      missingData: 'ZERO',
    });
  });

  it('grades a year under a scheme built as a form exactly as under its JSON twin', async () => {
    const fromForm = dataOf(await submitForm(averagedForm('linping-2025-form'))).createEvaluationSchemeFromForm;
    expect(fromForm.parkId).not.toBeNull();
    const twin = {
      ...HUANGYAN_2022_SCHEME,
      id: 'linping-2025-json',
      populations: HUANGYAN_2022_SCHEME.populations.map((population) => ({
        ...population,
        indicators: population.indicators.map((indicator) => ({
          ...indicator,
          scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'ratioOfTotals' } },
        })),
      })),
    };
    const fromJson = dataOf(
      await app.gql<{ createEvaluationScheme: SchemeView }>(
        `mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { ${SCHEME_FIELDS} } }`,
        { input: { definitionJson: JSON.stringify(twin) } },
        tokens.parkAdminA,
      ),
    ).createEvaluationScheme;

    const results = async (year: number, schemeId: string) => {
      const round = dataOf(
        await app.gql<{ createEvaluationRound: RoundView }>(
          `mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { ${ROUND_FIELDS} } }`,
          { input: { year, schemeId } },
          tokens.parkAdminA,
        ),
      ).createEvaluationRound;
      dataOf(await computeRound(app, tokens.parkAdminA, round.id, true));
      const page = dataOf(
        await app.gql<{
          evaluationResults: {
            nodes: {
              firmId: string;
              status: string;
              total: string | null;
              rank: number | null;
              class: string | null;
            }[];
          };
        }>(
          `query ($id: ID!) { evaluationResults(roundId: $id, first: 100) { nodes { firmId status total rank class } } }`,
          { id: round.id },
          tokens.parkAdminA,
        ),
      ).evaluationResults.nodes;
      return page;
    };
    const underForm = await results(2024, fromForm.id);
    const underJson = await results(2025, fromJson.id);
    expect(underForm.filter((row) => row.status === 'GRADED').length).toBeGreaterThan(40);
    expect(underForm).toEqual(underJson);
  });

  it.each([
    [
      'a population average without its averaging',
      (form: Form) =>
        (form.populations[0].indicators[1].benchmark = { mode: 'POPULATION_AVERAGE', value: null, averaging: null }),
      'populations.0.indicators.1.benchmark.averaging',
      /indicator 'valueAddedPerMu' \(亩均增加值 \/ value added per mu\)/,
    ],
    [
      'a published benchmark given with a population average',
      (form: Form) =>
        (form.populations[1].indicators[0].benchmark = {
          mode: 'POPULATION_AVERAGE',
          value: '11.5932',
          averaging: 'RATIO_OF_TOTALS',
        }),
      'populations.1.indicators.0.benchmark.value',
      /Population 'below-scale'.*indicator 'taxPerMu'.*takes no published value/,
    ],
  ])('refuses %s, naming the field and the indicator, storing nothing', async (_situation, edit, field, message) => {
    const form = averagedForm('refused');
    edit(form);
    const response = await submitForm(form);
    expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(response.errors?.[0].message).toMatch(message);
    const [{ count }] = await app.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM evaluation_schemes WHERE code = 'refused'`,
    );
    expect(count).toBe(0);
  });

  it('refuses a weight below zero at the input’s own bounds, naming the field', async () => {
    const form = averagedForm('negative');
    (form.populations[0].indicators[0] as unknown as { weight: string }).weight = '-30';
    const response = await submitForm(form);
    expect(response.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'populations.0.indicators.0.weight',
    });
  });

  it('copies a template as the park’s own scheme under a new code, recorded in the audit trail', async () => {
    const copy = dataOf(
      await app.gql<{ copyEvaluationScheme: SchemeView }>(
        `mutation ($input: CopyEvaluationSchemeInput!) { copyEvaluationScheme(input: $input) { ${SCHEME_FIELDS} } }`,
        { input: { templateId: HUANGYAN_2022_SCHEME_ID, code: 'huangyan-copy', year: 2025 } },
        tokens.parkAdminA,
      ),
    ).copyEvaluationScheme;
    expect(copy).toMatchObject({ code: 'huangyan-copy' });
    expect(JSON.parse(copy.definitionJson)).toEqual({ ...HUANGYAN_2022_SCHEME, id: 'huangyan-copy', year: 2025 });
    const trail = dataOf(
      await app.gql<{ auditTrail: { nodes: { subject: string; subjectId: string; action: string }[] } }>(
        `{ auditTrail(first: 10, filter: { subject: SCHEME }) { nodes { subject subjectId action } } }`,
        {},
        tokens.parkAdminA,
      ),
    ).auditTrail.nodes;
    expect(trail[0]).toEqual({ subject: 'SCHEME', subjectId: copy.id, action: 'CREATED' });
  });
});
