import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateScalar, DecimalScalar, IsDecimalWithin, IsUscc } from '@vg/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FirmScale } from '../firm-scale.entity';
import { LandTenure } from '../land-plot.entity';

const PROCESS_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

@InputType()
export class FirmScaleInput {
  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => FirmScale)
  @IsEnum(FirmScale)
  scale: FirmScale;
}

@InputType()
export class SiteLocationInput {
  @Field(() => DecimalScalar, { description: 'WGS-84 latitude, degrees (at most 6 decimals).' })
  @IsDecimalWithin({ min: '-90', max: '90', maxScale: 6 })
  latitude: string;

  @Field(() => DecimalScalar, { description: 'WGS-84 longitude, degrees (at most 6 decimals).' })
  @IsDecimalWithin({ min: '-180', max: '180', maxScale: 6 })
  longitude: string;

  @Field(() => String, { nullable: true, description: 'The town (街道 / 镇) buyers know the site by, e.g. 塘栖.' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  town?: string | null;
}

@InputType()
export class CreateFirmInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Required for a platform admin; a park admin creates in their park.',
  })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field({ description: 'Unified social credit code (18 characters, GB 32100-2015 check character).' })
  @IsUscc()
  uscc: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field({ description: 'GB/T 4754 two-digit industry division, e.g. "18".' })
  @Matches(/^\d{2}$/, { message: 'must be a two-digit GB/T 4754 division' })
  industryCode: string;

  @Field({ description: 'Group the firm is ranked within, e.g. 纺织服装.' })
  @IsString()
  @Length(1, 50)
  industryGroup: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  employees?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  address?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'The day the firm joined the platform (uplift baseline ends here); omit while it has not.',
  })
  joinedOn?: string | null;

  @Field(() => String, { nullable: true, description: '法定代表人.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  legalRepresentative?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '成立日期.' })
  registeredOn?: string | null;

  @Field(() => SiteLocationInput, { nullable: true, description: 'Where the firm produces.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SiteLocationInput)
  siteLocation?: SiteLocationInput | null;

  @Field(() => [String], { defaultValue: [], description: 'Process codes from the catalogue.' })
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(PROCESS_CODE, { each: true, message: 'each process must be a catalogue code' })
  processCodes: string[];

  @Field(() => [FirmScaleInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FirmScaleInput)
  scales: FirmScaleInput[];
}

/** What a park admin may change; SME owners are limited to `OWNER_EDITABLE_FIELDS`. */
@InputType()
export class UpdateFirmInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'must be a two-digit GB/T 4754 division' })
  industryCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  industryGroup?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  employees?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  address?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  joinedOn?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  legalRepresentative?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  registeredOn?: string;

  @Field(() => SiteLocationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SiteLocationInput)
  siteLocation?: SiteLocationInput;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(PROCESS_CODE, { each: true, message: 'each process must be a catalogue code' })
  processCodes?: string[];

  @Field(() => [FirmScaleInput], { nullable: true, description: 'Replaces the scale of each year given.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FirmScaleInput)
  scales?: FirmScaleInput[];
}

export const OWNER_EDITABLE_FIELDS: (keyof UpdateFirmInput)[] = [
  'employees',
  'address',
  'siteLocation',
  'processCodes',
];

@InputType()
export class FirmFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  industryGroup?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(PROCESS_CODE, { message: 'must be a catalogue code' })
  processCode?: string;

  @Field({ nullable: true, description: 'Part of the name or the full USCC.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

@InputType()
export class LandPlotInput {
  @Field()
  @IsString()
  @Length(1, 100)
  certificateNo: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Area in m² exactly as on the certificate (2 decimals); give this or areaMu.',
  })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '100000000', maxScale: 2 })
  areaM2?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Area in mu (亩) exactly as in the bureau’s table (4 decimals); give this or areaM2.',
  })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '150000', maxScale: 4 })
  areaMu?: string | null;

  @Field(() => LandTenure)
  @IsEnum(LandTenure)
  tenure: LandTenure;

  @Field(() => String, { nullable: true, description: 'Required when leased.' })
  @ValidateIf((plot: LandPlotInput) => plot.tenure === LandTenure.LEASED || plot.lessor != null)
  @IsString()
  @Length(1, 200)
  lessor?: string | null;

  @Field(() => String, { nullable: true, description: 'Certified use (用途), e.g. 工业用地.' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  landUse?: string | null;

  @Field(() => [String], { nullable: true, description: 'Tenants the holder rents to (names or USCCs).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  tenants?: string[] | null;
}

@InputType()
export class AddProcessInput {
  @Field({ description: 'Upper-case code, e.g. DOWN_FILLING.' })
  @Matches(PROCESS_CODE, { message: 'must be upper-case letters, digits and _ (2–40)' })
  code: string;

  @Field()
  @IsString()
  @Length(1, 50)
  nameZh: string;

  @Field()
  @IsString()
  @Length(1, 80)
  nameEn: string;
}

@InputType()
export class InviteSmeOwnerInput {
  @Field(() => ID)
  @IsUUID()
  firmId: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;
}
