import { evaluate, FirmYearInput, HUANGYAN_2022_SCHEME } from './engine';
import {
  AveragingMethod,
  BenchmarkMode,
  formFromScheme,
  MissingDataTreatment,
  SchemeForm,
  schemeFromForm,
  ScoringMethod,
} from './scheme-form';

/** A small mixed population: 规上 firms with every figure, 规下 firms with tax and electricity, land in both units. */
function population(): FirmYearInput[] {
  return Array.from({ length: 24 }, (_, index): FirmYearInput => {
    const above = index % 3 === 0;
    const land = index % 2 ? { landMu: `${5 + index}.25` } : { landM2: `${4000 + index * 321}.50` };
    return {
      firmId: `firm-${String(index).padStart(2, '0')}`,
      scale: above ? 'above' : 'below',
      hasOwnLand: true,
      figures: above
        ? {
            ...land,
            taxPaid: `${100 + index * 17}`,
            valueAdded: `${800 + index * 41}`,
            energyTce: `${300 + index * 9}`,
            emissionsT: index % 4 ? `${1 + index / 10}` : undefined,
            avgEmployees: `${40 + index}`,
            rdSpending: `${20 + index}`,
            revenue: `${3000 + index * 50}`,
          }
        : { ...land, taxPaid: `${10 + index * 3}`, electricityWankwh: `${50 + index * 7}` },
    };
  });
}

const built = (form: SchemeForm) => {
  const result = schemeFromForm(form);
  if (!('scheme' in result)) throw new Error(`${result.field}: ${result.message}`);
  return result.scheme;
};

describe('a scheme as a form', () => {
  it('reads Huangyan 2022 as a form and builds it back to a scheme that grades exactly alike', () => {
    const twin = built(formFromScheme(HUANGYAN_2022_SCHEME));
    expect(evaluate(twin, population())).toEqual(evaluate(HUANGYAN_2022_SCHEME, population()));
  });

  it('builds the engine’s names from the form’s: published value or population average, by either averaging', () => {
    const form = formFromScheme(HUANGYAN_2022_SCHEME);
    const [taxPerMu, valueAddedPerMu] = form.populations[0].indicators;
    taxPerMu.benchmark = { mode: BenchmarkMode.POPULATION_AVERAGE, averaging: AveragingMethod.RATIO_OF_TOTALS };
    valueAddedPerMu.benchmark = { mode: BenchmarkMode.POPULATION_AVERAGE, averaging: AveragingMethod.MEAN_OF_RATIOS };
    valueAddedPerMu.maxScore = '40';
    valueAddedPerMu.missingData = MissingDataTreatment.POPULATION_AVERAGE_SCORE;
    const indicators = built(form).populations[0].indicators;
    expect(indicators[0]).toMatchObject({
      numerator: 'taxPaid',
      denominator: 'landMu',
      scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'ratioOfTotals' } },
    });
    expect(indicators[1]).toMatchObject({
      scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'meanOfRatios' } },
      maxScore: '40',
      missingData: 'populationAverageScore',
    });
  });

  type Edit = (form: SchemeForm) => void;
  const indicator = (form: SchemeForm, index: number) => form.populations[0].indicators[index];

  it.each<[string, Edit, string, RegExp]>([
    [
      'a benchmark missing for ratio scoring',
      (form) => (indicator(form, 1).benchmark = null),
      'populations.0.indicators.1.benchmark',
      /indicator 'valueAddedPerMu' \(亩均增加值 \/ value added per mu\).*needs the benchmark/,
    ],
    [
      'a published benchmark of 0',
      (form) => (indicator(form, 0).benchmark = { mode: BenchmarkMode.PUBLISHED_VALUE, value: '0' }),
      'populations.0.indicators.0.benchmark.value',
      /indicator 'taxPerMu' \(亩均税收 \/ tax per mu\)/,
    ],
    [
      'a population average without its averaging',
      (form) => (indicator(form, 2).benchmark = { mode: BenchmarkMode.POPULATION_AVERAGE }),
      'populations.0.indicators.2.benchmark.averaging',
      /ratio of totals or mean of ratios/,
    ],
    [
      'a benchmark given for min-max scoring',
      (form) => (indicator(form, 3).scoring = ScoringMethod.MIN_MAX),
      'populations.0.indicators.3.benchmark',
      /min-max scoring takes no benchmark/,
    ],
    [
      'a figure divided by itself',
      (form) => (indicator(form, 4).denominator = indicator(form, 4).numerator),
      'populations.0.indicators.4.denominator',
      /labourProductivity.*divides a figure by itself/,
    ],
    [
      'an indicator id used twice',
      (form) => (indicator(form, 5).id = 'taxPerMu'),
      'populations.0.indicators.5.id',
      /indicator id 'taxPerMu' is used twice/,
    ],
    [
      'class shares not summing to 100',
      (form) => (form.populations[1].classShares[0].sharePercent = '25'),
      'populations.1.classShares',
      /规下工业企业.*sum to 105%, not 100%/,
    ],
    [
      'a floor on an indicator the population lacks',
      (form) => form.populations[1].floors.push({ indicatorId: 'valueAddedPerMu', below: '2', grade: 'D' }),
      'populations.1.floors.0.indicatorId',
      /names indicator 'valueAddedPerMu'/,
    ],
    [
      'an override forcing a class a population lacks',
      (form) => form.overrideRules.push({ id: 'accident', reason: '重大安全事故', forcedClass: 'E' }),
      'overrideRules.0.forcedClass',
      /forces class 'E'/,
    ],
  ])('refuses %s, naming the field and the indicator', (_situation, edit, field, message) => {
    const form = formFromScheme(HUANGYAN_2022_SCHEME);
    const labels = ['tax per mu', 'value added per mu', 'value added per energy', 'value added per emission'];
    form.populations[0].indicators.forEach((entry, index) => (entry.nameEn = labels[index] ?? entry.id));
    edit(form);
    const result = schemeFromForm(form);
    expect(result).toEqual({ field, message: expect.stringMatching(message) });
  });
});
