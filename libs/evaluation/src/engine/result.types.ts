import type { EvaluationRules } from './evaluation-rules';
import type { FirmFigures } from './firm-input.types';
import type { FigureKey } from './figures';
import type { ClassLabel, MissingDataRule } from './scheme.types';

// Output numbers are decimal strings, rounded as stated in `EVALUATION_RULES.outputRounding`.

export interface FigureUsed {
  figure: FigureKey;
  /** As given (land: exact mu); null when the firm has no such figure. */
  value: string | null;
}

export type MeasuredScore =
  | {
      method: 'ratioToBenchmark';
      benchmark: string;
      /** value / benchmark */
      ratio: string;
      uncappedScore: string;
      maxScore: string | null;
      capped: boolean;
    }
  | {
      method: 'minMax';
      min: string;
      max: string;
      /** (value − min) / (max − min), clamped to [0, 1] */
      position: string;
      uncappedScore: string;
      maxScore: string | null;
      capped: boolean;
    };

export type MissingValueReason =
  | 'figureMissing'
  | 'zeroDenominator'
  /** Only in what-if: no firm of the published population had a value, so there is no benchmark or range. */
  | 'noPopulationBasis';

export interface MissingDataSubstitution {
  reason: MissingValueReason;
  missingFigures: FigureKey[];
  rule: MissingDataRule;
}

export interface IndicatorOutcome {
  indicatorId: string;
  name: string;
  unit: string;
  weight: string;
  numerator: FigureUsed;
  denominator: FigureUsed;
  /** numerator / denominator; null when missing. */
  value: string | null;
  /** How the firm's own value was scored; null when the score was substituted. */
  measured: MeasuredScore | null;
  substitution: MissingDataSubstitution | null;
  score: string;
}

export interface ItemOutcome {
  itemId: string;
  name: string;
  pointsPerCount: string;
  count: number;
  points: string;
}

export interface FloorOutcome {
  indicatorId: string;
  value: string;
  below: string;
  class: ClassLabel;
}

export interface OverrideOutcome {
  ruleId: string;
  reason: string;
  evidence: string;
  forcedClass: ClassLabel;
}

export interface ClassDecision {
  /** The class the rank earns: the first class whose cut position is ≥ the rank. */
  byRank: { class: ClassLabel; cutPosition: number };
  floorsTriggered: FloorOutcome[];
  overrides: OverrideOutcome[];
  final: ClassLabel;
  decidedBy: 'rank' | 'floor' | 'override';
}

export interface GradedFirmResult {
  status: 'graded';
  firmId: string;
  populationId: string;
  /** The industry group ranked within; null when the population ranks as a whole. */
  industryGroup: string | null;
  landMu: string | null;
  indicators: IndicatorOutcome[];
  items: ItemOutcome[];
  indicatorScoreSum: string;
  itemPoints: string;
  total: string;
  rank: number;
  rankingGroupSize: number;
  rankPercentile: string;
  class: ClassLabel;
  classDecision: ClassDecision;
}

export interface ExemptFirmResult {
  status: 'exempt';
  firmId: string;
  /** The population the firm would otherwise be in, if any. */
  populationId: string | null;
  exemption: { ruleId: string; reason: string; evidence: string };
}

export interface NotEvaluatedFirmResult {
  status: 'notEvaluated';
  firmId: string;
  reason: string;
}

export type FirmResult = GradedFirmResult | ExemptFirmResult | NotEvaluatedFirmResult;

export type IndicatorBasisSummary =
  | { method: 'ratioToBenchmark'; benchmarkKind: 'fixed' | 'populationAverage'; benchmark: string | null }
  | { method: 'minMax'; min: string | null; max: string | null };

export interface IndicatorStatisticsSummary {
  indicatorId: string;
  firmsWithValue: number;
  /** null parts: no firm of the population has a value. */
  basis: IndicatorBasisSummary;
  /** Mean score of the firms with a value; what `populationAverageScore` substitutes. */
  averageScore: string;
}

export interface ClassCutOutcome {
  class: ClassLabel;
  sharePercent: string;
  cumulativeSharePercent: string;
  cutPosition: number;
  firmsByRank: number;
  firmsFinal: number;
}

export interface RankingGroupSummary {
  industryGroup: string | null;
  firmCount: number;
  cuts: ClassCutOutcome[];
}

export interface PopulationSummary {
  populationId: string;
  name: string;
  firmCount: number;
  indicators: IndicatorStatisticsSummary[];
  rankingGroups: RankingGroupSummary[];
}

export interface EvaluationResult {
  schemeId: string;
  year: number;
  rules: EvaluationRules;
  populations: PopulationSummary[];
  /**
   * Graded firms by population (scheme order), industry group, rank, firm id; then exempt, then not evaluated
   * firms, each by firm id.
   */
  firms: FirmResult[];
}

export interface ClassThreshold {
  class: ClassLabel;
  cutPosition: number;
  /**
   * The lowest total that earns this class by rank, given the other firms' published totals;
   * null when any total does (or, with `reachable` false, none does).
   */
  lowestTotal: string | null;
  reachable: boolean;
}

export interface WhatIfResult {
  firmId: string;
  populationId: string;
  industryGroup: string | null;
  changedFigures: FirmFigures;
  published: GradedFirmResult;
  hypothetical: GradedFirmResult;
  classThresholds: ClassThreshold[];
  rules: EvaluationRules;
}
