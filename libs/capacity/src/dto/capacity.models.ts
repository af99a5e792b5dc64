import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DecimalScalar, toModel } from '@vg/core';
import type { DayUtilisation } from '../capacity.service';
import { CapacityListingEntity, ListingStatus } from '../capacity-listing.entity';

registerEnumType(ListingStatus, { name: 'ListingStatus' });

@ObjectType('CapacityListing')
export class CapacityListingModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  processCode: string;

  @Field(() => Int, { description: 'Pieces per day.' })
  unitsPerDay: number;

  @Field(() => DateScalar)
  startDate: string;

  @Field(() => DateScalar)
  endDate: string;

  @Field(() => DecimalScalar, { description: 'Yuan per piece.' })
  unitPrice: string;

  @Field(() => Int)
  minOrderQuantity: number;

  @Field(() => String, { nullable: true })
  notes: string | null;

  @Field(() => ListingStatus)
  status: ListingStatus;

  static from(listing: CapacityListingEntity): CapacityListingModel {
    return toModel(CapacityListingModel, {
      id: listing.id,
      firmId: listing.firmId,
      processCode: listing.processCode,
      unitsPerDay: listing.unitsPerDay,
      startDate: listing.startDate,
      endDate: listing.endDate,
      unitPrice: listing.unitPrice,
      minOrderQuantity: listing.minOrderQuantity,
      notes: listing.notes,
      status: listing.status,
    });
  }
}

export const CapacityListingConnection = Connection(CapacityListingModel, 'CapacityListing');

@ObjectType('DayUtilisation')
export class DayUtilisationModel {
  @Field(() => DateScalar)
  date: string;

  @Field(() => String)
  processCode: string;

  @Field(() => Int)
  capacity: number;

  @Field(() => Int)
  booked: number;

  @Field(() => Int)
  free: number;

  @Field(() => DecimalScalar, { description: 'booked / capacity, 4 decimals (0 when nothing is offered).' })
  utilisation: string;

  static from(day: DayUtilisation): DayUtilisationModel {
    return toModel(DayUtilisationModel, {
      date: day.date,
      processCode: day.processCode,
      capacity: day.capacity,
      booked: day.booked,
      free: day.free,
      utilisation: day.utilisation,
    });
  }
}
