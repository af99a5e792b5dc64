import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalar, DecimalScalar, toModel } from '@vg/core';
import type { ProcessLabel } from '@vg/firms';

export enum CapacityGranularity {
  DAY = 'DAY',
  /** ISO weeks, starting on Monday. */
  WEEK = 'WEEK',
}

registerEnumType(CapacityGranularity, { name: 'CapacityGranularity' });

@ObjectType('ProcessLabel')
export class ProcessLabelModel {
  @Field(() => String)
  code: string;

  @Field(() => String)
  nameZh: string;

  @Field(() => String)
  nameEn: string;

  static from(label: ProcessLabel): ProcessLabelModel {
    return toModel(ProcessLabelModel, { code: label.code, nameZh: label.nameZh, nameEn: label.nameEn });
  }
}

@ObjectType('CapacityCell', { description: 'Listed and booked pieces of one process in one day or week.' })
export class CapacityCellModel {
  @Field(() => String)
  processCode: string;

  @Field(() => DateScalar, { description: 'The day, or the Monday of the week.' })
  period: string;

  @Field(() => Int)
  listed: number;

  @Field(() => Int)
  booked: number;

  @Field(() => DecimalScalar, { description: 'booked / listed, 4 decimals (0 when nothing is listed).' })
  utilisation: string;
}

@ObjectType('ProcessUtilisation')
export class ProcessUtilisationModel {
  @Field(() => String)
  processCode: string;

  @Field(() => Int)
  listed: number;

  @Field(() => Int)
  booked: number;

  @Field(() => DecimalScalar)
  utilisation: string;
}

@ObjectType('IdleCapacity', { description: 'What is listed but not booked today, per process.' })
export class IdleCapacityModel {
  @Field(() => String)
  processCode: string;

  @Field(() => Int)
  listed: number;

  @Field(() => Int)
  booked: number;

  @Field(() => Int)
  idle: number;

  @Field(() => Int, { description: 'Firms with some of this process still free today.' })
  firmsWithIdleCapacity: number;
}

@ObjectType('CockpitCapacity')
export class CockpitCapacityModel {
  @Field(() => ID)
  parkId: string;

  @Field(() => DateScalar)
  from: string;

  @Field(() => DateScalar)
  to: string;

  @Field(() => CapacityGranularity)
  granularity: CapacityGranularity;

  @Field(() => DateScalar, { description: 'Today in China (UTC+8): the day `idleNow` is about.' })
  today: string;

  @Field(() => [CapacityCellModel], { description: 'By process, then period; periods without listings are absent.' })
  cells: CapacityCellModel[];

  @Field(() => [ProcessUtilisationModel], { description: 'The whole window, per process.' })
  byProcess: ProcessUtilisationModel[];

  @Field(() => [IdleCapacityModel])
  idleNow: IdleCapacityModel[];

  @Field(() => [ProcessLabelModel], { description: 'Names of the processes above, in Chinese and English.' })
  processes: ProcessLabelModel[];
}
