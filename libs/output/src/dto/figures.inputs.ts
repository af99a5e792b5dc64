import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DecimalScalar, IsDecimalWithin } from '@vg/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AnnualFigureKind, ReviewDecision } from './output-enums';

export const MONTH_PATTERN = /^(20\d\d|2100)-(0[1-9]|1[0-2])$/;

@InputType()
export class AnnualFigureInput {
  @Field(() => AnnualFigureKind)
  @IsEnum(AnnualFigureKind)
  kind: AnnualFigureKind;

  @Field(() => DecimalScalar, {
    description:
      'In the kind’s unit (see AnnualFigureKind); 4 decimals at most (employees 2); only tax and value added may be negative.',
  })
  @IsDecimalWithin({ min: '-99999999999999.9999', max: '99999999999999.9999', maxScale: 4 })
  value: string;
}

@InputType()
export class ReportAnnualFiguresInput {
  @Field(() => ID, { nullable: true, description: 'Your own firm; may be left out.' })
  @IsOptional()
  @IsUUID()
  firmId?: string;

  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => [AnnualFigureInput], { description: 'Each kind at most once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AnnualFigureInput)
  figures: AnnualFigureInput[];
}

@InputType()
export class ReviewFiguresInput {
  @Field(() => [ID], { description: 'Current yearly figures or monthly output records of your park; 1 to 500.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  figureIds: string[];

  @Field(() => ReviewDecision)
  @IsEnum(ReviewDecision)
  decision: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'Required when returning: what the firm must correct.' })
  @ValidateIf((input: ReviewFiguresInput) => input.decision === ReviewDecision.RETURN || input.reason != null)
  @IsString()
  @Length(1, 500)
  reason?: string | null;
}

@InputType()
export class ConfirmYearSheetInput {
  @Field(() => ID, { nullable: true, description: 'Your own firm; may be left out.' })
  @IsOptional()
  @IsUUID()
  firmId?: string;

  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

@InputType()
export class ReportMonthlyOutputInput {
  @Field(() => ID, { nullable: true, description: 'Your own firm; may be left out.' })
  @IsOptional()
  @IsUUID()
  firmId?: string;

  @Field(() => String, { description: 'YYYY-MM' })
  @Matches(MONTH_PATTERN, { message: 'must be a month as YYYY-MM' })
  month: string;

  @Field(() => DecimalScalar, { description: 'Output value (产值) of the month, yuan, 2 decimals.' })
  @IsDecimalWithin({ min: '0', max: '99999999999999.99', maxScale: 2 })
  outputValue: string;
}

@InputType()
export class YearSheetFilterInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins only; park admins see their own park.' })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  confirmed?: boolean;
}
