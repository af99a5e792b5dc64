import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { DateScalar } from '@vg/core';
import { IsEnum, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CapacityGranularity } from './cockpit-capacity.models';
import { RankingIndicator } from './cockpit-ranking.models';

export const MAX_RANKED = 50;

@ArgsType()
export class CockpitParkArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'A park admin’s own park by default; required for a platform admin.',
  })
  @IsOptional()
  @IsUUID()
  parkId?: string | null;
}

@ArgsType()
export class CockpitWindowArgs extends CockpitParkArgs {
  @Field(() => DateScalar, { description: 'First day, included.' })
  from: string;

  @Field(() => DateScalar, { description: 'Last day, included.' })
  to: string;
}

@ArgsType()
export class CockpitCapacityArgs extends CockpitWindowArgs {
  @Field(() => CapacityGranularity, {
    defaultValue: CapacityGranularity.DAY,
    description: 'DAY: at most 92 days; WEEK: 371.',
  })
  @IsEnum(CapacityGranularity)
  granularity: CapacityGranularity;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

@ArgsType()
export class CockpitMonthsArgs extends CockpitParkArgs {
  @Field(() => String, { description: 'First month, YYYY-MM.' })
  @Matches(MONTH, { message: 'must be a month as YYYY-MM' })
  fromMonth: string;

  @Field(() => String, { description: 'Last month, YYYY-MM (at most 60 months after fromMonth).' })
  @Matches(MONTH, { message: 'must be a month as YYYY-MM' })
  toMonth: string;
}

@ArgsType()
export class CockpitAsOfArgs extends CockpitParkArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Last month of the current window; default the last complete month.',
  })
  @IsOptional()
  @Matches(MONTH, { message: 'must be a month as YYYY-MM' })
  asOfMonth?: string | null;
}

@ArgsType()
export class CockpitRankingArgs extends CockpitParkArgs {
  @Field(() => RankingIndicator)
  @IsEnum(RankingIndicator)
  indicator: RankingIndicator;

  @Field(() => Int, { description: 'How many firms at each end, 1 to 50.' })
  @IsInt()
  @Min(1)
  @Max(MAX_RANKED)
  first: number;
}
