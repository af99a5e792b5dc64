import type { Decimal } from 'decimal.js';
import type { CompiledIndicator } from './compile-scheme';
import { EvaluationInputError } from './evaluation-input.error';
import { Exact, sum, ZERO } from './exact-decimal';
import type { FigureKey } from './figures';
import type { MissingValueReason } from './result.types';

const ONE = new Exact(1);

type Figures = Partial<Record<FigureKey, Decimal>>;

type IndicatorMeasurement =
  | { kind: 'measured'; numerator: Decimal; denominator: Decimal; value: Decimal }
  | { kind: 'missing'; reason: 'figureMissing' | 'zeroDenominator'; missingFigures: FigureKey[] };

/** What a value is scored against; null parts when no firm of the population has a value. */
type IndicatorBasis =
  | { method: 'ratioToBenchmark'; benchmarkKind: 'fixed' | 'populationAverage'; benchmark: Decimal | null }
  | { method: 'minMax'; range: { min: Decimal; max: Decimal } | null };

export interface IndicatorStatistics {
  basis: IndicatorBasis;
  firmsWithValue: number;
  averageScore: Decimal;
}

/** How a firm's own value was scored, with the basis it was compared to. */
type MeasuredScoreDetail = { uncappedScore: Decimal; capped: boolean; score: Decimal } & (
  | { method: 'ratioToBenchmark'; benchmark: Decimal; ratio: Decimal }
  | { method: 'minMax'; min: Decimal; max: Decimal; position: Decimal }
);

export interface IndicatorScore {
  measurement: IndicatorMeasurement;
  measured: MeasuredScoreDetail | null;
  substitution: { reason: MissingValueReason; missingFigures: FigureKey[] } | null;
  score: Decimal;
}

function measureIndicator(figures: Figures, indicator: CompiledIndicator): IndicatorMeasurement {
  const { numerator: numeratorKey, denominator: denominatorKey } = indicator.definition;
  const numerator = figures[numeratorKey];
  const denominator = figures[denominatorKey];
  if (numerator === undefined || denominator === undefined) {
    const missingFigures = [numeratorKey, denominatorKey].filter((key) => figures[key] === undefined);
    return { kind: 'missing', reason: 'figureMissing', missingFigures };
  }
  if (denominator.isZero()) return { kind: 'missing', reason: 'zeroDenominator', missingFigures: [] };
  return { kind: 'measured', numerator, denominator, value: numerator.div(denominator) };
}

function computeBasis(
  indicator: CompiledIndicator,
  measured: Extract<IndicatorMeasurement, { kind: 'measured' }>[],
  populationId: string,
): IndicatorBasis {
  const { scoring } = indicator.definition;
  if (scoring.method === 'minMax') {
    if (measured.length === 0) return { method: 'minMax', range: null };
    let min = measured[0].value;
    let max = min;
    for (const { value } of measured) {
      if (value.lt(min)) min = value;
      if (value.gt(max)) max = value;
    }
    return { method: 'minMax', range: { min, max } };
  }
  if (scoring.benchmark.kind === 'fixed') {
    return { method: 'ratioToBenchmark', benchmarkKind: 'fixed', benchmark: indicator.fixedBenchmark };
  }
  if (measured.length === 0) return { method: 'ratioToBenchmark', benchmarkKind: 'populationAverage', benchmark: null };
  const benchmark =
    scoring.benchmark.method === 'ratioOfTotals'
      ? sum(measured.map((m) => m.numerator)).div(sum(measured.map((m) => m.denominator)))
      : sum(measured.map((m) => m.value)).div(measured.length);
  if (benchmark.lte(0)) {
    throw new EvaluationInputError(
      `population '${populationId}': average benchmark of '${indicator.definition.id}' is ${benchmark.toFixed()}, ` +
        'not positive, so ratios to it mean nothing',
    );
  }
  return { method: 'ratioToBenchmark', benchmarkKind: 'populationAverage', benchmark };
}

function scoreValue(value: Decimal, indicator: CompiledIndicator, basis: IndicatorBasis): MeasuredScoreDetail | null {
  if (basis.method === 'ratioToBenchmark') {
    if (basis.benchmark === null) return null;
    const ratio = value.div(basis.benchmark);
    return {
      method: 'ratioToBenchmark',
      benchmark: basis.benchmark,
      ratio,
      ...capScore(ratio.times(indicator.weight), indicator),
    };
  }
  if (basis.range === null) return null;
  const { min, max } = basis.range;
  const position = max.eq(min) ? ONE : Exact.min(ONE, Exact.max(ZERO, value.minus(min).div(max.minus(min))));
  const uncappedScore = indicator.weight.times(position.times(80).plus(20)).div(100);
  return { method: 'minMax', min, max, position, ...capScore(uncappedScore, indicator) };
}

function capScore(uncappedScore: Decimal, indicator: CompiledIndicator) {
  const cap = indicator.maxScore;
  if (cap !== null && uncappedScore.gt(cap)) return { uncappedScore, capped: true, score: cap };
  return { uncappedScore, capped: false, score: uncappedScore };
}

function toIndicatorScore(
  measurement: IndicatorMeasurement,
  measured: MeasuredScoreDetail | null,
  indicator: CompiledIndicator,
  statistics: IndicatorStatistics,
): IndicatorScore {
  if (measured !== null) return { measurement, measured, substitution: null, score: measured.score };
  const substitution =
    measurement.kind === 'missing'
      ? { reason: measurement.reason, missingFigures: measurement.missingFigures }
      : { reason: 'noPopulationBasis' as const, missingFigures: [] };
  const score = indicator.definition.missingData === 'populationAverageScore' ? statistics.averageScore : ZERO;
  return { measurement, measured: null, substitution, score };
}

/** Scores one indicator for a whole population: basis first, then own values, then substitutes for the missing. */
export function scoreAcrossPopulation(
  indicator: CompiledIndicator,
  firmFigures: Figures[],
  populationId: string,
): { statistics: IndicatorStatistics; scores: IndicatorScore[] } {
  const measurements = firmFigures.map((figures) => measureIndicator(figures, indicator));
  const measured = measurements.filter((m): m is Extract<IndicatorMeasurement, { kind: 'measured' }> => {
    return m.kind === 'measured';
  });
  const basis = computeBasis(indicator, measured, populationId);
  const measuredScores = measurements.map((m) =>
    m.kind === 'measured' ? scoreValue(m.value, indicator, basis) : null,
  );
  const ownScores = measuredScores.filter((score): score is MeasuredScoreDetail => score !== null);
  const statistics: IndicatorStatistics = {
    basis,
    firmsWithValue: ownScores.length,
    averageScore: ownScores.length === 0 ? ZERO : sum(ownScores.map((s) => s.score)).div(ownScores.length),
  };
  const scores = measurements.map((m, i) => toIndicatorScore(m, measuredScores[i], indicator, statistics));
  return { statistics, scores };
}

/** Scores one firm's indicator against statistics already published for its population (what-if). */
export function scoreAgainstStatistics(
  figures: Figures,
  indicator: CompiledIndicator,
  statistics: IndicatorStatistics,
): IndicatorScore {
  const measurement = measureIndicator(figures, indicator);
  const measured = measurement.kind === 'measured' ? scoreValue(measurement.value, indicator, statistics.basis) : null;
  return toIndicatorScore(measurement, measured, indicator, statistics);
}
