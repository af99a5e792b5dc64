import type { Decimal } from 'decimal.js';
import { EvaluationInputError } from './evaluation-input.error';
import { parseDecimal, sum } from './exact-decimal';
import { FIGURE_KEYS } from './figures';
import type {
  AbsoluteFloor,
  ClassLabel,
  EvaluationScheme,
  ExemptionRule,
  IndicatorDefinition,
  OverrideRule,
  PopulationDefinition,
  ScoreItemDefinition,
} from './scheme.types';

/** A validated scheme with its numbers parsed once, so per-firm work never re-parses strings. */
export interface CompiledIndicator {
  definition: IndicatorDefinition;
  weight: Decimal;
  maxScore: Decimal | null;
  fixedBenchmark: Decimal | null;
}

export interface CompiledClassCut {
  class: ClassLabel;
  sharePercent: Decimal;
}

export interface CompiledFloor {
  definition: AbsoluteFloor;
  indicatorIndex: number;
  below: Decimal;
}

export interface CompiledPopulation {
  definition: PopulationDefinition;
  minLandMu: Decimal | null;
  indicators: CompiledIndicator[];
  classCuts: CompiledClassCut[];
  /** Class label → position in the cut list; a higher position is a worse class. */
  classOrder: ReadonlyMap<ClassLabel, number>;
  floors: CompiledFloor[];
}

export interface CompiledItem {
  definition: ScoreItemDefinition;
  pointsPerCount: Decimal;
}

export interface CompiledScheme {
  definition: EvaluationScheme;
  populations: CompiledPopulation[];
  items: ReadonlyMap<string, CompiledItem>;
  overrideRules: ReadonlyMap<string, OverrideRule>;
  exemptionRules: ReadonlyMap<string, ExemptionRule>;
}

function fail(message: string): never {
  throw new EvaluationInputError(`scheme: ${message}`);
}

function indexUniquely<T extends { id: string }>(entries: T[], what: string): Map<string, T> {
  const byId = new Map<string, T>();
  for (const entry of entries) {
    if (byId.has(entry.id)) fail(`duplicate ${what} id '${entry.id}'`);
    byId.set(entry.id, entry);
  }
  return byId;
}

function compileIndicator(indicator: IndicatorDefinition, where: string): CompiledIndicator {
  for (const figure of [indicator.numerator, indicator.denominator]) {
    if (!FIGURE_KEYS.includes(figure)) fail(`${where}: unknown figure '${figure}'`);
  }
  const weight = parseDecimal(indicator.weight, `scheme: ${where} weight`);
  if (weight.lt(0)) fail(`${where}: weight must not be negative`);
  const benchmark = indicator.scoring.method === 'ratioToBenchmark' ? indicator.scoring.benchmark : null;
  const fixedBenchmark =
    benchmark?.kind === 'fixed' ? parseDecimal(benchmark.value, `scheme: ${where} benchmark`) : null;
  if (fixedBenchmark?.lte(0)) fail(`${where}: benchmark must be positive`);
  const maxScore =
    indicator.maxScore === undefined ? null : parseDecimal(indicator.maxScore, `scheme: ${where} maxScore`);
  return { definition: indicator, weight, maxScore, fixedBenchmark };
}

function compilePopulation(population: PopulationDefinition): CompiledPopulation {
  const where = `population '${population.id}'`;
  const { minLandMu } = population.criteria;
  if (population.indicators.length === 0) fail(`${where} has no indicators`);
  const indicatorIds = indexUniquely(population.indicators, `${where} indicator`);
  const indicators = population.indicators.map((indicator) =>
    compileIndicator(indicator, `${where} indicator '${indicator.id}'`),
  );

  if (population.classCuts.length === 0) fail(`${where} has no class cuts`);
  const classOrder = new Map<ClassLabel, number>();
  const classCuts = population.classCuts.map((cut, index) => {
    if (classOrder.has(cut.class)) fail(`${where}: class '${cut.class}' listed twice`);
    classOrder.set(cut.class, index);
    const sharePercent = parseDecimal(cut.sharePercent, `scheme: ${where} class '${cut.class}' share`);
    if (sharePercent.lt(0)) fail(`${where}: class '${cut.class}' share must not be negative`);
    return { class: cut.class, sharePercent };
  });
  const totalShare = sum(classCuts.map((cut) => cut.sharePercent));
  if (!totalShare.eq(100)) fail(`${where}: class shares sum to ${totalShare.toFixed()}, not 100`);

  const floors = population.floors.map((floor) => {
    if (!indicatorIds.has(floor.indicatorId)) fail(`${where}: floor on unknown indicator '${floor.indicatorId}'`);
    if (!classOrder.has(floor.class)) fail(`${where}: floor class '${floor.class}' is not one of its classes`);
    return {
      definition: floor,
      indicatorIndex: population.indicators.findIndex((indicator) => indicator.id === floor.indicatorId),
      below: parseDecimal(floor.below, `scheme: ${where} floor on '${floor.indicatorId}'`),
    };
  });

  return {
    definition: population,
    minLandMu: minLandMu === undefined ? null : parseDecimal(minLandMu, `scheme: ${where} minLandMu`),
    indicators,
    classCuts,
    classOrder,
    floors,
  };
}

export function compileScheme(scheme: EvaluationScheme): CompiledScheme {
  if (scheme.populations.length === 0) fail('no populations');
  indexUniquely(scheme.populations, 'population');
  const populations = scheme.populations.map(compilePopulation);

  const items = new Map<string, CompiledItem>();
  for (const [id, item] of indexUniquely(scheme.items, 'item')) {
    items.set(id, { definition: item, pointsPerCount: parseDecimal(item.pointsPerCount, `scheme: item '${id}'`) });
  }

  const overrideRules = indexUniquely(scheme.overrideRules, 'override rule');
  for (const rule of overrideRules.values()) {
    for (const population of populations) {
      if (!population.classOrder.has(rule.forcedClass)) {
        fail(`override '${rule.id}' forces class '${rule.forcedClass}', unknown in '${population.definition.id}'`);
      }
    }
  }

  return {
    definition: scheme,
    populations,
    items,
    overrideRules,
    exemptionRules: indexUniquely(scheme.exemptionRules, 'exemption rule'),
  };
}
