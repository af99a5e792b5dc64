import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, DecimalScalar, toModel } from '@vg/core';
import type { FigureVersionRecord } from '@vg/output';
import { EVALUATION_RULES } from '../engine';
import type {
  ClassDecision,
  ClassThreshold,
  FloorOutcome,
  GradedFirmResult,
  IndicatorOutcome,
  ItemOutcome,
  OverrideOutcome,
  WhatIfResult,
} from '../engine';
import type { StoredResult } from '../stored-results';
import { ResultStatus } from './evaluation-enums';
import { RuleTextModel } from './round.models';

@ObjectType('IndicatorOutcome', { description: 'One indicator of one firm: its value, how it was scored, and why.' })
export class IndicatorOutcomeModel {
  @Field(() => String)
  indicatorId: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  unit: string;

  @Field(() => DecimalScalar)
  weight: string;

  @Field(() => String, { description: 'Engine figure name of the numerator, e.g. taxPaid.' })
  numeratorFigure: string;

  @Field(() => DecimalScalar, { nullable: true })
  numeratorValue: string | null;

  @Field(() => String)
  denominatorFigure: string;

  @Field(() => DecimalScalar, { nullable: true })
  denominatorValue: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'numerator / denominator, 6 decimals; null when missing.',
  })
  value: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ratioToBenchmark or minMax; null when the score was substituted.',
  })
  method: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  benchmark: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'value / benchmark.' })
  ratio: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  min: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  max: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  position: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  uncappedScore: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  maxScore: string | null;

  @Field(() => Boolean)
  capped: boolean;

  @Field(() => String, { nullable: true, description: 'figureMissing, zeroDenominator or noPopulationBasis.' })
  substitutionReason: string | null;

  @Field(() => String, { nullable: true, description: 'populationAverageScore or zero.' })
  substitutionRule: string | null;

  @Field(() => [String], { description: 'Figures the firm lacked for this indicator.' })
  missingFigures: string[];

  @Field(() => DecimalScalar, { description: '4 decimals.' })
  score: string;

  static from(outcome: IndicatorOutcome): IndicatorOutcomeModel {
    const measured = outcome.measured;
    return toModel(IndicatorOutcomeModel, {
      indicatorId: outcome.indicatorId,
      name: outcome.name,
      unit: outcome.unit,
      weight: outcome.weight,
      numeratorFigure: outcome.numerator.figure,
      numeratorValue: outcome.numerator.value,
      denominatorFigure: outcome.denominator.figure,
      denominatorValue: outcome.denominator.value,
      value: outcome.value,
      method: measured?.method ?? null,
      benchmark: measured?.method === 'ratioToBenchmark' ? measured.benchmark : null,
      ratio: measured?.method === 'ratioToBenchmark' ? measured.ratio : null,
      min: measured?.method === 'minMax' ? measured.min : null,
      max: measured?.method === 'minMax' ? measured.max : null,
      position: measured?.method === 'minMax' ? measured.position : null,
      uncappedScore: measured?.uncappedScore ?? null,
      maxScore: measured?.maxScore ?? null,
      capped: measured?.capped ?? false,
      substitutionReason: outcome.substitution?.reason ?? null,
      substitutionRule: outcome.substitution?.rule ?? null,
      missingFigures: outcome.substitution?.missingFigures ?? [],
      score: outcome.score,
    });
  }
}

@ObjectType('ItemOutcome', { description: 'Bonus or penalty points.' })
export class ItemOutcomeModel {
  @Field(() => String)
  itemId: string;

  @Field(() => String)
  name: string;

  @Field(() => DecimalScalar)
  pointsPerCount: string;

  @Field(() => Int)
  count: number;

  @Field(() => DecimalScalar)
  points: string;

  static from(item: ItemOutcome): ItemOutcomeModel {
    return toModel(ItemOutcomeModel, {
      itemId: item.itemId,
      name: item.name,
      pointsPerCount: item.pointsPerCount,
      count: item.count,
      points: item.points,
    });
  }
}

@ObjectType('FloorTriggered')
export class FloorTriggeredModel {
  @Field(() => String)
  indicatorId: string;

  @Field(() => DecimalScalar)
  value: string;

