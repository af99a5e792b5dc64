import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import type { PostedOrder } from '../order-lifecycle.service';
import { OrderEventEntity } from '../order-event.entity';
import { OrderStageEntity } from '../order-stage.entity';
import { OrderStatus } from '../order-status';
import { OrderEntity } from '../order.entity';

registerEnumType(OrderStatus, { name: 'OrderStatus' });

@ObjectType('OrderStage')
export class OrderStageModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  seq: number;

  @Field(() => String)
  processCode: string;

  @Field(() => Int)
  leadDays: number;

  @Field(() => DecimalScalar, { description: 'Yuan per piece.' })
  maxUnitPrice: string;

  @Field(() => [String], { description: 'Certification types a firm must hold, valid on every day it works here.' })
  requiredCertifications: string[];

  static from(stage: OrderStageEntity): OrderStageModel {
    return toModel(OrderStageModel, {
      id: stage.id,
      seq: stage.seq,
      processCode: stage.processCode,
      leadDays: stage.leadDays,
      maxUnitPrice: stage.maxUnitPrice,
      requiredCertifications: stage.requiredCertifications,
    });
  }
}

@ObjectType('OrderHistoryEntry')
export class OrderHistoryEntryModel {
  @Field(() => String)
  type: string;

  @Field(() => String, { description: 'JSON detail of the change.' })
  detail: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  static from(event: OrderEventEntity): OrderHistoryEntryModel {
    return toModel(OrderHistoryEntryModel, {
      type: event.type,
      detail: JSON.stringify(event.detail),
      occurredAt: event.occurredAt,
    });
  }
}

@ObjectType('Order')
export class OrderModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  buyerOrgId: string;

  @Field(() => String)
  product: string;

  @Field(() => Int, { description: 'Pieces.' })
  quantity: number;

  @Field(() => DateScalar)
  earliestStart: string;

  @Field(() => DateScalar)
  dueDate: string;

  @Field(() => ID, { nullable: true })
  preferredParkId: string | null;

  @Field(() => ID, { nullable: true })
  preferredGroupId: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Delivery latitude (WGS-84, degrees).' })
  deliveryLatitude: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Delivery longitude (WGS-84, degrees).' })
  deliveryLongitude: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Great-circle km from the delivery location beyond which firms are not used (the buyer’s or the park’s default).',
  })
  maxDistanceKm: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Lowest supplier rating (0–5) used.' })
  minRating: string | null;

  @Field(() => [ID])
  excludedFirmIds: string[];

  @Field(() => [ID])
  preferredFirmIds: string[];

  @Field(() => OrderStatus)
  status: OrderStatus;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  confirmedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt: Date | null;

  static from(order: OrderEntity): OrderModel {
    return toModel(OrderModel, {
      id: order.id,
      buyerOrgId: order.buyerOrgId,
      product: order.product,
      quantity: order.quantity,
      earliestStart: order.earliestStart,
      dueDate: order.dueDate,
      preferredParkId: order.preferredParkId,
      preferredGroupId: order.preferredGroupId,
      deliveryLatitude: order.deliveryLatitude,
      deliveryLongitude: order.deliveryLongitude,
      maxDistanceKm: order.maxDistanceKm,
      minRating: order.minRating,
      excludedFirmIds: order.excludedFirmIds,
      preferredFirmIds: order.preferredFirmIds,
      status: order.status,
      createdAt: order.createdAt,
      confirmedAt: order.confirmedAt,
      deliveredAt: order.deliveredAt,
    });
  }
}

export const OrderConnection = Connection(OrderModel, 'Order');

@ObjectType('PostOrderResult')
export class PostOrderResultModel {
  @Field(() => OrderModel)
  order: OrderModel;

  @Field(() => Boolean, { description: 'True when this answers a replay of the same idempotency key.' })
  replayed: boolean;

  /** The quote made at posting, in the planner's own terms: the planner's lib exposes it as the `quote` field. */
  quote: object;

  static from(posted: PostedOrder): PostOrderResultModel {
    return toModel(PostOrderResultModel, {
      order: OrderModel.from(posted.order),
      replayed: posted.replayed,
      quote: posted.quote,
    });
  }
}
