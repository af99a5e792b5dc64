import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar, DecimalScalar } from '@vg/core';
import { OrderStatus } from '@vg/orders';

@ObjectType('OrderFunnel', {
  description: 'Orders posted in a period and how far they got (ever planned, confirmed, …).',
})
export class OrderFunnelModel {
  @Field(() => Int)
  posted: number;

  @Field(() => Int, { description: 'Got a complete plan at some point.' })
  planned: number;

  @Field(() => Int, { description: 'Fully booked at some point (confirmed_at is set).' })
  confirmed: number;

  @Field(() => Int)
  delivered: number;

  @Field(() => Int)
  cancelled: number;

  @Field(() => DecimalScalar, { description: 'Pieces ordered.' })
  piecesPosted: string;

  @Field(() => DecimalScalar, { description: 'Pieces of the confirmed orders.' })
  piecesConfirmed: string;
}

@ObjectType('OrderFunnelMonth')
export class OrderFunnelMonthModel extends OrderFunnelModel {
  @Field(() => String, { description: 'YYYY-MM, China time.' })
  month: string;
}

@ObjectType('OrderStatusCount')
export class OrderStatusCountModel {
  @Field(() => OrderStatus)
  status: OrderStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType('CockpitOrders', {
  description:
    'Orders that concern the park — posted to it or to one of its groups, or that reached one of its firms — by the day they were posted (China time).',
})
export class CockpitOrdersModel {
  @Field(() => ID)
  parkId: string;

  @Field(() => DateScalar)
  from: string;

  @Field(() => DateScalar)
  to: string;

  @Field(() => OrderFunnelModel)
  totals: OrderFunnelModel;

  @Field(() => [OrderFunnelMonthModel])
  months: OrderFunnelMonthModel[];

  @Field(() => [OrderStatusCountModel], { description: 'Where those orders stand now.' })
  statusNow: OrderStatusCountModel[];

  @Field(() => DecimalScalar, { nullable: true, description: 'confirmed / posted, 4 decimals.' })
  fillRate: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Delivered orders delivered by their due date, share.' })
  orderOnTimeRate: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Proposals delivered by the park’s firms in the period on or before their planned last day, share.',
  })
  stageOnTimeRate: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Mean hours from posting (the instant quote) to confirmation.',
  })
  averageQuoteToConfirmHours: string | null;
}
