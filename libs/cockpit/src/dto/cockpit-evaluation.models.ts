import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import type { PublishedRoundRef } from '@vg/evaluation';

@ObjectType('PublishedRoundRef')
export class PublishedRoundRefModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  year: number;

  @Field(() => Int, { description: 'Corrections are later versions; the latest published version counts.' })
  version: number;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt: Date | null;

  static from(round: PublishedRoundRef): PublishedRoundRefModel {
    return toModel(PublishedRoundRefModel, {
      id: round.id,
      year: round.year,
      version: round.version,
      publishedAt: round.publishedAt,
    });
  }
}

@ObjectType('ClassCount')
export class ClassCountModel {
  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => Int)
  firms: number;

  @Field(() => DecimalScalar, { description: 'Land the graded firms were evaluated on, mu.' })
  landAreaMu: string;

  @Field(() => DecimalScalar, { description: 'Share of the graded land, 4 decimals.' })
  landShare: string;
}

@ObjectType('ClassMovement', {
  description: 'Firms graded `fromClass` in the previous year’s round and `toClass` now.',
})
export class ClassMovementModel {
  @Field(() => String, { nullable: true, description: 'Null: not graded in the previous round.' })
  fromClass: string | null;

  @Field(() => String)
  toClass: string;

  @Field(() => Int)
  firms: number;
}

@ObjectType('LowEfficiencyLand', { description: 'A D-class firm’s land as evaluated: the renewal candidates.' })
export class LowEfficiencyLandModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  firmName: string;

  @Field(() => [String], { description: 'Certificate numbers of the plots the evaluation used.' })
  plots: string[];

  @Field(() => DecimalScalar, { nullable: true, description: 'mu, as evaluated.' })
  areaMu: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Tax per mu as published, 万元/亩.' })
  taxPerMu: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  score: string | null;

  @Field(() => Int, { nullable: true })
  rank: number | null;
}

export const LowEfficiencyLandConnection = Connection(LowEfficiencyLandModel, 'LowEfficiencyLand');

@ObjectType('CockpitEvaluation', {
  description: 'The park’s latest published per-mu evaluation and how classes moved.',
})
export class CockpitEvaluationModel {
  @Field(() => ID)
  parkId: string;

  @Field(() => PublishedRoundRefModel, { nullable: true, description: 'Null until a round is published.' })
  round: PublishedRoundRefModel | null;

  @Field(() => PublishedRoundRefModel, {
    nullable: true,
    description: 'The latest published round of an earlier year.',
  })
  previousRound: PublishedRoundRefModel | null;

  @Field(() => [ClassCountModel])
  classes: ClassCountModel[];

  @Field(() => [ClassMovementModel])
  movement: ClassMovementModel[];

  /** The round the D-class land list reads; not in the schema. */
  latestRoundId: string | null;
}
