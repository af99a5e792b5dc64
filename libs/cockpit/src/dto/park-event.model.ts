import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar, DomainEvent, toModel } from '@vg/core';

export enum ParkEventCategory {
  ORDER = 'ORDER',
  /**
   * A proposal (an offer of work to a firm): made, accepted, declined, expired, superseded, in progress, delivered.
   * The value keeps its first name so clients need not change.
   */
  ALLOCATION = 'ALLOCATION',
  GROUP = 'GROUP',
  EVALUATION = 'EVALUATION',
  OTHER = 'OTHER',
}

registerEnumType(ParkEventCategory, { name: 'ParkEventCategory' });

const CATEGORY_BY_PREFIX: [string, ParkEventCategory][] = [
  ['PROPOSAL_', ParkEventCategory.ALLOCATION],
  ['PROGRESS_', ParkEventCategory.ALLOCATION],
  ['STAGE_', ParkEventCategory.ALLOCATION],
  ['ORDER_', ParkEventCategory.ORDER],
  ['PLAN_', ParkEventCategory.ORDER],
  ['STATUS_', ParkEventCategory.ORDER],
  ['GROUP_', ParkEventCategory.GROUP],
  ['MEMBER_', ParkEventCategory.GROUP],
  ['ROUND_', ParkEventCategory.EVALUATION],
  ['EVALUATION_', ParkEventCategory.EVALUATION],
];

export function categoryOf(type: string): ParkEventCategory {
  return CATEGORY_BY_PREFIX.find(([prefix]) => type.startsWith(prefix))?.[1] ?? ParkEventCategory.OTHER;
}

@ObjectType('ParkEvent', {
  description: 'Something committed that concerns a park: its orders, proposals to its firms, groups, rounds.',
})
export class ParkEventModel {
  @Field(() => String)
  type: string;

  @Field(() => ParkEventCategory)
  category: ParkEventCategory;

  @Field(() => ID, { description: 'What the event is about: an order, a proposal, a group, a round.' })
  subjectId: string;

  @Field(() => ID, { nullable: true })
  orderId: string | null;

  @Field(() => String, { description: 'JSON payload (no sensitive figures).' })
  payload: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  static from(event: DomainEvent): ParkEventModel {
    const orderId = event.payload.orderId;
    return toModel(ParkEventModel, {
      type: event.type,
      category: categoryOf(event.type),
      subjectId: event.subjectId,
      orderId: typeof orderId === 'string' ? orderId : null,
      payload: JSON.stringify(event.payload),
      occurredAt: new Date(event.occurredAt),
    });
  }
}
