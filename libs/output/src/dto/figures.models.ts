import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import { ANNUAL_FIGURES } from '../annual-figure-kind';
import { AnnualFigureEntity } from '../annual-figure.entity';
import { MonthlyOutputEntity } from '../monthly-output.entity';
import { AnnualFigureKind, AuditState, FigureSource } from './output-enums';

@ObjectType('AnnualFigure', { description: 'One version of a yearly figure, with where it came from and its review.' })
export class AnnualFigureModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => Int)
  year: number;

  @Field(() => AnnualFigureKind)
  kind: AnnualFigureKind;

  @Field(() => String, { description: 'The value’s unit, e.g. 万元.' })
  unit: string;

  @Field(() => DecimalScalar, { description: 'Exact, in `unit` (numeric(18,4)).' })
  value: string;

  @Field(() => FigureSource)
  source: FigureSource;

  @Field(() => ID, { nullable: true, description: 'The import job that brought it, for IMPORTED figures.' })
  importJobId: string | null;

  @Field(() => AuditState)
  auditState: AuditState;

  @Field(() => String, { nullable: true })
  returnReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  reviewedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set when a newer version replaced this one.' })
  supersededAt: Date | null;

  static from(figure: AnnualFigureEntity): AnnualFigureModel {
    return toModel(AnnualFigureModel, {
      id: figure.id,
      firmId: figure.firmId,
      year: figure.year,
      kind: figure.kind,
      unit: ANNUAL_FIGURES[figure.kind].unit,
      value: figure.value,
      source: figure.source,
      importJobId: figure.importJobId,
      auditState: figure.auditState,
      returnReason: figure.returnReason,
      reviewedAt: figure.reviewedAt,
      createdAt: figure.createdAt,
      supersededAt: figure.supersededAt,
    });
  }
}

@ObjectType('YearSheet', { description: '一企一单: a firm’s yearly figures and its confirmation of them.' })
export class YearSheetModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  firmName: string;

  @Field(() => String)
  uscc: string;

  @Field(() => Int)
  year: number;

  @Field(() => Boolean)
  confirmed: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  confirmedAt: Date | null;

  @Field(() => [AnnualFigureModel], { description: 'The current version of each figure present.' })
  figures: AnnualFigureModel[];

  @Field(() => [AnnualFigureKind], { description: 'Kinds with no figure yet.' })
  missingKinds: AnnualFigureKind[];

  @Field(() => Int)
  pendingCount: number;

  @Field(() => Int)
  returnedCount: number;
}

export const YearSheetConnection = Connection(YearSheetModel, 'YearSheet');

@ObjectType('MonthlyOutputRecord', { description: 'A firm’s reported or imported output value for one month.' })
export class MonthlyOutputRecordModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => String, { description: 'YYYY-MM' })
  month: string;

  @Field(() => DecimalScalar, { description: 'Output value (产值), yuan.' })
  outputValue: string;

  @Field(() => FigureSource)
  source: FigureSource;

  @Field(() => ID, { nullable: true })
  importJobId: string | null;

  @Field(() => AuditState)
  auditState: AuditState;

  @Field(() => String, { nullable: true })
  returnReason: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  static from(record: MonthlyOutputEntity): MonthlyOutputRecordModel {
    return toModel(MonthlyOutputRecordModel, {
      id: record.id,
      firmId: record.firmId,
      month: record.month.slice(0, 7),
      outputValue: record.outputValue,
      source: record.source,
      importJobId: record.importJobId,
      auditState: record.auditState,
      returnReason: record.returnReason,
      createdAt: record.createdAt,
    });
  }
}

@ObjectType('MonthlyOutput', {
  description: 'One month of a firm: its output value and what came through the platform.',
})
export class MonthlyOutputModel {
  @Field(() => String, { description: 'YYYY-MM' })
  month: string;

  @Field(() => MonthlyOutputRecordModel, { nullable: true, description: 'Null when nothing was reported or imported.' })
  reported: MonthlyOutputRecordModel | null;

  @Field(() => DecimalScalar, {
    description:
      'Platform-attributed output, yuan (source PLATFORM): Σ units delivered × unit price of the proposals delivered in the month.',
  })
  platformOutput: string;

  @Field(() => Int, {
    description: 'Delivered proposals behind platformOutput (platformOutputAllocations lists them).',
  })
  platformAllocationCount: number;
}

@ObjectType('PlatformOutputAllocation', { description: 'A delivered proposal: one record behind platform output.' })
export class PlatformOutputAllocationModel {
  @Field(() => ID)
  allocationId: string;

  @Field(() => ID)
  orderId: string;

  @Field(() => Int)
  stageSeq: number;

  @Field(() => String)
  processCode: string;

  @Field(() => Int, { description: 'Pieces.' })
  unitsDelivered: number;

  @Field(() => DecimalScalar, { description: 'Yuan per piece.' })
  unitPrice: string;

  @Field(() => DecimalScalar, { description: 'unitsDelivered × unitPrice, yuan.' })
  amount: string;

  @Field(() => DateScalar)
  deliveredOn: string;
}

export const PlatformOutputAllocationConnection = Connection(PlatformOutputAllocationModel, 'PlatformOutputAllocation');

@ObjectType('FigureReview')
export class FigureReviewModel {
  @Field(() => Int)
  reviewed: number;

  @Field(() => AuditState)
  auditState: AuditState;
}
