import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import { DistanceMode, ParkEntity } from '../park.entity';

registerEnumType(DistanceMode, {
  name: 'DistanceMode',
  valuesMap: { GREAT_CIRCLE: { description: 'Shortest distance over the earth’s surface between two sites.' } },
});

@ObjectType('Park')
export class ParkModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Six-digit administrative region code (GB/T 2260).' })
  regionCode: string;

  @Field(() => DecimalScalar, { description: 'Yuan for moving one piece one km: what plans add per km of distance.' })
  transportRatePerUnitKm: string;

  @Field(() => DistanceMode)
  distanceMode: DistanceMode;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Radius (km) given to orders preferring this park that state none; null: no limit.',
  })
  defaultMaxDistanceKm: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  static from(park: ParkEntity): ParkModel {
    return toModel(ParkModel, {
      id: park.id,
      name: park.name,
      regionCode: park.regionCode,
      transportRatePerUnitKm: park.transportRatePerUnitKm,
      distanceMode: park.distanceMode,
      defaultMaxDistanceKm: park.defaultMaxDistanceKm,
      createdAt: park.createdAt,
    });
  }
}

export const ParkConnection = Connection(ParkModel, 'Park');
