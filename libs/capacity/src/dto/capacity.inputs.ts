import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateScalar, DecimalScalar, IsDecimalWithin } from '@vg/core';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

@InputType()
export class CreateCapacityListingInput {
  @Field(() => ID, { nullable: true, description: 'Defaults to your own firm (SME owner).' })
  @IsOptional()
  @IsUUID()
  firmId?: string;

  @Field(() => String, { description: 'A process code from the catalogue, e.g. SEWING.' })
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'must be a catalogue code' })
  processCode: string;

  @Field(() => Int, { description: 'Pieces per day.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  unitsPerDay: number;

  @Field(() => DateScalar)
  startDate: string;

  @Field(() => DateScalar, { description: 'Last day offered (at most 366 days after the start).' })
  endDate: string;

  @Field(() => DecimalScalar, { description: 'Yuan per piece, 2 decimals.' })
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '1000000', maxScale: 2 })
  unitPrice: string;

  @Field(() => Int, { description: 'Smallest total accepted for one order stage, pieces.' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  minOrderQuantity: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  notes?: string | null;
}

@InputType()
export class UpdateCapacityListingInput {
  @Field(() => Int, { nullable: true, description: 'Never below what is already booked on any day.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  unitsPerDay?: number;

  @Field(() => DateScalar, { nullable: true, description: 'Move the last day; days with bookings cannot be dropped.' })
  @IsOptional()
  endDate?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Applies to future proposals only.' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '1000000', maxScale: 2 })
  unitPrice?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  minOrderQuantity?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  notes?: string | null;
}

@InputType()
export class CapacityListingFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  firmId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'must be a catalogue code' })
  processCode?: string;
}
