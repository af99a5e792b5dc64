import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DecimalScalar, IsDecimalWithin } from '@vg/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AveragingMethod,
  BenchmarkForm,
  BenchmarkMode,
  ClassShareForm,
  ExemptionRuleForm,
  FloorForm,
  IndicatorForm,
  MissingDataTreatment,
  OverrideRuleForm,
  PopulationForm,
  ScaleCriterion,
  SchemeFigure,
  SchemeForm,
  ScoreItemForm,
  ScoringMethod,
} from '../scheme-form';

registerEnumType(SchemeFigure, {
  name: 'SchemeFigure',
  description: 'A figure an indicator divides: the sheet’s figures by kind, and LAND_MU (certified land, exact mu).',
});
registerEnumType(ScoringMethod, {
  name: 'ScoringMethod',
  description:
    'RATIO_TO_BENCHMARK: weight × value / benchmark. MIN_MAX: weight × (20 + 80 × (x − min)/(max − min)) / 100.',
});
registerEnumType(BenchmarkMode, {
  name: 'BenchmarkMode',
  description: 'PUBLISHED_VALUE (give value) or POPULATION_AVERAGE (give averaging).',
});
registerEnumType(AveragingMethod, {
  name: 'AveragingMethod',
  description: 'RATIO_OF_TOTALS: Σ numerator / Σ denominator. MEAN_OF_RATIOS: the mean of the firms’ values.',
});
registerEnumType(MissingDataTreatment, {
  name: 'MissingDataTreatment',
  description: 'What a firm without the indicator’s figures gets: the population’s average score, or zero.',
});
registerEnumType(ScaleCriterion, { name: 'ScaleCriterion', description: 'ABOVE = 规上, BELOW = 规下.' });

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,79}$/;
const ID_MESSAGE = 'must start with a letter and hold letters, digits, _ or - (at most 80)';

/** One class for the form a client submits and the form a stored scheme is read back as (to copy). */
@ObjectType('SchemeBenchmark')
@InputType('SchemeBenchmarkInput')
export class SchemeBenchmarkDto implements BenchmarkForm {
  @Field(() => BenchmarkMode)
  @IsEnum(BenchmarkMode)
  mode: BenchmarkMode;

  @Field(() => DecimalScalar, { nullable: true, description: 'The published benchmark (PUBLISHED_VALUE).' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '999999999', maxScale: 6 })
  value?: string | null;

  @Field(() => AveragingMethod, { nullable: true, description: 'How the average is taken (POPULATION_AVERAGE).' })
  @IsOptional()
  @IsEnum(AveragingMethod)
  averaging?: AveragingMethod | null;
}

@ObjectType('SchemeIndicator')
@InputType('SchemeIndicatorInput')
export class SchemeIndicatorDto implements IndicatorForm {
  @Field(() => String, { description: 'Stable id, e.g. taxPerMu (named in results and floors).' })
  @Matches(ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id: string;

  @Field(() => String, { description: 'Chinese label, as published (亩均税收); explanations use it.' })
  @IsString()
  @Length(1, 100)
  nameZh: string;

  @Field(() => String, { description: 'English label (tax per mu).' })
  @IsString()
  @Length(1, 100)
  nameEn: string;

  @Field(() => String, { description: 'e.g. 万元/亩' })
  @IsString()
  @Length(1, 40)
  unit: string;

  @Field(() => SchemeFigure)
  @IsEnum(SchemeFigure)
  numerator: SchemeFigure;

  @Field(() => SchemeFigure)
  @IsEnum(SchemeFigure)
  denominator: SchemeFigure;

  @Field(() => DecimalScalar, { description: 'Points the indicator carries, e.g. 30.' })
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '1000', maxScale: 4 })
  weight: string;

  @Field(() => ScoringMethod)
  @IsEnum(ScoringMethod)
  scoring: ScoringMethod;

  @Field(() => SchemeBenchmarkDto, { nullable: true, description: 'Required for RATIO_TO_BENCHMARK.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SchemeBenchmarkDto)
  benchmark?: SchemeBenchmarkDto | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Cap: the most points the indicator can give.' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', max: '10000', maxScale: 4 })
  maxScore?: string | null;

  @Field(() => MissingDataTreatment)
  @IsEnum(MissingDataTreatment)
  missingData: MissingDataTreatment;
}

@ObjectType('SchemeClassShare')
@InputType('SchemeClassShareInput')
export class SchemeClassShareDto implements ClassShareForm {
  @Field(() => String, { description: 'A class, best first: A, B, C, D.' })
  @IsString()
  @Length(1, 20)
  grade: string;

  @Field(() => DecimalScalar, { description: 'Percent of the ranking group; the shares sum to 100.' })
  @IsDecimalWithin({ min: '0', max: '100', maxScale: 4 })
  sharePercent: string;
}