  @Field(() => DecimalScalar)
  below: string;

  @Field(() => String, { name: 'class' })
  grade: string;

  static from(floor: FloorOutcome): FloorTriggeredModel {
    return toModel(FloorTriggeredModel, {
      indicatorId: floor.indicatorId,
      value: floor.value,
      below: floor.below,
      grade: floor.class,
    });
  }
}

@ObjectType('OverrideApplied')
export class OverrideAppliedModel {
  @Field(() => String)
  ruleId: string;

  @Field(() => String)
  reason: string;

  @Field(() => String)
  evidence: string;

  @Field(() => String)
  forcedClass: string;

  static from(override: OverrideOutcome): OverrideAppliedModel {
    return toModel(OverrideAppliedModel, {
      ruleId: override.ruleId,
      reason: override.reason,
      evidence: override.evidence,
      forcedClass: override.forcedClass,
    });
  }
}

@ObjectType('ClassDecision', { description: 'How the class was reached: rank, then floors, then overrides.' })
export class ClassDecisionModel {
  @Field(() => String, { description: 'The class the rank earns.' })
  byRankClass: string;

  @Field(() => Int)
  cutPosition: number;

  @Field(() => [FloorTriggeredModel])
  floorsTriggered: FloorTriggeredModel[];

  @Field(() => [OverrideAppliedModel])
  overrides: OverrideAppliedModel[];

  @Field(() => String, { name: 'final' })
  finalClass: string;

  @Field(() => String, { description: 'rank, floor or override.' })
  decidedBy: string;

  static from(decision: ClassDecision): ClassDecisionModel {
    return toModel(ClassDecisionModel, {
      byRankClass: decision.byRank.class,
      cutPosition: decision.byRank.cutPosition,
      floorsTriggered: decision.floorsTriggered.map(FloorTriggeredModel.from),
      overrides: decision.overrides.map(OverrideAppliedModel.from),
      finalClass: decision.final,
      decidedBy: decision.decidedBy,
    });
  }
}

@ObjectType('GradedOutcome', { description: 'A graded firm’s score, rank and class with every step of the way.' })
export class GradedOutcomeModel {
  @Field(() => String)
  populationId: string;

  @Field(() => String, { nullable: true })
  industryGroup: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Land in mu (exact).' })
  landMu: string | null;

  @Field(() => [IndicatorOutcomeModel])
  indicators: IndicatorOutcomeModel[];

  @Field(() => [ItemOutcomeModel])
  items: ItemOutcomeModel[];

  @Field(() => DecimalScalar)
  indicatorScoreSum: string;

  @Field(() => DecimalScalar)
  itemPoints: string;

  @Field(() => DecimalScalar, { description: 'Score as published, 4 decimals.' })
  total: string;

  @Field(() => Int)
  rank: number;

  @Field(() => Int)
  rankingGroupSize: number;

  @Field(() => DecimalScalar)
  rankPercentile: string;

  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => ClassDecisionModel)
  classDecision: ClassDecisionModel;

  static from(result: GradedFirmResult): GradedOutcomeModel {
    return toModel(GradedOutcomeModel, {
      populationId: result.populationId,
      industryGroup: result.industryGroup,
      landMu: result.landMu,
      indicators: result.indicators.map(IndicatorOutcomeModel.from),
      items: result.items.map(ItemOutcomeModel.from),
      indicatorScoreSum: result.indicatorScoreSum,
      itemPoints: result.itemPoints,
      total: result.total,
      rank: result.rank,
      rankingGroupSize: result.rankingGroupSize,
      rankPercentile: result.rankPercentile,
      grade: result.class,
      classDecision: ClassDecisionModel.from(result.classDecision),
    });
  }
}

@ObjectType('FigureUsed', { description: 'A figure the round gave the engine, and the record it came from.' })
export class FigureUsedModel {
  @Field(() => String, { description: 'Engine figure name, e.g. taxPaid, landM2.' })
  figure: string;

  @Field(() => DecimalScalar)
  value: string;

  @Field(() => ID, { nullable: true, description: 'The figure version (annualFigureHistory lists them).' })
  figureId: string | null;

  @Field(() => String, { nullable: true })
  source: string | null;

