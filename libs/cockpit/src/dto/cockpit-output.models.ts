import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '@vg/core';
import { ProcessLabelModel } from './cockpit-capacity.models';

@ObjectType('OutputMonth')
export class OutputMonthModel {
  @Field(() => String, { description: 'YYYY-MM' })
  month: string;

  @Field(() => DecimalScalar, { description: 'Reported and imported monthly output of the park’s firms, yuan.' })
  outputValue: string;

  @Field(() => DecimalScalar, {
    description: 'Platform output: delivered proposals (units × price) in the month, yuan.',
  })
  platformOutput: string;
}

@ObjectType('IndustryGroupMonth')
export class IndustryGroupMonthModel {
  @Field(() => String)
  industryGroup: string;

  @Field(() => String, { description: 'YYYY-MM' })
  month: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  outputValue: string;
}

@ObjectType('StageMonth', { description: 'Platform output of one chain stage (process) in one month.' })
export class StageMonthModel {
  @Field(() => String)
  processCode: string;

  @Field(() => String, { description: 'YYYY-MM' })
  month: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  platformOutput: string;
}

@ObjectType('OutputTotals')
export class OutputTotalsModel {
  @Field(() => DecimalScalar, { description: 'Yuan.' })
  outputValue: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  platformOutput: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'platformOutput / outputValue, 4 decimals.' })
  platformShare: string | null;
}

@ObjectType('CockpitOutput', {
  description:
    'Output value per month, by industry group and (the platform’s part) by chain stage. Monthly records count when current and not returned by the review, as for uplift.',
})
export class CockpitOutputModel {
  @Field(() => ID)
  parkId: string;

  @Field(() => String)
  fromMonth: string;

  @Field(() => String)
  toMonth: string;

  @Field(() => [OutputMonthModel], { description: 'Every month of the window, zero where nothing was recorded.' })
  months: OutputMonthModel[];

  @Field(() => [IndustryGroupMonthModel])
  byIndustryGroup: IndustryGroupMonthModel[];

  @Field(() => [StageMonthModel])
  byStage: StageMonthModel[];

  @Field(() => OutputTotalsModel)
  totals: OutputTotalsModel;

  @Field(() => [ProcessLabelModel])
  processes: ProcessLabelModel[];
}
