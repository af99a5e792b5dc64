import { Field, ID, InputType } from '@nestjs/graphql';
import { DecimalScalar, IsDecimalWithin } from '@vg/core';
import { PASSWORD_MIN_LENGTH } from '@vg/identity';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { DistanceMode } from '../park.entity';

@InputType()
export class CreateParkInput {
  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field({ description: 'Six-digit administrative region code (GB/T 2260).' })
  @Matches(/^[1-9]\d{5}$/, { message: 'must be a six-digit administrative region code' })
  regionCode: string;
}

@InputType()
export class UpdateParkInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[1-9]\d{5}$/, { message: 'must be a six-digit administrative region code' })
  regionCode?: string;
}

@InputType()
export class CreateParkAdminInput {
  @Field(() => ID)
  @IsUUID()
  parkId: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: `Initial password, at least ${PASSWORD_MIN_LENGTH} characters.` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200)
  password: string;

  @Field()
  @IsString()
  @Length(1, 100)
  displayName: string;
}

@InputType()
export class ParkTransportSettingsInput {
  @Field(() => DecimalScalar, { description: 'Yuan for moving one piece one km (at most 4 decimals), e.g. 0.004.' })
  @IsDecimalWithin({ min: '0', max: '100', maxScale: 4 })
  transportRatePerUnitKm: string;

  @Field(() => DistanceMode, { description: 'How distance is measured: great-circle (a park matrix is not offered).' })
  @IsEnum(DistanceMode)
  distanceMode: DistanceMode;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Radius (km, 2 decimals) an order preferring this park gets when its buyer states none; null: no limit.',
  })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '20000', maxScale: 2 })
  defaultMaxDistanceKm?: string | null;
}
