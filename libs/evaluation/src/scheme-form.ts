import Decimal from 'decimal.js';
import type {
  Benchmark,
  EvaluationScheme,
  FigureKey,
  IndicatorDefinition,
  IndicatorScoring,
  PopulationDefinition,
} from './engine';

/** The figures an indicator divides, by their sheet names (land in mu from the certified plots). */
export enum SchemeFigure {
  TAX_PAID = 'TAX_PAID',
  INDUSTRIAL_OUTPUT = 'INDUSTRIAL_OUTPUT',
  VALUE_ADDED = 'VALUE_ADDED',
  REVENUE = 'REVENUE',
  RD_SPENDING = 'RD_SPENDING',
  AVG_EMPLOYEES = 'AVG_EMPLOYEES',
  ENERGY_TCE = 'ENERGY_TCE',
  ELECTRICITY = 'ELECTRICITY',
  EMISSIONS = 'EMISSIONS',
  WATER = 'WATER',
  LAND_MU = 'LAND_MU',
}

const ENGINE_KEY: Record<SchemeFigure, FigureKey> = {
  TAX_PAID: 'taxPaid',
  INDUSTRIAL_OUTPUT: 'industrialOutput',
  VALUE_ADDED: 'valueAdded',
  REVENUE: 'revenue',
  RD_SPENDING: 'rdSpending',
  AVG_EMPLOYEES: 'avgEmployees',
  ENERGY_TCE: 'energyTce',
  ELECTRICITY: 'electricityWankwh',
  EMISSIONS: 'emissionsT',
  WATER: 'water',
  LAND_MU: 'landMu',
};
const FORM_FIGURE = new Map(Object.entries(ENGINE_KEY).map(([form, key]) => [key, form as SchemeFigure]));

export enum ScoringMethod {
  /** weight × value / benchmark (the Huangyan method). */
  RATIO_TO_BENCHMARK = 'RATIO_TO_BENCHMARK',
  /** weight × (20 + 80 × (value − min) / (max − min)) / 100 over the population. */
  MIN_MAX = 'MIN_MAX',
}

export enum BenchmarkMode {
  /** A published number (e.g. Huangyan 2022's 24.097 万元/亩). */
  PUBLISHED_VALUE = 'PUBLISHED_VALUE',
  /** The average of the population being graded. */
  POPULATION_AVERAGE = 'POPULATION_AVERAGE',
}

export enum AveragingMethod {
  /** Σ numerator / Σ denominator, as bureaus publish e.g. 全区亩均税收. */
  RATIO_OF_TOTALS = 'RATIO_OF_TOTALS',
  /** The mean of the firms' indicator values. */
  MEAN_OF_RATIOS = 'MEAN_OF_RATIOS',
}

export enum MissingDataTreatment {
  /** The population's average score for the indicator. */
  POPULATION_AVERAGE_SCORE = 'POPULATION_AVERAGE_SCORE',
  ZERO = 'ZERO',
}

export enum ScaleCriterion {
  ABOVE = 'ABOVE',
  BELOW = 'BELOW',
}

export interface BenchmarkForm {
  mode: BenchmarkMode;
  value?: string | null;
  averaging?: AveragingMethod | null;
}

export interface IndicatorForm {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  numerator: SchemeFigure;
  denominator: SchemeFigure;
  weight: string;
  scoring: ScoringMethod;
  benchmark?: BenchmarkForm | null;
  maxScore?: string | null;
  missingData: MissingDataTreatment;
}

export interface ClassShareForm {
  grade: string;
  sharePercent: string;
}

export interface FloorForm {
  indicatorId: string;
  below: string;
  grade: string;
}

export interface PopulationForm {
  id: string;
  nameZh: string;
  nameEn?: string | null;
  scale?: ScaleCriterion | null;
  minLandMu?: string | null;
  hasOwnLand?: boolean | null;
  rankWithinIndustryGroups: boolean;
  indicators: IndicatorForm[];
  classShares: ClassShareForm[];
  floors: FloorForm[];
}

