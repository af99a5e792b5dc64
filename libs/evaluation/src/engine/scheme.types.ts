/**
 * A per-mu evaluation scheme ("亩均论英雄") as plain data. Counties differ in populations, indicators, weights,
 * benchmarks, scoring and class cuts, so all of that lives here and the engine only interprets it.
 *
 * Every number is a decimal string (e.g. '24.097') so that published figures are kept exactly.
 */

import type { FigureKey } from './figures';

export type DecimalString = string;

/** 规上 (annual revenue ≥ 20 million yuan, as listed by the statistics bureau) or 规下. */
export type FirmScale = 'above' | 'below';

export type ClassLabel = string;

/** Who belongs to a population. All given conditions must hold; an omitted condition is not checked. */
export interface PopulationCriteria {
  scale?: FirmScale;
  /** Inclusive: a firm with exactly this many mu qualifies. A firm without a land figure does not. */
  minLandMu?: DecimalString;
  hasOwnLand?: boolean;
}

export type Benchmark =
  | { kind: 'fixed'; value: DecimalString }
  /**
   * Average over the population's firms that have both figures (non-zero denominator):
   * `ratioOfTotals` = Σ numerator / Σ denominator (how bureaus publish e.g. 全区亩均税收);
   * `meanOfRatios` = mean of the firms' indicator values.
   */
  | { kind: 'populationAverage'; method: 'ratioOfTotals' | 'meanOfRatios' };

export type IndicatorScoring =
  /** weight × value / benchmark (the Huangyan method). */
  | { method: 'ratioToBenchmark'; benchmark: Benchmark }
  /** weight × (20 + 80 × (value − min) / (max − min)) / 100, min and max over the population's firms with data. */
  | { method: 'minMax' };

/** What a firm gets for an indicator it has no value for (a figure missing, or a zero denominator). */
export type MissingDataRule = 'populationAverageScore' | 'zero';

export interface IndicatorDefinition {
  id: string;
  /** The name explanations use (Chinese in the published schemes). */
  name: string;
  /** The English label, for people who read it. */
  nameEn?: string;
  unit: string;
  numerator: FigureKey;
  denominator: FigureKey;
  weight: DecimalString;
  scoring: IndicatorScoring;
  /** Highest score this indicator can contribute. */
  maxScore?: DecimalString;
  missingData: MissingDataRule;
}

/** One class and its share of a ranking group, in percent. Listed best class first; shares sum to 100. */
export interface ClassCut {
  class: ClassLabel;
  sharePercent: DecimalString;
}

/** A firm whose indicator value is strictly below `below` is graded no better than `class`. */
export interface AbsoluteFloor {
  indicatorId: string;
  below: DecimalString;
  class: ClassLabel;
}

export interface PopulationDefinition {
  id: string;
  name: string;
  nameEn?: string;
  criteria: PopulationCriteria;
  /** Rank and cut within each industry group (e.g. textiles & apparel) instead of the whole population. */
  rankWithinIndustryGroups: boolean;
  indicators: IndicatorDefinition[];
  classCuts: ClassCut[];
  floors: AbsoluteFloor[];
}

/** Bonus (positive) or penalty (negative) points per counted occurrence, e.g. −5 per extra tenant. */
export interface ScoreItemDefinition {
  id: string;
  name: string;
  nameEn?: string;
  pointsPerCount: DecimalString;
}

/** An event that fixes a firm's class regardless of score, e.g. a major safety accident → D. */
export interface OverrideRule {
  id: string;
  reason: string;
  forcedClass: ClassLabel;
}

/** A reason not to grade a firm at all, e.g. newly in production, public utility. */
export interface ExemptionRule {
  id: string;
  reason: string;
}

export interface EvaluationScheme {
  id: string;
  name: string;
  year: number;
  /** A firm belongs to the first population, in this order, whose criteria it meets. */
  populations: PopulationDefinition[];
  items: ScoreItemDefinition[];
  overrideRules: OverrideRule[];
  exemptionRules: ExemptionRule[];
}
