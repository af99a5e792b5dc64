import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, toModel } from '@vg/core';
import { ParkEntity } from '../park.entity';

@ObjectType('Park')
export class ParkModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Six-digit administrative region code (GB/T 2260).' })
  regionCode: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  static from(park: ParkEntity): ParkModel {
    return toModel(ParkModel, {
      id: park.id,
      name: park.name,
      regionCode: park.regionCode,
      createdAt: park.createdAt,
    });
  }
}

export const ParkConnection = Connection(ParkModel, 'Park');