export interface ScoreItemForm {
  id: string;
  nameZh: string;
  nameEn?: string | null;
  pointsPerCount: string;
}

export interface OverrideRuleForm {
  id: string;
  reason: string;
  forcedClass: string;
}

export interface ExemptionRuleForm {
  id: string;
  reason: string;
}

export interface SchemeForm {
  code: string;
  name: string;
  year: number;
  populations: PopulationForm[];
  items: ScoreItemForm[];
  overrideRules: OverrideRuleForm[];
  exemptionRules: ExemptionRuleForm[];
}

/** What is wrong with a form, at the path of the field (e.g. `populations.0.indicators.2.benchmark.value`). */
export interface FormProblem {
  field: string;
  message: string;
}

/**
 * A scheme as a form states it, checked field by field before the engine sees it, so every refusal names the
 * population and indicator (with its Chinese and English labels) and the field at fault. The engine still checks
 * the result as a whole.
 */
export function schemeFromForm(form: SchemeForm): { scheme: EvaluationScheme } | FormProblem {
  const problem = formProblem(form);
  if (problem) return problem;
  return {
    scheme: {
      id: form.code.trim(),
      name: form.name.trim(),
      year: form.year,
      populations: form.populations.map(populationFromForm),
      items: form.items.map((item) => ({
        id: item.id,
        name: item.nameZh,
        ...(item.nameEn ? { nameEn: item.nameEn } : {}),
        pointsPerCount: item.pointsPerCount,
      })),
      overrideRules: form.overrideRules.map((rule) => ({ ...rule })),
      exemptionRules: form.exemptionRules.map((rule) => ({ ...rule })),
    },
  };
}

function populationFromForm(form: PopulationForm): PopulationDefinition {
  return {
    id: form.id,
    name: form.nameZh,
    ...(form.nameEn ? { nameEn: form.nameEn } : {}),
    criteria: {
      ...(form.scale ? { scale: form.scale === ScaleCriterion.ABOVE ? 'above' : 'below' } : {}),
      ...(form.minLandMu ? { minLandMu: form.minLandMu } : {}),
      ...(form.hasOwnLand !== null && form.hasOwnLand !== undefined ? { hasOwnLand: form.hasOwnLand } : {}),
    },
    rankWithinIndustryGroups: form.rankWithinIndustryGroups,
    indicators: form.indicators.map(indicatorFromForm),
    classCuts: form.classShares.map((share) => ({ class: share.grade, sharePercent: share.sharePercent })),
    floors: form.floors.map((floor) => ({ indicatorId: floor.indicatorId, below: floor.below, class: floor.grade })),
  };
}

function indicatorFromForm(form: IndicatorForm): IndicatorDefinition {
  const scoring: IndicatorScoring =
    form.scoring === ScoringMethod.MIN_MAX
      ? { method: 'minMax' }
      : { method: 'ratioToBenchmark', benchmark: benchmarkFromForm(form.benchmark!) };
  return {
    id: form.id,
    name: form.nameZh,
    nameEn: form.nameEn,
    unit: form.unit,
    numerator: ENGINE_KEY[form.numerator],
    denominator: ENGINE_KEY[form.denominator],
    weight: form.weight,
    scoring,
    ...(form.maxScore ? { maxScore: form.maxScore } : {}),
    missingData: form.missingData === MissingDataTreatment.ZERO ? 'zero' : 'populationAverageScore',
  };
}

function benchmarkFromForm(form: BenchmarkForm): Benchmark {
  if (form.mode === BenchmarkMode.PUBLISHED_VALUE) return { kind: 'fixed', value: form.value! };
  return {
    kind: 'populationAverage',
    method: form.averaging === AveragingMethod.MEAN_OF_RATIOS ? 'meanOfRatios' : 'ratioOfTotals',
  };
}

