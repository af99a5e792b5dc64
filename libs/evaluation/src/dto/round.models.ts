import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import type { ClassCutOutcome, IndicatorStatisticsSummary, PopulationSummary, RankingGroupSummary } from '../engine';
import { EvaluationRoundEntity } from '../evaluation-round.entity';
import { EvaluationSchemeEntity } from '../evaluation-scheme.entity';
import { formFromScheme } from '../scheme-form';
import { EvaluationSchemeFormDto } from './scheme-form.dto';
import { Readiness, ReadinessFinding, ReadinessFirm, ReadinessIssue } from '../round-readiness';
import { ResultStatus, RoundStatus } from './evaluation-enums';

@ObjectType('EvaluationScheme')
export class EvaluationSchemeModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: 'Null for a scheme every park may use.' })
  parkId: string | null;

  @Field(() => String)
  code: string;

  @Field(() => String)
  name: string;

  @Field(() => Int)
  year: number;

  @Field(() => String, { description: 'The scheme as stored, JSON (for export and import).' })
  definitionJson: string;

  @Field(() => EvaluationSchemeFormDto, {
    description: 'The scheme as a form: copy it, edit it, submit it to createEvaluationSchemeFromForm.',
  })
  form: EvaluationSchemeFormDto;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  static from(scheme: EvaluationSchemeEntity): EvaluationSchemeModel {
    return toModel(EvaluationSchemeModel, {
      id: scheme.id,
      parkId: scheme.parkId,
      code: scheme.code,
      name: scheme.name,
      year: scheme.year,
      definitionJson: JSON.stringify(scheme.definition),
      form: formFromScheme(scheme.definition),
      createdAt: scheme.createdAt,
    });
  }
}

export const EvaluationSchemeConnection = Connection(EvaluationSchemeModel, 'EvaluationScheme');

@ObjectType('IndicatorStatistics', { description: 'What an indicator was scored against in a population.' })
export class IndicatorStatisticsModel {
  @Field(() => String)
  indicatorId: string;

  @Field(() => Int)
  firmsWithValue: number;

  @Field(() => String, { description: 'ratioToBenchmark or minMax.' })
  method: string;

  @Field(() => String, { nullable: true, description: 'fixed or populationAverage.' })
  benchmarkKind: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  benchmark: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  min: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  max: string | null;

  @Field(() => DecimalScalar, { description: 'Mean score of the firms with a value (what a missing value may get).' })
  averageScore: string;

  static from(statistics: IndicatorStatisticsSummary): IndicatorStatisticsModel {
    const { basis } = statistics;
    return toModel(IndicatorStatisticsModel, {
      indicatorId: statistics.indicatorId,
      firmsWithValue: statistics.firmsWithValue,
      method: basis.method,
      benchmarkKind: basis.method === 'ratioToBenchmark' ? basis.benchmarkKind : null,
      benchmark: basis.method === 'ratioToBenchmark' ? basis.benchmark : null,
      min: basis.method === 'minMax' ? basis.min : null,
      max: basis.method === 'minMax' ? basis.max : null,
      averageScore: statistics.averageScore,
    });
  }
}

@ObjectType('ClassCut')
export class ClassCutModel {
  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => DecimalScalar)
  sharePercent: string;

  @Field(() => DecimalScalar)
  cumulativeSharePercent: string;

  @Field(() => Int, { description: 'The worst rank that still earns the class (0: empty).' })
  cutPosition: number;

  @Field(() => Int)
  firmsByRank: number;

  @Field(() => Int, { description: 'After floors and overrides.' })
  firmsFinal: number;

  static from(cut: ClassCutOutcome): ClassCutModel {
    return toModel(ClassCutModel, {
      grade: cut.class,
      sharePercent: cut.sharePercent,
      cumulativeSharePercent: cut.cumulativeSharePercent,
      cutPosition: cut.cutPosition,
      firmsByRank: cut.firmsByRank,
      firmsFinal: cut.firmsFinal,
    });
  }
}

@ObjectType('RankingGroup')
export class RankingGroupModel {
  @Field(() => String, { nullable: true })
  industryGroup: string | null;

  @Field(() => Int)
  firmCount: number;

  @Field(() => [ClassCutModel])
  cuts: ClassCutModel[];

