import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateScalar, DecimalScalar, IsDecimalWithin } from '@vg/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
}

@InputType()
export class OrderFilterInput {
  @Field(() => OrderStatus, { nullable: true })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;
}
