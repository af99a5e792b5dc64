import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar, DecimalScalar } from '@vg/core';
import { PublishedRoundRefModel } from './cockpit-evaluation.models';
import { OutputMonthModel } from './cockpit-output.models';

@ObjectType('GroupMemberPerformance', {
  description: 'One member firm: uplift measured from when it joined the group.',
})
export class GroupMemberPerformanceModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  firmName: string;

  @Field(() => [String], { description: 'The stages it does for the group now.' })
  stages: string[];

  @Field(() => DateScalar, { description: 'First joined the group: the uplift baseline is the 12 months before.' })
  joinedOn: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Output of the current 12-month window, yuan.' })
  currentOutput: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Output of the 12 months before joining, yuan.' })
  baselineOutput: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  addedOutput: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  upliftPercent: string | null;

  @Field(() => DecimalScalar, { description: 'Platform output (delivered proposals) in the current window, yuan.' })
  platformOutput: string;

  @Field(() => Boolean)
  covered: boolean;

  @Field(() => String, { nullable: true })
  notCoveredReason: string | null;

  @Field(() => String, { nullable: true, name: 'class', description: 'Class in the latest published evaluation.' })
  grade: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  score: string | null;
}

@ObjectType('GroupTotals')
export class GroupTotalsModel {
  @Field(() => Int)
  members: number;

  @Field(() => Int)
  coveredMembers: number;

  @Field(() => DecimalScalar, { description: 'Σ current output of all members, yuan.' })
  currentOutput: string;

  @Field(() => DecimalScalar, { description: 'Σ platform output of all members, yuan.' })
  platformOutput: string;

  @Field(() => DecimalScalar, { description: 'Σ baseline of covered members, yuan.' })
  baselineOutput: string;

  @Field(() => DecimalScalar, { description: 'Σ (current − baseline) of covered members, yuan.' })
  addedOutput: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The group as a whole: 100 × Σ added / Σ baseline over covered members, 4 decimals.',
  })
  upliftPercent: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Mean of the covered members’ own uplift %, 4 decimals.' })
  averageUpliftPercent: string | null;
}

@ObjectType('GradeCount')
export class GradeCountModel {
  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => Int)
  firms: number;
}

@ObjectType('GroupOrders', { description: 'Orders posted to the group, and where their pieces were placed.' })
export class GroupOrdersModel {
  @Field(() => Int)
  posted: number;

  @Field(() => DecimalScalar, { description: 'Pieces proposed to or booked with members.' })
  piecesInsideGroup: string;

  @Field(() => DecimalScalar, { description: 'Pieces placed outside (what the members could not do).' })
  piecesOutsideGroup: string;
}

@ObjectType('GroupPerformance')
export class GroupPerformanceModel {
  @Field(() => ID)
  groupId: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'YYYY-MM' })
  currentFrom: string;

  @Field(() => String, { description: 'YYYY-MM' })
  currentTo: string;

  @Field(() => GroupTotalsModel)
  totals: GroupTotalsModel;

  @Field(() => [GroupMemberPerformanceModel], { description: 'Current members, by firm name.' })
  members: GroupMemberPerformanceModel[];

  @Field(() => [OutputMonthModel], { description: 'The members’ output per month of the current window.' })
  months: OutputMonthModel[];

  @Field(() => PublishedRoundRefModel, { nullable: true })
  round: PublishedRoundRefModel | null;

  @Field(() => [GradeCountModel], { description: 'Members per class in the latest published evaluation.' })
  grades: GradeCountModel[];

  @Field(() => GroupOrdersModel)
  orders: GroupOrdersModel;
}