function duplicateOf<T>(entries: T[], key: (entry: T) => string): number {
  const seen = new Set<string>();
  return entries.findIndex((entry) => {
    const id = key(entry);
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}

function formProblem(form: SchemeForm): FormProblem | null {
  if (!form.populations.length) return { field: 'populations', message: 'A scheme needs at least one population' };
  const population = duplicateOf(form.populations, (entry) => entry.id);
  if (population >= 0) {
    return {
      field: `populations.${population}.id`,
      message: `Population id '${form.populations[population].id}' is used twice`,
    };
  }
  for (const [index, entry] of form.populations.entries()) {
    const problem = populationProblem(entry, `populations.${index}`);
    if (problem) return problem;
  }
  const classesEverywhere = form.populations.map((entry) => new Set(entry.classShares.map((share) => share.grade)));
  for (const [list, key] of [
    ['items', (entry: { id: string }) => entry.id],
    ['overrideRules', (entry: { id: string }) => entry.id],
    ['exemptionRules', (entry: { id: string }) => entry.id],
  ] as const) {
    const entries = form[list] as { id: string }[];
    const index = duplicateOf(entries, key);
    if (index >= 0) return { field: `${list}.${index}.id`, message: `Id '${entries[index].id}' is used twice` };
  }
  for (const [index, rule] of form.overrideRules.entries()) {
    const missing = form.populations.find((_, position) => !classesEverywhere[position].has(rule.forcedClass));
    if (missing) {
      return {
        field: `overrideRules.${index}.forcedClass`,
        message: `Override '${rule.id}' forces class '${rule.forcedClass}', which population '${missing.id}' (${missing.nameZh}) does not have`,
      };
    }
  }
  return null;
}

function populationProblem(form: PopulationForm, at: string): FormProblem | null {
  const named = `Population '${form.id}' (${form.nameZh})`;
  if (!form.indicators.length) return { field: `${at}.indicators`, message: `${named} has no indicators` };
  const indicator = duplicateOf(form.indicators, (entry) => entry.id);
  if (indicator >= 0) {
    return {
      field: `${at}.indicators.${indicator}.id`,
      message: `${named}: indicator id '${form.indicators[indicator].id}' is used twice`,
    };
  }
  for (const [index, entry] of form.indicators.entries()) {
    const problem = indicatorProblem(entry, `${at}.indicators.${index}`, named);
    if (problem) return problem;
  }
  if (!form.classShares.length) return { field: `${at}.classShares`, message: `${named} has no class shares` };
  const grade = duplicateOf(form.classShares, (share) => share.grade);
  if (grade >= 0) {
    return {
      field: `${at}.classShares.${grade}.grade`,
      message: `${named}: class '${form.classShares[grade].grade}' is listed twice`,
    };
  }
  const total = form.classShares.reduce((sum, share) => sum.plus(share.sharePercent), new Decimal(0));
  if (!total.eq(100)) {
    return { field: `${at}.classShares`, message: `${named}: class shares sum to ${total.toFixed()}%, not 100%` };
  }
  const grades = new Set(form.classShares.map((share) => share.grade));
  for (const [index, floor] of form.floors.entries()) {
    const target = form.indicators.find((entry) => entry.id === floor.indicatorId);
    if (!target) {
      return {
        field: `${at}.floors.${index}.indicatorId`,
        message: `${named}: a floor names indicator '${floor.indicatorId}', which it does not have`,
      };
    }
    if (!grades.has(floor.grade)) {
      return {
        field: `${at}.floors.${index}.grade`,
        message: `${named}: the floor on indicator '${target.id}' (${target.nameZh} / ${target.nameEn}) caps at class '${floor.grade}', which it does not have`,
      };
    }
  }
  return null;
}

function indicatorProblem(form: IndicatorForm, at: string, population: string): FormProblem | null {
  const named = `${population}, indicator '${form.id}' (${form.nameZh} / ${form.nameEn})`;
  if (form.numerator === form.denominator) {
    return { field: `${at}.denominator`, message: `${named}: divides a figure by itself` };
  }
  if (new Decimal(form.weight).lte(0))
    return { field: `${at}.weight`, message: `${named}: the weight must be greater than 0` };
  if (form.scoring === ScoringMethod.MIN_MAX) {
    if (form.benchmark) return { field: `${at}.benchmark`, message: `${named}: min-max scoring takes no benchmark` };
    return null;
  }
  const benchmark = form.benchmark;
  if (!benchmark)
    return { field: `${at}.benchmark`, message: `${named}: scoring against a benchmark needs the benchmark` };
  if (benchmark.mode === BenchmarkMode.PUBLISHED_VALUE) {
    if (!benchmark.value || new Decimal(benchmark.value).lte(0)) {
      return {
        field: `${at}.benchmark.value`,
        message: `${named}: a published benchmark must be a value greater than 0`,
      };
    }
    if (benchmark.averaging) {
      return { field: `${at}.benchmark.averaging`, message: `${named}: a published benchmark is not averaged` };
    }
    return null;
  }
  if (benchmark.value) {
    return { field: `${at}.benchmark.value`, message: `${named}: a population average takes no published value` };
  }
  if (!benchmark.averaging) {
    return {
      field: `${at}.benchmark.averaging`,
      message: `${named}: say how the population average is taken (ratio of totals or mean of ratios)`,
    };
  }
  return null;
}

/** A stored scheme as a form, to copy as a template or to edit into a new scheme. */
export function formFromScheme(scheme: EvaluationScheme): SchemeForm {
  return {
    code: scheme.id,
    name: scheme.name,
    year: scheme.year,
    populations: scheme.populations.map((population) => ({
      id: population.id,
      nameZh: population.name,
      nameEn: population.nameEn ?? null,
      scale:
        population.criteria.scale === undefined
          ? null
          : population.criteria.scale === 'above'
            ? ScaleCriterion.ABOVE
            : ScaleCriterion.BELOW,
      minLandMu: population.criteria.minLandMu ?? null,
      hasOwnLand: population.criteria.hasOwnLand ?? null,
      rankWithinIndustryGroups: population.rankWithinIndustryGroups,
      indicators: population.indicators.map((indicator) => ({
        id: indicator.id,
        nameZh: indicator.name,
        nameEn: indicator.nameEn ?? indicator.id,
        unit: indicator.unit,
        numerator: FORM_FIGURE.get(indicator.numerator)!,
        denominator: FORM_FIGURE.get(indicator.denominator)!,
        weight: indicator.weight,
        scoring: indicator.scoring.method === 'minMax' ? ScoringMethod.MIN_MAX : ScoringMethod.RATIO_TO_BENCHMARK,
        benchmark: indicator.scoring.method === 'minMax' ? null : benchmarkForm(indicator.scoring.benchmark),
        maxScore: indicator.maxScore ?? null,
        missingData:
          indicator.missingData === 'zero' ? MissingDataTreatment.ZERO : MissingDataTreatment.POPULATION_AVERAGE_SCORE,
      })),
      classShares: population.classCuts.map((cut) => ({ grade: cut.class, sharePercent: cut.sharePercent })),
      floors: population.floors.map((floor) => ({
        indicatorId: floor.indicatorId,
        below: floor.below,
        grade: floor.class,
      })),
    })),
    items: scheme.items.map((item) => ({
      id: item.id,
      nameZh: item.name,
      nameEn: item.nameEn ?? null,
      pointsPerCount: item.pointsPerCount,
    })),
    overrideRules: scheme.overrideRules.map((rule) => ({ ...rule })),
    exemptionRules: scheme.exemptionRules.map((rule) => ({ ...rule })),
  };
}

function benchmarkForm(benchmark: Benchmark): BenchmarkForm {
  return benchmark.kind === 'fixed'
    ? { mode: BenchmarkMode.PUBLISHED_VALUE, value: benchmark.value, averaging: null }
    : {
        mode: BenchmarkMode.POPULATION_AVERAGE,
        value: null,
        averaging:
          benchmark.method === 'meanOfRatios' ? AveragingMethod.MEAN_OF_RATIOS : AveragingMethod.RATIO_OF_TOTALS,
      };
}
