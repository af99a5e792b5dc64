import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateTimeScalar, DecimalScalar, ExportFormat, IsDecimalWithin } from '@vg/core';
import { AnnualFigureKind } from '@vg/output';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PolicyBasis, PolicyMeasure } from '../class-policy.entity';
import { ObjectionStatus } from '../evaluation-objection.entity';
import { RoundStatus } from '../evaluation-round.entity';
import { ResultStatus } from '../evaluation-result.entity';
import { ReadinessIssue } from '../round-readiness';

@InputType()
export class CreateEvaluationSchemeInput {
  @Field(() => String, {
    description:
      'The scheme as JSON (EvaluationScheme: populations with criteria, indicators, class cuts and floors; items; ' +
      'overrideRules; exemptionRules), validated by the engine. Platform admins add schemes every park may use.',
  })
  @IsString()
  @MaxLength(200_000)
  definitionJson: string;
}

@InputType()
export class CreateEvaluationRoundInput {
  @Field(() => Int, { description: 'The year whose figures are graded.' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => ID)
  @IsUUID()
  schemeId: string;
}

@ArgsType()
export class ComputeRoundArgs {
  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'Compute although some firms have not confirmed their sheet or have returned figures (returned ones count as missing).',
  })
  @IsBoolean()
  allowUnconfirmedSheets: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'Compute although some firms with figures have no scale (规上/规下) for the year: they are graded 规下, and the ' +
      'round records how many were.',
  })
  @IsBoolean()
  treatUnlistedAsBelowScale: boolean;
}

@ArgsType()
export class ReadinessFirmsArgs {
  @Field(() => ReadinessIssue)
  @IsEnum(ReadinessIssue)
  issue: ReadinessIssue;
}

@ArgsType()
export class StartNoticeArgs {
  @Field(() => DateTimeScalar, { description: 'When the objection window closes: in the future, within 60 days.' })
  @IsDate()
  endsAt: Date;
}

@InputType()
export class RoundFilterInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @Field(() => RoundStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RoundStatus)
  status?: RoundStatus;
}

@InputType()
export class ResultFilterInput {
  @Field(() => String, { nullable: true, name: 'class' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  grade?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  populationId?: string;

  @Field(() => ResultStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ResultStatus)
  status?: ResultStatus;
}

@InputType()
export class FigureValueInput {
  @Field(() => AnnualFigureKind)
  @IsEnum(AnnualFigureKind)
  kind: AnnualFigureKind;

  @Field(() => DecimalScalar, { description: 'In the kind’s unit (see AnnualFigureKind).' })
  @IsDecimalWithin({ min: '-99999999999999.9999', max: '99999999999999.9999', maxScale: 4 })
  value: string;
}

@InputType()
export class EvidenceInput {
  @Field(() => String)
  @IsString()
  @Length(1, 200)
  title: string;

  @Field(() => String, { description: 'Where it can be checked: document number, file reference, link.' })
  @IsString()
  @Length(1, 500)
  reference: string;
}

@InputType()
export class FileObjectionInput {
  @Field(() => String)
  @IsString()
  @Length(1, 2000)
  reason: string;

  @Field(() => [EvidenceInput], { description: 'At least one piece of evidence.' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceInput)
  evidence: EvidenceInput[];

  @Field(() => [FigureValueInput], { defaultValue: [], description: 'The figures the firm says are right.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FigureValueInput)
  proposedFigures: FigureValueInput[];
}

@InputType()
export class DecideObjectionInput {
  @Field(() => Boolean)
  @IsBoolean()
  accept: boolean;

  @Field(() => String, { nullable: true, description: 'Required when rejecting; kept when accepting.' })
  @ValidateIf((input: DecideObjectionInput) => !input.accept || input.reason != null)
  @IsString()
  @Length(1, 2000)
  reason?: string | null;

  @Field(() => [FigureValueInput], {
    nullable: true,
    description: 'On acceptance, the figures to write (default: those the firm proposed).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FigureValueInput)
  figures?: FigureValueInput[] | null;
}

@InputType()
export class ObjectionFilterInput {
  @Field(() => ObjectionStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ObjectionStatus)
  status?: ObjectionStatus;
}

@InputType()
export class WhatIfInput {
  @Field(() => [FigureValueInput], { defaultValue: [], description: 'Figures as they might be.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FigureValueInput)
  figures: FigureValueInput[];

  @Field(() => DecimalScalar, { nullable: true, description: 'Land as it might be, m² (or give landAreaMu).' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '100000000', maxScale: 2 })
  landAreaM2?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Land as it might be, mu (or give landAreaM2).' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '150000', maxScale: 4 })
  landAreaMu?: string | null;
}

@InputType()
export class CreateClassPolicyInput {
  @Field(() => String, { description: 'The class it applies to, e.g. D.' })
  @IsString()
  @Length(1, 20)
  grade: string;

  @Field(() => PolicyMeasure)
  @IsEnum(PolicyMeasure)
  measure: PolicyMeasure;

  @Field(() => PolicyBasis)
  @IsEnum(PolicyBasis)
  basis: PolicyBasis;

  @Field(() => DecimalScalar, {
    description: '元/kWh (ELECTRICITY_KWH), 元/t (WATER_T), a fraction (TAX_PAID_YUAN, ENERGY_TCE), or 元 (FIXED).',
  })
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '9999999999', maxScale: 4 })
  rate: string;

  @Field(() => Int, { defaultValue: 1, description: 'Applies from this many consecutive years in the class on.' })
  @IsInt()
  @Min(1)
  @Max(20)
  minConsecutiveYears: number;

  @Field(() => String)
  @IsString()
  @Length(1, 500)
  description: string;
}

@InputType()
export class ClassPolicyFilterInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins only; park admins see their own park.' })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Also retired policies (default false).' })
  @IsOptional()
  @IsBoolean()
  includeRetired?: boolean;
}

@InputType()
export class LedgerFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  firmId?: string;
}

@ArgsType()
export class ExportArgs {
  @Field(() => ExportFormat)
  @IsEnum(ExportFormat)
  format: ExportFormat;
}

@ArgsType()
export class DiffArgs {
  @Field(() => Boolean, { defaultValue: true, description: 'Only firms whose status, score, rank or class changed.' })
  @IsBoolean()
  changedOnly: boolean;
}
