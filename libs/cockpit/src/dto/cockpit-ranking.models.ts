import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DecimalScalar } from '@vg/core';

export enum RankingIndicator {
  /** Output value of the latest 12 months (the uplift window), yuan. */
  OUTPUT = 'OUTPUT',
  /** Output uplift %, covered firms only. */
  UPLIFT = 'UPLIFT',
  /** Platform orders' share of output in the latest 12 months, %. */
  PLATFORM_SHARE = 'PLATFORM_SHARE',
  /** Score in the latest published evaluation. */
  SCORE = 'SCORE',
  /** Published tax per mu, 万元/亩. */
  TAX_PER_MU = 'TAX_PER_MU',
  /** Published value added per mu, 万元/亩. */
  VALUE_ADDED_PER_MU = 'VALUE_ADDED_PER_MU',
}

registerEnumType(RankingIndicator, { name: 'RankingIndicator' });

@ObjectType('Explanation', {
  description: 'Where a figure comes from: a GraphQL query (with its variables as JSON) that returns its records.',
})
export class ExplanationModel {
  @Field(() => String)
  query: string;

  @Field(() => String, { description: 'JSON object of the query’s variables.' })
  variables: string;
}

@ObjectType('RankedFirm')
export class RankedFirmModel {
  @Field(() => Int, { description: '1 = best (top list) or worst (bottom list).' })
  rank: number;

  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  firmName: string;

  @Field(() => DecimalScalar)
  value: string;

  @Field(() => ExplanationModel)
  explanation: ExplanationModel;
}

@ObjectType('CockpitRanking')
export class CockpitRankingModel {
  @Field(() => ID)
  parkId: string;

  @Field(() => RankingIndicator)
  indicator: RankingIndicator;

  @Field(() => String)
  unit: string;

  @Field(() => Int, { description: 'Firms with a value for the indicator.' })
  rankedFirms: number;

  @Field(() => [RankedFirmModel], { description: 'Highest values first (ties by firm id).' })
  top: RankedFirmModel[];

  @Field(() => [RankedFirmModel], { description: 'Lowest values first.' })
  bottom: RankedFirmModel[];
}