  @Field(() => ID, { nullable: true })
  importJobId: string | null;

  @Field(() => String, { nullable: true, description: 'The review of that figure version, as it stands now.' })
  auditState: string | null;

  @Field(() => [ID], { description: 'For land: the certified plots summed.' })
  landPlotIds: string[];
}

@ObjectType('EvaluationResult')
export class EvaluationResultModel {
  @Field(() => ID)
  roundId: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => ResultStatus)
  status: ResultStatus;

  @Field(() => String, { nullable: true })
  populationId: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  total: string | null;

  @Field(() => Int, { nullable: true })
  rank: number | null;

  @Field(() => String, { nullable: true, name: 'class' })
  grade: string | null;

  @Field(() => GradedOutcomeModel, { nullable: true, description: 'The full explanation of a graded firm.' })
  graded: GradedOutcomeModel | null;

  @Field(() => String, { nullable: true, description: 'Why exempt (rule and evidence) or why not evaluated.' })
  notGradedReason: string | null;

  @Field(() => [FigureUsedModel])
  figures: FigureUsedModel[];

  @Field(() => Boolean)
  sheetConfirmed: boolean;

  @Field(() => [RuleTextModel])
  rules: RuleTextModel[];

  static from(result: StoredResult, versions: ReadonlyMap<string, FigureVersionRecord>): EvaluationResultModel {
    const explanation = result.explanation;
    const { input, origins, sheetConfirmed } = result.input;
    return toModel(EvaluationResultModel, {
      roundId: result.roundId,
      firmId: result.firmId,
      status: result.status,
      populationId: result.populationId,
      total: result.total,
      rank: result.rank,
      grade: result.grade,
      graded: explanation.status === 'graded' ? GradedOutcomeModel.from(explanation) : null,
      notGradedReason:
        explanation.status === 'exempt'
          ? `${explanation.exemption.reason} (${explanation.exemption.evidence})`
          : explanation.status === 'notEvaluated'
            ? explanation.reason
            : null,
      figures: Object.entries(input.figures).map(([figure, value]) => {
        const figureId = origins[figure]?.figureId ?? null;
        const version = figureId ? versions.get(figureId) : undefined;
        return toModel(FigureUsedModel, {
          figure,
          value,
          figureId,
          source: version?.source ?? null,
          importJobId: version?.importJobId ?? null,
          auditState: version?.auditState ?? null,
          landPlotIds: origins[figure]?.landPlotIds ?? [],
        });
      }),
      sheetConfirmed,
      rules: RuleTextModel.list(EVALUATION_RULES),
    });
  }
}

export const EvaluationResultConnection = Connection(EvaluationResultModel, 'EvaluationResult');

@ObjectType('ClassThreshold', { description: 'The lowest total that earns a class, given the other firms’ totals.' })
export class ClassThresholdModel {
  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => Int)
  cutPosition: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Null when any total earns it (or, unreachable, none).' })
  lowestTotal: string | null;

  @Field(() => Boolean)
  reachable: boolean;

  static from(threshold: ClassThreshold): ClassThresholdModel {
    return toModel(ClassThresholdModel, {
      grade: threshold.class,
      cutPosition: threshold.cutPosition,
      lowestTotal: threshold.lowestTotal,
      reachable: threshold.reachable,
    });
  }
}

@ObjectType('WhatIf', { description: 'One firm recomputed with other figures, against its published population.' })
export class WhatIfModel {
  @Field(() => ID)
  roundId: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => GradedOutcomeModel)
  published: GradedOutcomeModel;

  @Field(() => GradedOutcomeModel)
  hypothetical: GradedOutcomeModel;

  @Field(() => [ClassThresholdModel])
  classThresholds: ClassThresholdModel[];

  @Field(() => [RuleTextModel])
  rules: RuleTextModel[];

  static from(roundId: string, result: WhatIfResult): WhatIfModel {
    return toModel(WhatIfModel, {
      roundId,
      firmId: result.firmId,
      published: GradedOutcomeModel.from(result.published),
      hypothetical: GradedOutcomeModel.from(result.hypothetical),
      classThresholds: result.classThresholds.map(ClassThresholdModel.from),
      rules: RuleTextModel.list(result.rules),
    });
  }
}