  static from(group: RankingGroupSummary): RankingGroupModel {
    return toModel(RankingGroupModel, {
      industryGroup: group.industryGroup,
      firmCount: group.firmCount,
      cuts: group.cuts.map(ClassCutModel.from),
    });
  }
}

@ObjectType('PopulationSummary')
export class PopulationSummaryModel {
  @Field(() => String)
  populationId: string;

  @Field(() => String)
  name: string;

  @Field(() => Int)
  firmCount: number;

  @Field(() => [IndicatorStatisticsModel])
  indicators: IndicatorStatisticsModel[];

  @Field(() => [RankingGroupModel])
  rankingGroups: RankingGroupModel[];

  static from(summary: PopulationSummary): PopulationSummaryModel {
    return toModel(PopulationSummaryModel, {
      populationId: summary.populationId,
      name: summary.name,
      firmCount: summary.firmCount,
      indicators: summary.indicators.map(IndicatorStatisticsModel.from),
      rankingGroups: summary.rankingGroups.map(RankingGroupModel.from),
    });
  }
}

@ObjectType('RuleText', { description: 'One of the rules the engine applied, in words.' })
export class RuleTextModel {
  @Field(() => String)
  name: string;

  @Field(() => String)
  text: string;

  static list(rules: Record<string, string>): RuleTextModel[] {
    return Object.entries(rules).map(([name, text]) => toModel(RuleTextModel, { name, text }));
  }
}

@ObjectType('EvaluationRound')
export class EvaluationRoundModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => Int)
  year: number;

  @Field(() => Int, { description: '1, then 2, 3, … for corrections of a published round.' })
  version: number;

  @Field(() => ID, { nullable: true })
  previousRoundId: string | null;

  @Field(() => ID)
  schemeId: string;

  @Field(() => RoundStatus)
  status: RoundStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  noticeEndsAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  computedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt: Date | null;

  @Field(() => Int, { description: 'Firms in the computed population.' })
  firmCount: number;

  @Field(() => Int, { description: 'Of them, firms whose sheet was not confirmed when computed.' })
  unconfirmedSheets: number;

  @Field(() => Int)
  graded: number;

  @Field(() => Int)
  exempt: number;

  @Field(() => Int)
  notEvaluated: number;

  @Field(() => [PopulationSummaryModel], { description: 'Benchmarks, averages and class cuts per population.' })
  populations: PopulationSummaryModel[];

  @Field(() => [RuleTextModel])
  rules: RuleTextModel[];

  @Field(() => [String], { description: 'What readiness warned of (and what was overridden) when last computed.' })
  computeWarnings: string[];

  @Field(() => Int, { description: 'Firms without a scale for the year graded 规下 by treatUnlistedAsBelowScale.' })
  assumedBelowScale: number;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  static from(round: EvaluationRoundEntity): EvaluationRoundModel {
    const summary = round.summary;
    return toModel(EvaluationRoundModel, {
      id: round.id,
      parkId: round.parkId,
      year: round.year,
      version: round.version,
      previousRoundId: round.previousRoundId,
      schemeId: round.schemeId,
      status: round.status,
      noticeEndsAt: round.noticeEndsAt,
      computedAt: round.computedAt,
      publishedAt: round.publishedAt,
      firmCount: round.firmCount,
      unconfirmedSheets: round.unconfirmedSheets,
      graded: summary?.graded ?? 0,
      exempt: summary?.exempt ?? 0,
      notEvaluated: summary?.notEvaluated ?? 0,
      populations: (summary?.populations ?? []).map(PopulationSummaryModel.from),
      rules: summary ? RuleTextModel.list(summary.rules) : [],
      computeWarnings: summary?.warnings ?? [],
      assumedBelowScale: summary?.assumedBelowScale ?? 0,
      createdAt: round.createdAt,
    });
  }
}

export const EvaluationRoundConnection = Connection(EvaluationRoundModel, 'EvaluationRound');

registerEnumType(ReadinessIssue, {
  name: 'ReadinessIssue',
  description:
    'UNCONFIRMED_SHEET, RETURNED_FIGURES, PENDING_FIGURES, WITHOUT_SCALE, WITHOUT_LAND, SHARED_PLOT: see evaluationRoundReadinessFirms.',
});

