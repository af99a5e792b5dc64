import { Inject, Injectable } from '@nestjs/common';
import { conflict, Principal, UnitOfWork } from '@vg/core';
import { PostOrderInput } from './dto/order.inputs';
import { orderEvent } from './order-events';
import { ORDER_PLANNER, OrderPlanner } from './order-planner';
import { assertTransition, OrderStatus } from './order-status';
import { OrderEntity } from './order.entity';
import { OrdersService } from './orders.service';

export interface PostedOrder {
  order: OrderEntity;
  /** The quote answered at posting (the first time, or stored for a replay). */
  quote: object;
  replayed: boolean;
}

const CANCELLABLE = [OrderStatus.OPEN, OrderStatus.PLANNED, OrderStatus.CONFIRMED];

/** The buyer's use cases of an order — post, cancel, close — each one transaction. */
@Injectable()
export class OrderLifecycleService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
    @Inject(ORDER_PLANNER) private readonly planner: OrderPlanner,
  ) {}

  /** Stores the order and has it planned at once: when the quote is complete, proposals go out in the same commit. */
  post(principal: Principal, input: PostOrderInput): Promise<PostedOrder> {
    return this.unitOfWork.run(async (tx) => {
      const { order, stages, replayed } = await this.orders.create(tx, principal, input);
      if (replayed) return { order, quote: order.initialQuote as object, replayed };
      const { quote } = await this.planner.planNewOrder(tx, order, stages);
      await this.orders.keepInitialQuote(tx, order, quote);
      return { order, quote, replayed };
    });
  }

  /** Cancelling withdraws every open proposal and releases every booked slot, in one transaction. */
  cancel(principal: Principal, orderId: string): Promise<OrderEntity> {
    return this.unitOfWork.run(async (tx) => {
      const order = await this.orders.lockManaged(tx, principal, orderId);
      if (!CANCELLABLE.includes(order.status)) {
        throw conflict(`An order that is ${order.status} can no longer be cancelled`);
      }
      const withdrawn = await this.planner.withdrawWork(tx, order);
      await this.orders.transition(tx, order, OrderStatus.CANCELLED, { released: withdrawn.released });
      tx.publishAfterCommit(
        orderEvent('ORDER_CANCELLED', order, { parkIds: withdrawn.parkIds, firmIds: withdrawn.firmIds }),
      );
      return order;
    });
  }

  close(principal: Principal, orderId: string): Promise<OrderEntity> {
    return this.unitOfWork.run(async (tx) => {
      const order = await this.orders.lockManaged(tx, principal, orderId);
      // Only a delivered order closes; closing one that is already closed is refused like any other state.
      assertTransition(order.status, OrderStatus.CLOSED);
      await this.orders.transition(tx, order, OrderStatus.CLOSED);
      return order;
    });
  }
}
