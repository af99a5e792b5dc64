import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '@vg/core';

@ObjectType('UpliftBucket', { description: 'Covered firms whose uplift % is in [lowerPercent, upperPercent).' })
export class UpliftBucketModel {
  @Field(() => DecimalScalar, { nullable: true, description: 'Null: no lower bound.' })
  lowerPercent: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Null: no upper bound.' })
  upperPercent: string | null;

  @Field(() => Int)
  firms: number;
}

@ObjectType('NotCoveredCount')
export class NotCoveredCountModel {
  @Field(() => String, { description: 'Why a firm has no uplift yet, e.g. INCOMPLETE_BASELINE.' })
  reason: string;

  @Field(() => Int)
  firms: number;
}

@ObjectType('CockpitUplift', {
  description:
    'Output uplift of the park’s firms: 12 months before joining the platform against the latest 12 (the same definition and statement as upliftSummary).',
})
export class CockpitUpliftModel {
  @Field(() => ID)
  parkId: string;

  @Field(() => String, { description: 'Last month of the current window, YYYY-MM.' })
  asOfMonth: string;

  @Field(() => Int)
  firms: number;

  @Field(() => Int)
  coveredFirms: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Mean uplift % over covered firms, 4 decimals.' })
  averageUpliftPercent: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Median uplift % over covered firms (a firm’s own value).',
  })
  medianUpliftPercent: string | null;

  @Field(() => DecimalScalar, { description: 'Σ (current − baseline) over covered firms, yuan.' })
  totalAddedOutput: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  totalBaselineOutput: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  totalCurrentOutput: string;

  @Field(() => DecimalScalar, {
    description: 'Platform output (delivered proposals) of covered firms in the window, yuan.',
  })
  totalPlatformOutput: string;

  @Field(() => [UpliftBucketModel], { description: 'The distribution, every bucket present (zero included).' })
  buckets: UpliftBucketModel[];

  @Field(() => [NotCoveredCountModel])
  notCovered: NotCoveredCountModel[];
}