@ObjectType('SchemeFloor')
@InputType('SchemeFloorInput')
export class SchemeFloorDto implements FloorForm {
  @Field(() => String)
  @Matches(ID_PATTERN, { message: `indicatorId ${ID_MESSAGE}` })
  indicatorId: string;

  @Field(() => DecimalScalar, { description: 'A value strictly below this …' })
  @IsDecimalWithin({ min: '-999999999', max: '999999999', maxScale: 6 })
  below: string;

  @Field(() => String, { description: '… is graded no better than this class.' })
  @IsString()
  @Length(1, 20)
  grade: string;
}

@ObjectType('SchemePopulation')
@InputType('SchemePopulationInput')
export class SchemePopulationDto implements PopulationForm {
  @Field(() => String)
  @Matches(ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id: string;

  @Field(() => String)
  @IsString()
  @Length(1, 200)
  nameZh: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEn?: string | null;

  @Field(() => ScaleCriterion, { nullable: true, description: 'Only firms of this scale; omit for any.' })
  @IsOptional()
  @IsEnum(ScaleCriterion)
  scale?: ScaleCriterion | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only firms with at least this much land, mu.' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', max: '150000', maxScale: 4 })
  minLandMu?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only firms with (true) or without (false) land of their own.' })
  @IsOptional()
  @IsBoolean()
  hasOwnLand?: boolean | null;

  @Field(() => Boolean, { description: 'Rank and cut within industry groups instead of the whole population.' })
  @IsBoolean()
  rankWithinIndustryGroups: boolean;

  @Field(() => [SchemeIndicatorDto])
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SchemeIndicatorDto)
  indicators: SchemeIndicatorDto[];

  @Field(() => [SchemeClassShareDto], { description: 'Best class first; shares sum to 100.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SchemeClassShareDto)
  classShares: SchemeClassShareDto[];

  @Field(() => [SchemeFloorDto])
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SchemeFloorDto)
  floors: SchemeFloorDto[];
}

@ObjectType('SchemeScoreItem')
@InputType('SchemeScoreItemInput')
export class SchemeScoreItemDto implements ScoreItemForm {
  @Field(() => String)
  @Matches(ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id: string;

  @Field(() => String)
  @IsString()
  @Length(1, 200)
  nameZh: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEn?: string | null;

  @Field(() => DecimalScalar, { description: 'Bonus (positive) or penalty (negative) per counted occurrence.' })
  @IsDecimalWithin({ min: '-1000', max: '1000', maxScale: 4 })
  pointsPerCount: string;
}

@ObjectType('SchemeOverrideRule')
@InputType('SchemeOverrideRuleInput')
export class SchemeOverrideRuleDto implements OverrideRuleForm {
  @Field(() => String)
  @Matches(ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id: string;

  @Field(() => String)
  @IsString()
  @Length(1, 500)
  reason: string;

  @Field(() => String, { description: 'The class it forces, e.g. D.' })
  @IsString()
  @Length(1, 20)
  forcedClass: string;
}

@ObjectType('SchemeExemptionRule')
@InputType('SchemeExemptionRuleInput')
export class SchemeExemptionRuleDto implements ExemptionRuleForm {
  @Field(() => String)
  @Matches(ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id: string;

  @Field(() => String)
  @IsString()
  @Length(1, 500)
  reason: string;
}

@ObjectType('EvaluationSchemeForm', {
  description: 'A scheme as a form: read one (a template) with evaluationScheme.form, edit it, submit it.',
})
@InputType('EvaluationSchemeFormInput')
export class EvaluationSchemeFormDto implements SchemeForm {
  @Field(() => String, { description: 'The scheme’s own code, e.g. linping-2025.' })
  @Matches(ID_PATTERN, { message: `code ${ID_MESSAGE}` })
  code: string;

  @Field(() => String)
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => Int, { description: 'The year its benchmarks were published for.' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => [SchemePopulationDto], {
    description: 'A firm belongs to the first population whose criteria it meets.',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SchemePopulationDto)
  populations: SchemePopulationDto[];

  @Field(() => [SchemeScoreItemDto])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SchemeScoreItemDto)
  items: SchemeScoreItemDto[];

  @Field(() => [SchemeOverrideRuleDto])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SchemeOverrideRuleDto)
  overrideRules: SchemeOverrideRuleDto[];

  @Field(() => [SchemeExemptionRuleDto])
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SchemeExemptionRuleDto)
  exemptionRules: SchemeExemptionRuleDto[];
}

@InputType()
export class CopyEvaluationSchemeInput {
  @Field(() => ID, { description: 'The scheme to copy (a shared template or one of your park’s).' })
  @IsUUID()
  templateId: string;

  @Field(() => String, { description: 'The copy’s code.' })
  @Matches(ID_PATTERN, { message: `code ${ID_MESSAGE}` })
  code: string;

  @Field(() => String, { nullable: true, description: 'Default: the template’s name.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @Field(() => Int, { nullable: true, description: 'Default: the template’s year.' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number | null;
}
