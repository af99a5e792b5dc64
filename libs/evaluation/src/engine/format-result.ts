import type { Decimal } from 'decimal.js';
import type { ClassDecisionDetail } from './class-cuts';
import type { CompiledIndicator } from './compile-scheme';
import type { EvaluatedPopulation, EvaluationDetail, RankedFirm, RankedGroup } from './evaluate';
import { EVALUATION_RULES } from './evaluation-rules';
import { formatExact, formatPercent, formatScore, formatValue } from './exact-decimal';
import type { FigureKey } from './figures';
import type { IndicatorScore, IndicatorStatistics } from './indicator-scores';
import type { ParsedFirm } from './parse-firm';
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

type Format = (value: Decimal) => string;

/**
 * Turns exact results into output strings. Numbers shared by many firms (weights, caps, benchmarks, ranges) are
 * the same Decimal instances, so each is formatted once: at 12,000 firms formatting is most of the work.
 */
export class ResultFormatter {
  private readonly sharedTexts = new Map<Format, Map<Decimal, string>>();

  private shared(value: Decimal, format: Format): string {
    let texts = this.sharedTexts.get(format);
    if (texts === undefined) {
      texts = new Map();
      this.sharedTexts.set(format, texts);
    }
    let text = texts.get(value);
    if (text === undefined) {
      text = format(value);
      texts.set(value, text);
    }
    return text;
  }

  private figureUsed(firm: ParsedFirm, figure: FigureKey): FigureUsed {
    return { figure, value: firm.figureTexts[figure] ?? null };
  }

  private measured(indicator: CompiledIndicator, score: IndicatorScore, scoreText: string): MeasuredScore | null {
    const { measured } = score;
    if (measured === null) return null;
    const capping = {
      uncappedScore: measured.capped ? formatScore(measured.uncappedScore) : scoreText,
      maxScore: indicator.maxScore === null ? null : this.shared(indicator.maxScore, formatScore),
      capped: measured.capped,
    };
    return measured.method === 'ratioToBenchmark'
      ? {
          method: 'ratioToBenchmark',
          benchmark: this.shared(measured.benchmark, formatValue),
          ratio: formatValue(measured.ratio),
          ...capping,
        }
      : {
          method: 'minMax',
          min: this.shared(measured.min, formatValue),
          max: this.shared(measured.max, formatValue),
          position: formatValue(measured.position),
          ...capping,
        };
  }

  private indicator(indicator: CompiledIndicator, score: IndicatorScore, firm: ParsedFirm): IndicatorOutcome {
    const { definition } = indicator;
    const scoreText = formatScore(score.score);
    return {
      indicatorId: definition.id,
      name: definition.name,
      unit: definition.unit,
      weight: this.shared(indicator.weight, formatExact),
      numerator: this.figureUsed(firm, definition.numerator),
      denominator: this.figureUsed(firm, definition.denominator),
      value: score.measurement.kind === 'measured' ? formatValue(score.measurement.value) : null,
      measured: this.measured(indicator, score, scoreText),
      substitution: score.substitution && { ...score.substitution, rule: definition.missingData },
      score: scoreText,
    };
  }

  private classDecision(decision: ClassDecisionDetail): ClassDecision {
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

  gradedFirm(ranked: RankedFirm, evaluated: EvaluatedPopulation, group: RankedGroup): GradedFirmResult {
    const { firm, score, rank, decision } = ranked;
    const groupSize = group.firms.length;
    return {
      status: 'graded',
      firmId: firm.input.firmId,
      populationId: evaluated.population.definition.id,
      industryGroup: group.industryGroup,
      landMu: firm.figureTexts.landMu ?? null,
      indicators: evaluated.population.indicators.map((indicator, index) =>
        this.indicator(indicator, score.indicatorScores[index], firm),
      ),
      items: score.items.map(({ item, count, points }) => ({
        itemId: item.definition.id,
        name: item.definition.name,
        pointsPerCount: this.shared(item.pointsPerCount, formatScore),
        count,
        points: formatScore(points),
      })),
      indicatorScoreSum: formatScore(score.indicatorScoreSum),
      itemPoints: formatScore(score.itemPoints),
      total: formatScore(score.publishedTotal),
      rank,
      rankingGroupSize: groupSize,
      rankPercentile: formatPercent(rank, groupSize),
      class: decision.final,
      classDecision: this.classDecision(decision),
    };
  }

  private statistics(indicator: CompiledIndicator, statistics: IndicatorStatistics): IndicatorStatisticsSummary {
    const { basis } = statistics;
    const orNull = (value: Decimal | null | undefined) => (value == null ? null : this.shared(value, formatValue));
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

  private rankingGroup(group: RankedGroup): RankingGroupSummary {
    const firmsByRank = new Map<string, number>();
    const firmsFinal = new Map<string, number>();
    for (const { decision } of group.firms) {
      firmsByRank.set(decision.byRank.class, (firmsByRank.get(decision.byRank.class) ?? 0) + 1);
      firmsFinal.set(decision.final, (firmsFinal.get(decision.final) ?? 0) + 1);
    }
    return {
      industryGroup: group.industryGroup,
      firmCount: group.firms.length,
      cuts: group.cuts.map((cut) => ({
        class: cut.class,
        sharePercent: formatExact(cut.sharePercent),
        cumulativeSharePercent: formatExact(cut.cumulativeSharePercent),
        cutPosition: cut.position,
        firmsByRank: firmsByRank.get(cut.class) ?? 0,
        firmsFinal: firmsFinal.get(cut.class) ?? 0,
      })),
    };
  }

  private population(evaluated: EvaluatedPopulation): PopulationSummary {
    const { population } = evaluated;
    return {
      populationId: population.definition.id,
      name: population.definition.name,
      firmCount: evaluated.firmCount,
      indicators: population.indicators.map((indicator, index) =>
        this.statistics(indicator, evaluated.statistics[index]),
      ),
      rankingGroups: evaluated.groups.map((group) => this.rankingGroup(group)),
    };
  }

  evaluation(detail: EvaluationDetail): EvaluationResult {
    const graded: FirmResult[] = detail.populations.flatMap((evaluated) =>
      evaluated.groups.flatMap((group) => group.firms.map((ranked) => this.gradedFirm(ranked, evaluated, group))),
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
      populations: detail.populations.map((evaluated) => this.population(evaluated)),
      firms: [...graded, ...exempt, ...notEvaluated],
    };
  }
}
