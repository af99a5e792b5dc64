import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection, DateScalar, DecimalScalar, IsDecimalWithin, toModel } from '@vg/core';
import { HeldCertificationRow, ProcessModel } from '@vg/firms';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { explainRating, SupplierRating } from '../supplier-rating';

@InputType()
export class GeoPointInput {
  @Field(() => DecimalScalar, { description: 'WGS-84 latitude, degrees (at most 6 decimals).' })
  @IsDecimalWithin({ min: '-90', max: '90', maxScale: 6 })
  latitude: string;

  @Field(() => DecimalScalar, { description: 'WGS-84 longitude, degrees (at most 6 decimals).' })
  @IsDecimalWithin({ min: '-180', max: '180', maxScale: 6 })
  longitude: string;
}

@InputType()
export class SupplierSearchInput {
  @Field({ nullable: true, description: 'Only firms that do this process.' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'must be a catalogue code' })
  processCode?: string;

  @Field({ nullable: true, description: 'Only firms holding a certification of this type, valid today.' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'must be an upper-case certification type' })
  certificationType?: string;

  @Field(() => GeoPointInput, {
    nullable: true,
    description: 'Measure distances from here (e.g. the delivery point): nearest first, firms without a site left out.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointInput)
  near?: GeoPointInput;

  @Field(() => DecimalScalar, { nullable: true, description: 'With near: only firms at most this many km away.' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', minInclusive: false, max: '20000', maxScale: 2 })
  maxDistanceKm?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only firms rated at least this (0–5).' })
  @IsOptional()
  @IsDecimalWithin({ min: '0', max: '5', maxScale: 2 })
  minRating?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parkId?: string;
}

@ObjectType('SupplierCertification')
export class SupplierCertificationModel {
  @Field()
  type: string;

  @Field()
  number: string;

  @Field()
  issuer: string;

  @Field(() => DateScalar)
  validFrom: string;

  @Field(() => DateScalar)
  validTo: string;

  static from(held: HeldCertificationRow): SupplierCertificationModel {
    return toModel(SupplierCertificationModel, {
      type: held.type,
      number: held.number,
      issuer: held.issuer,
      validFrom: held.validFrom,
      validTo: held.validTo,
    });
  }
}

@ObjectType('WeeklyFreeCapacity', {
  description: 'Free pieces of one process in one week (coarse: no days, no prices).',
})
export class WeeklyFreeCapacityModel {
  @Field()
  processCode: string;

  @Field(() => DateScalar, { description: 'The Monday the week starts on.' })
  weekStart: string;

  @Field(() => Int)
  freeUnits: number;

  static from(week: { processCode: string; weekStart: string; freeUnits: number }): WeeklyFreeCapacityModel {
    return toModel(WeeklyFreeCapacityModel, {
      processCode: week.processCode,
      weekStart: week.weekStart,
      freeUnits: week.freeUnits,
    });
  }
}

@ObjectType('SupplierRating', { description: 'The supplier rating and how it was computed from the firm’s record.' })
export class SupplierRatingModel {
  @Field(() => Float, { description: '0–5, 2 decimals; 3.00 (neutral) without a record.' })
  rating: number;

  @Field(() => Int, { description: 'Proposals with an outcome (accepted, delivered, declined, expired).' })
  evidence: number;

  @Field(() => Float, { nullable: true, description: 'Delivered by their last day / delivered.' })
  onTimeShare: number | null;

  @Field(() => Float, { nullable: true, description: '1 − defective / delivered pieces.' })
  qualityShare: number | null;

  @Field(() => Float, { nullable: true, description: '1 − (declined + expired) / proposals with an outcome.' })
  keepingWordShare: number | null;

  @Field(() => Int)
  delivered: number;

  @Field(() => Int)
  deliveredOnTime: number;

  @Field(() => Int)
  declined: number;

  @Field(() => Int)
  expired: number;

  @Field(() => String, { description: 'The formula with this firm’s figures, in words.' })
  explanation: string;

  static from(rated: SupplierRating): SupplierRatingModel {
    return toModel(SupplierRatingModel, {
      rating: rated.rating,
      evidence: rated.evidence,
      onTimeShare: rated.onTimeShare,
      qualityShare: rated.qualityShare,
      keepingWordShare: rated.keepingWordShare,
      delivered: rated.facts.delivered,
      deliveredOnTime: rated.facts.deliveredOnTime,
      declined: rated.facts.declined,
      expired: rated.facts.expired,
      explanation: explainRating(rated),
    });
  }
}

/**
 * What any signed-in buyer may read of a firm. Built field by field from public facts only: no tax, revenue,
 * energy, output, land or employee figures, and no contact details (a spec checks the type's fields).
 */
@ObjectType('SupplierProfile')
export class SupplierProfileModel {
  @Field(() => ID)
  firmId: string;

  @Field()
  name: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => String, { nullable: true, description: 'The town (街道 / 镇) of its production site.' })
  town: string | null;

  @Field(() => Float, { nullable: true, description: 'Great-circle km from the searched point; null without one.' })
  distanceKm: number | null;

  @Field(() => [ProcessModel])
  processes: ProcessModel[];

  @Field(() => [SupplierCertificationModel], { description: 'Certifications valid today.' })
  certifications: SupplierCertificationModel[];

  @Field(() => Float, { description: 'Supplier rating 0–5 (3.00 without a record).' })
  rating: number;

  @Field(() => String, {
    nullable: true,
    description: 'Class (A–D) in the latest published evaluation of its park; null where none is published.',
  })
  evaluationClass: string | null;

  @Field(() => [WeeklyFreeCapacityModel], { description: 'Free pieces per process and week, the next 8 weeks.' })
  capacityCalendar: WeeklyFreeCapacityModel[];
}

export const SupplierProfileConnection = Connection(SupplierProfileModel, 'SupplierProfile');
