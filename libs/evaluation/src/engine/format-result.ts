import type { Decimal } from 'decimal.js';
import type { ClassDecisionDetail } from './class-cuts';
import type { CompiledIndicator } from './compile-scheme';
import type { EvaluatedPopulation, EvaluationDetail, RankedFirm, RankedGroup } from './evaluate';
import { EVALUATION_RULES } from './evaluation-rules';
import { Exact, formatExact, formatScore, formatValue } from './exact-decimal';
import type { FigureKey } from './figures';
import type { IndicatorScore, IndicatorStatistics } from './indicator-scores';
import type {
  ClassDecision,
  EvaluationResult,
  FigureUsed,
  FirmResult,
  GradedFirmResult,
  IndicatorOutcome,
  IndicatorStatisticsSummary,
  MeasuredScore,
  PopulationSummary,
  RankingGroupSummary,
} from './result.types';

type Figures = Partial<Record<FigureKey, Decimal>>;

function figureUsed(figures: Figures, figure: FigureKey): FigureUsed {
  const value = figures[figure];
  return { figure, value: value === undefined ? null : formatExact(value) };
}

function formatMeasured(indicator: CompiledIndicator, score: IndicatorScore): MeasuredScore | null {
  const { measured } = score;
  if (measured === null) return null;
  const capping = {
    uncappedScore: formatScore(measured.uncappedScore),
    maxScore: indicator.maxScore === null ? null : formatScore(indicator.maxScore),
    capped: measured.capped,
  };
  return measured.method === 'ratioToBenchmark'
    ? {
        method: 'ratioToBenchmark',
        benchmark: formatValue(measured.benchmark),
        ratio: formatValue(measured.ratio),
        ...capping,
      }
    : {
        method: 'minMax',
        min: formatValue(measured.min),
        max: formatValue(measured.max),
        position: formatValue(measured.position),
        ...capping,
      };
}

function formatIndicator(indicator: CompiledIndicator, score: IndicatorScore, figures: Figures): IndicatorOutcome {
  const { definition } = indicator;
  return {
    indicatorId: definition.id,
    name: definition.name,
    unit: definition.unit,
    weight: formatExact(indicator.weight),
    numerator: figureUsed(figures, definition.numerator),
    denominator: figureUsed(figures, definition.denominator),
    value: score.measurement.kind === 'measured' ? formatValue(score.measurement.value) : null,
    measured: formatMeasured(indicator, score),
    substitution: score.substitution && { ...score.substitution, rule: definition.missingData },
    score: formatScore(score.score),
  };
}

function formatClassDecision(decision: ClassDecisionDetail): ClassDecision {
  return {
    byRank: { class: decision.byRank.class, cutPosition: decision.byRank.position },
    floorsTriggered: decision.floorsTriggered.map(({ floor, value }) => ({
      indicatorId: floor.definition.indicatorId,
      value: formatValue(value),
      below: formatExact(floor.below),
      class: floor.definition.class,
    })),
    overrides: decision.overrides.map(({ rule, evidence }) => ({
      ruleId: rule.id,
      reason: rule.reason,
      evidence,
      forcedClass: rule.forcedClass,
    })),
    final: decision.final,
    decidedBy: decision.decidedBy,
  };
}

export function formatGradedFirm(
  ranked: RankedFirm,
  evaluated: EvaluatedPopulation,
  group: RankedGroup,
): GradedFirmResult {
  const { firm, score, rank, decision } = ranked;
  const groupSize = group.firms.length;
  const landMu = firm.figures.landMu;
  return {
    status: 'graded',
    firmId: firm.input.firmId,
    populationId: evaluated.population.definition.id,
    industryGroup: group.industryGroup,
    landMu: landMu === undefined ? null : formatExact(landMu),
    indicators: evaluated.population.indicators.map((indicator, index) =>
      formatIndicator(indicator, score.indicatorScores[index], firm.figures),
    ),
    items: score.items.map(({ item, count, points }) => ({
      itemId: item.definition.id,
      name: item.definition.name,
      pointsPerCount: formatScore(item.pointsPerCount),
      count,
      points: formatScore(points),
    })),
    indicatorScoreSum: formatScore(score.indicatorScoreSum),
    itemPoints: formatScore(score.itemPoints),
    total: formatScore(score.publishedTotal),
    rank,
    rankingGroupSize: groupSize,
    rankPercentile: formatScore(new Exact(rank).times(100).div(groupSize)),
    class: decision.final,
    classDecision: formatClassDecision(decision),
  };
}

function formatStatistics(indicator: CompiledIndicator, statistics: IndicatorStatistics): IndicatorStatisticsSummary {
  const { basis } = statistics;
  const orNull = (value: Decimal | null | undefined) => (value == null ? null : formatValue(value));
  return {
    indicatorId: indicator.definition.id,
    firmsWithValue: statistics.firmsWithValue,
    basis:
      basis.method === 'ratioToBenchmark'
        ? { method: basis.method, benchmarkKind: basis.benchmarkKind, benchmark: orNull(basis.benchmark) }
        : { method: basis.method, min: orNull(basis.range?.min), max: orNull(basis.range?.max) },
    averageScore: formatScore(statistics.averageScore),
  };
}

function summariseGroup(group: RankedGroup): RankingGroupSummary {
  return {
    industryGroup: group.industryGroup,
    firmCount: group.firms.length,
    cuts: group.cuts.map((cut) => ({
      class: cut.class,
      sharePercent: formatExact(cut.sharePercent),
      cumulativeSharePercent: formatExact(cut.cumulativeSharePercent),
      cutPosition: cut.position,
      firmsByRank: group.firms.filter((firm) => firm.decision.byRank.class === cut.class).length,
      firmsFinal: group.firms.filter((firm) => firm.decision.final === cut.class).length,
    })),
  };
}

function summarisePopulation(evaluated: EvaluatedPopulation): PopulationSummary {
  const { population } = evaluated;
  return {
    populationId: population.definition.id,
    name: population.definition.name,
    firmCount: evaluated.firmCount,
    indicators: population.indicators.map((indicator, index) =>
      formatStatistics(indicator, evaluated.statistics[index]),
    ),
    rankingGroups: evaluated.groups.map(summariseGroup),
  };
}

export function formatEvaluation(detail: EvaluationDetail): EvaluationResult {
  const graded: FirmResult[] = detail.populations.flatMap((evaluated) =>
    evaluated.groups.flatMap((group) => group.firms.map((ranked) => formatGradedFirm(ranked, evaluated, group))),
  );
  const exempt: FirmResult[] = detail.exempt.map(({ firm, exemption, population }) => ({
    status: 'exempt',
    firmId: firm.input.firmId,
    populationId: population?.definition.id ?? null,
    exemption: { ruleId: exemption.rule.id, reason: exemption.rule.reason, evidence: exemption.evidence },
  }));
  const notEvaluated: FirmResult[] = detail.notEvaluated.map(({ firm, reason }) => ({
    status: 'notEvaluated',
    firmId: firm.input.firmId,
    reason,
  }));
  const { definition } = detail.scheme;
  return {
    schemeId: definition.id,
    year: definition.year,
    rules: EVALUATION_RULES,
    populations: detail.populations.map(summarisePopulation),
    firms: [...graded, ...exempt, ...notEvaluated],
  };
}