@ObjectType('ReadinessFinding', { description: 'What readiness found, and whether it refuses the computation.' })
export class ReadinessFindingModel {
  @Field(() => String, {
    description: 'UNCONFIRMED_SHEETS, WITHOUT_SCALE (blocking); PENDING_FIGURES, WITHOUT_LAND, SHARED_PLOT (warnings).',
  })
  code: string;

  @Field(() => Boolean, { description: 'Refuses computeEvaluationRound unless overrideArgument is true.' })
  blocking: boolean;

  @Field(() => String, { nullable: true, description: 'The computeEvaluationRound argument that lets it through.' })
  overrideArgument: string | null;

  @Field(() => Int, { description: 'Firms concerned.' })
  firms: number;

  @Field(() => String)
  message: string;

  static from(finding: ReadinessFinding): ReadinessFindingModel {
    return toModel(ReadinessFindingModel, {
      code: finding.code,
      blocking: finding.blocking,
      overrideArgument: finding.override,
      firms: finding.firms,
      message: finding.message,
    });
  }
}

@ObjectType('ReadinessFirm')
export class ReadinessFirmModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  uscc: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'e.g. the shared certificates, the number of figures.' })
  detail: string | null;

  static from(firm: ReadinessFirm): ReadinessFirmModel {
    return toModel(ReadinessFirmModel, { firmId: firm.firmId, uscc: firm.uscc, name: firm.name, detail: firm.detail });
  }
}

export const ReadinessFirmConnection = Connection(ReadinessFirmModel, 'ReadinessFirm');

@ObjectType('RoundReadiness', {
  description: 'Where the park’s sheets and registry stand for the round’s year, and what computing would do.',
})
export class RoundReadinessModel {
  @Field(() => Int, { description: 'Firms with at least one figure for the year.' })
  firmsWithFigures: number;

  @Field(() => Int)
  confirmedSheets: number;

  @Field(() => Int)
  unconfirmedSheets: number;

  @Field(() => Int)
  pendingFigures: number;

  @Field(() => Int)
  approvedFigures: number;

  @Field(() => Int, { description: 'Returned to firms and not yet corrected: they count as missing.' })
  returnedFigures: number;

  @Field(() => [ReadinessFindingModel], { description: 'Blocking findings first; list the firms of each by issue.' })
  findings: ReadinessFindingModel[];

  @Field(() => Boolean, { description: 'Whether computeEvaluationRound would run without any override.' })
  computable: boolean;

  static from(readiness: Readiness): RoundReadinessModel {
    return toModel(RoundReadinessModel, {
      firmsWithFigures: readiness.firmsWithFigures,
      confirmedSheets: readiness.confirmedSheets,
      unconfirmedSheets: readiness.unconfirmedSheets,
      pendingFigures: readiness.pendingFigures,
      approvedFigures: readiness.approvedFigures,
      returnedFigures: readiness.returnedFigures,
      findings: readiness.findings.map(ReadinessFindingModel.from),
      computable: !readiness.findings.some((finding) => finding.blocking),
    });
  }
}

@ObjectType('RoundDiffSummary', { description: 'A version against the one it corrects.' })
export class RoundDiffSummaryModel {
  @Field(() => ID)
  roundId: string;

  @Field(() => ID)
  previousRoundId: string;

  @Field(() => Int)
  previousVersion: number;

  @Field(() => Int)
  classChanged: number;

  @Field(() => Int)
  scoreChanged: number;

  @Field(() => Int, {
    description: 'Firms whose status, class, score or rank changed (evaluationRoundDiff lists them).',
  })
  firmsChanged: number;

  @Field(() => Int)
  firmsAdded: number;

  @Field(() => Int)
  firmsRemoved: number;
}

@ObjectType('FirmResultChange')
export class FirmResultChangeModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => ResultStatus, { nullable: true })
  statusBefore: ResultStatus | null;

  @Field(() => ResultStatus, { nullable: true })
  statusAfter: ResultStatus | null;

  @Field(() => String, { nullable: true })
  classBefore: string | null;

  @Field(() => String, { nullable: true })
  classAfter: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  totalBefore: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  totalAfter: string | null;

  @Field(() => Int, { nullable: true })
  rankBefore: number | null;

  @Field(() => Int, { nullable: true })
  rankAfter: number | null;
}

export const FirmResultChangeConnection = Connection(FirmResultChangeModel, 'FirmResultChange');
