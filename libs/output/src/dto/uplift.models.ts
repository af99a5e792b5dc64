import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, DateScalar, DecimalScalar } from '@vg/core';
import { IsBoolean, IsOptional, IsUUID, Matches } from 'class-validator';
import { MONTH_PATTERN } from './figures.inputs';
import { MonthlyOutputRecordModel } from './figures.models';

const UPLIFT_RULE =
  'baseline = Σ output value of the 12 months before the month the firm joined (the platform, or the group); ' +
  'current = Σ of the 12 months ending with asOfMonth; only current, not returned monthly records count.';

@ArgsType()
export class UpliftArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Last month of the current window, YYYY-MM; default the last complete month (China time).',
  })
  @IsOptional()
  @Matches(MONTH_PATTERN, { message: 'must be a month as YYYY-MM' })
  asOfMonth?: string;
}

@ArgsType()
export class FirmUpliftArgs extends UpliftArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Measure from when the firm joined this group instead of the platform.',
  })
  @IsOptional()
  @IsUUID()
  groupId?: string;
}

@ArgsType()
export class UpliftScopeArgs extends UpliftArgs {
  @Field(() => ID, { nullable: true, description: 'A park (platform admins; park admins get their own by default).' })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field(() => ID, { nullable: true, description: 'A virtual group: baselines end when each firm joined the group.' })
  @IsOptional()
  @IsUUID()
  groupId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only covered firms (complete windows, positive baseline).' })
  @IsOptional()
  @IsBoolean()
  coveredOnly?: boolean;
}

@ObjectType('FirmUplift', { description: `Output-value uplift of one firm. ${UPLIFT_RULE}` })
export class FirmUpliftModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => DateScalar, { description: 'When the firm joined the platform (or the group).' })
  joinedOn: string;

  @Field(() => String, { description: 'YYYY-MM' })
  baselineFrom: string;

  @Field(() => String, { description: 'YYYY-MM' })
  baselineTo: string;

  @Field(() => String, { description: 'YYYY-MM' })
  currentFrom: string;

  @Field(() => String, { description: 'YYYY-MM' })
  currentTo: string;

  @Field(() => Int)
  baselineMonths: number;

  @Field(() => Int)
  currentMonths: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Yuan.' })
  baselineOutput: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Yuan.' })
  currentOutput: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'current − baseline, yuan; null when not covered.' })
  addedOutput: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '100 × (current − baseline) / baseline, percent, 4 decimals (half up); null when not covered.',
  })
  upliftPercent: string | null;

  @Field(() => DecimalScalar, { description: 'Platform output (delivered proposals) in the current window, yuan.' })
  platformOutput: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '100 × platform / current output, percent, 4 decimals; null when the current output is 0 or missing.',
  })
  platformSharePercent: string | null;

  @Field(() => Boolean)
  covered: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Why not covered: JOINED_WITHIN_CURRENT_WINDOW, INCOMPLETE_BASELINE, INCOMPLETE_CURRENT, ZERO_BASELINE.',
  })
  notCoveredReason: string | null;
}

export const FirmUpliftConnection = Connection(FirmUpliftModel, 'FirmUplift');

@ObjectType('UpliftSummary', { description: `Uplift of a park or a virtual group. ${UPLIFT_RULE}` })
export class UpliftSummaryModel {
  @Field(() => ID, { nullable: true })
  parkId: string | null;

  @Field(() => ID, { nullable: true })
  groupId: string | null;

  @Field(() => String, { description: 'YYYY-MM' })
  asOfMonth: string;

  @Field(() => Int, { description: 'Firms in the park, or current members of the group.' })
  firms: number;

  @Field(() => Int)
  coveredFirms: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Mean over covered firms of 100 × (current − baseline) / baseline, percent, 4 decimals (half up).',
  })
  averageUpliftPercent: string | null;

  @Field(() => DecimalScalar, { description: 'Σ (current − baseline) over covered firms, yuan.' })
  totalAddedOutput: string;

  @Field(() => DecimalScalar, { description: 'Σ baseline over covered firms, yuan.' })
  totalBaselineOutput: string;

  @Field(() => DecimalScalar, { description: 'Σ current output over covered firms, yuan.' })
  totalCurrentOutput: string;

  @Field(() => DecimalScalar, { description: 'Σ platform output over covered firms in the current window, yuan.' })
  totalPlatformOutput: string;
}

@ObjectType('PlatformMonth')
export class PlatformMonthModel {
  @Field(() => String, { description: 'YYYY-MM' })
  month: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  amount: string;

  @Field(() => Int, { description: 'Delivered proposals (platformOutputAllocations lists them).' })
  allocations: number;
}

@ObjectType('UpliftTrace', { description: 'The records one firm’s uplift was computed from.' })
export class UpliftTraceModel {
  @Field(() => FirmUpliftModel)
  uplift: FirmUpliftModel;

  @Field(() => [MonthlyOutputRecordModel], { description: 'Monthly records summed into the baseline.' })
  baselineRecords: MonthlyOutputRecordModel[];

  @Field(() => [MonthlyOutputRecordModel], { description: 'Monthly records summed into the current output.' })
  currentRecords: MonthlyOutputRecordModel[];

  @Field(() => [PlatformMonthModel], { description: 'Platform output by month of the current window.' })
  platformMonths: PlatformMonthModel[];
}
