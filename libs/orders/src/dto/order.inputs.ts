import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateScalar, DecimalScalar, IsDecimalWithin } from '@vg/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
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
import { OrderStatus } from '../order-status';

@InputType()
export class RouteStageInput {
  @Field(() => String, { description: 'A process code from the catalogue.' })
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'must be a catalogue code' })
  processCode: string;

  @Field(() => Int, { description: 'Days between finishing pieces at the previous stage and starting them here.' })
  @IsInt()
  @Min(0)
  @Max(30)
  leadDays: number;

  @Field(() => DecimalScalar, { description: 'Most the buyer pays for this stage, yuan per piece.' })
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '1000000', maxScale: 2 })
  maxUnitPrice: string;

  @Field(() => [String], {
    defaultValue: [],
    description: 'Certification types (e.g. BSCI, OEKO_TEX_100) a firm must hold, valid on every day it works here.',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { each: true, message: 'each must be an upper-case certification type' })
  requiredCertifications?: string[];
}

@InputType()
export class DeliveryLocationInput {
  @Field(() => DecimalScalar, { description: 'WGS-84 latitude, degrees (at most 6 decimals).' })
  @IsDecimalWithin({ min: '-90', max: '90', maxScale: 6 })
  latitude: string;

  @Field(() => DecimalScalar, { description: 'WGS-84 longitude, degrees (at most 6 decimals).' })
  @IsDecimalWithin({ min: '-180', max: '180', maxScale: 6 })
  longitude: string;
}

@InputType()
export class PostOrderInput {
  @Field(() => String, { description: 'Same key and payload → the same result; same key, other payload → CONFLICT.' })
  @IsString()
  @Length(8, 100)
  idempotencyKey: string;

  @Field(() => String)
  @IsString()
  @Length(1, 200)
  product: string;

  @Field(() => Int, { description: 'Pieces.' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  quantity: number;

  @Field(() => [RouteStageInput], { description: 'Stages in sequence (1 to 8).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => RouteStageInput)
  route: RouteStageInput[];

  @Field(() => DateScalar)
  earliestStart: string;

  @Field(() => DateScalar, { description: 'The last stage must be done by this day.' })
  dueDate: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  preferredParkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A virtual group whose members are tried first.' })
  @IsOptional()
  @IsUUID()
  preferredGroupId?: string | null;

  @Field(() => DeliveryLocationInput, { nullable: true, description: 'Where the finished goods go.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliveryLocationInput)
  deliveryLocation?: DeliveryLocationInput | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Firms farther (great-circle km) from the delivery location are not used; needs deliveryLocation. ' +
      'Omitted: the preferred park’s default radius, if it sets one.',
  })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '20000', maxScale: 2 })
  maxDistanceKm?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Firms rated below this (0–5, 2 decimals) are not used.' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', max: '5', maxScale: 2 })
  minRating?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Firms the buyer will not use.' })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  excludedFirmIds?: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Firms the buyer prefers: chosen first among equals.' })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  preferredFirmIds?: string[];
}

@InputType()
export class OrderFilterInput {
  @Field(() => OrderStatus, { nullable: true })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;
}
