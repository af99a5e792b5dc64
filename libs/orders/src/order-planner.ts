import { Tx } from '@vg/core';
import { OrderStageEntity } from './order-stage.entity';
import { OrderEntity } from './order.entity';

/**
 * What the order lifecycle needs from whoever plans work for orders (matching provides it under `ORDER_PLANNER`):
 * orders may not import matching, so matching implements this contract instead of orders calling into it.
 */
export interface OrderPlanner {
  /**
   * Quotes a freshly posted order inside the posting transaction and, when the plan is complete, sends its
   * proposals (orders then hears `planMade` and moves the order to PLANNED). Returns the quote to keep with the
   * order, so a replay of the same idempotency key answers exactly the same.
   */
  planNewOrder(tx: Tx, order: OrderEntity, stages: OrderStageEntity[]): Promise<{ quote: object }>;

  /**
   * Withdraws all live work of an order being cancelled, inside the cancelling transaction: open proposals are
   * cancelled and the capacity that accepted ones booked is released.
   */
  withdrawWork(tx: Tx, order: OrderEntity): Promise<WithdrawnWork>;
}

export interface WithdrawnWork {
  /** Proposals whose booked capacity was released. */
  released: number;
  /** Parks and firms that held work of the order: the audience of the cancellation. */
  parkIds: string[];
  firmIds: string[];
}

export const ORDER_PLANNER = Symbol('ORDER_PLANNER');
