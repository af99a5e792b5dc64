import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode, Principal, Tx, UnitOfWork } from '@vg/core';
import {
  assertOrderSpan,
  assertTransition,
  OrderEntity,
  OrdersService,
  OrderStageEntity,
  OrderStatus,
  PostOrderInput,
} from '@vg/orders';
import { BookingService } from '@vg/capacity';
import { In } from 'typeorm';
import { AllocationDayEntity } from './allocation-day.entity';
import { AllocationEntity, AllocationStatus } from './allocation.entity';
import { Plan } from './engine';
import { orderEvent, ProposalWriter } from './proposal-writer';
import { QuoteOutcome, QuoteService, toDemand } from './quote.service';

export interface PlacedOrder {
  order: OrderEntity;
  plan: Plan;
  replayed: boolean;
}

/** Posting an order: store it, quote it and, when the quote is complete, send the proposals — one transaction. */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
    private readonly quotes: QuoteService,
    private readonly proposals: ProposalWriter,
    private readonly booking: BookingService,
  ) {}

  post(principal: Principal, input: PostOrderInput): Promise<PlacedOrder> {
    return this.unitOfWork.run(async (tx) => {
      const { order, stages, replayed } = await this.orders.create(tx, principal, input);
      if (replayed) return { order, plan: order.initialQuote as Plan, replayed };
      const outcome = await this.quotes.quote(toDemand(order, stages), tx, { exceptOrderId: order.id });
      await tx.manager.update(OrderEntity, { id: order.id }, { initialQuote: outcome.plan as never });
      await this.proposeIfComplete(tx, order, stages, outcome, 'QUOTE');
      tx.publishAfterCommit(
        orderEvent(
          'PLAN_MADE',
          order,
          {},
          {
            feasible: outcome.plan.feasible,
            withinGroup: outcome.withinGroup,
            unitsPlanned: outcome.plan.unitsPlanned,
            shortfall: outcome.plan.shortfall?.reason ?? null,
          },
        ),
      );
      return { order, plan: outcome.plan, replayed };
    });
  }

  /** An instant quote without posting anything. */
  async preview(input: PostOrderInput): Promise<Plan> {
    assertOrderSpan(input);
    const demand = toDemand(
      {
        id: 'preview',
        quantity: input.quantity,
        earliestStart: input.earliestStart,
        dueDate: input.dueDate,
        preferredParkId: input.preferredParkId ?? null,
        preferredGroupId: input.preferredGroupId ?? null,
      },
      input.route.map((stage, index) => ({ ...stage, seq: index + 1 })),
    );
    return (await this.quotes.quote(demand)).plan;
  }

  /** Proposals go out only for a complete plan: half an order booked helps nobody. */
  async proposeIfComplete(
    tx: Tx,
    order: OrderEntity,
    stages: OrderStageEntity[],
    outcome: QuoteOutcome,
    origin: string,
  ): Promise<AllocationEntity[]> {
    if (!outcome.plan.feasible) return [];
    const written = await this.proposals.write(
      tx,
      {
        order,
        stageIdBySeq: new Map(stages.map((stage) => [stage.seq, stage.id])),
        parkByFirm: new Map(outcome.candidates.offers.map((offer) => [offer.firmId, offer.parkId])),
        origin,
      },
      outcome.plan.assignments,
    );
    await this.orders.transition(tx, order, OrderStatus.PLANNED, { proposals: written.length, origin });
    return written;
  }

  /** Cancelling releases every booked slot and withdraws every open proposal, in one transaction. */
  cancel(principal: Principal, orderId: string): Promise<OrderEntity> {
    return this.unitOfWork.run(async (tx) => {
      const order = await this.orders.lockForUpdate(tx, principal, orderId);
      if (![OrderStatus.OPEN, OrderStatus.PLANNED, OrderStatus.CONFIRMED].includes(order.status)) {
        throw new AppError(ErrorCode.CONFLICT, `An order that is ${order.status} can no longer be cancelled`);
      }
      const live = await tx.manager.find(AllocationEntity, {
        where: { orderId: order.id, status: In([AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED]) },
        lock: { mode: 'pessimistic_write' },
      });
      const accepted = live.filter((allocation) => allocation.status === AllocationStatus.ACCEPTED);
      if (accepted.length) {
        const days = await tx.manager.find(AllocationDayEntity, {
          where: { allocationId: In(accepted.map((allocation) => allocation.id)) },
        });
        await this.booking.release(
          tx,
          days.map((day) => ({ slotId: day.slotId, units: day.units })),
        );
      }
      if (live.length) {
        await tx.manager.update(
          AllocationEntity,
          { id: In(live.map((allocation) => allocation.id)) },
          { status: AllocationStatus.CANCELLED, decidedAt: new Date() },
        );
      }
      await this.orders.transition(tx, order, OrderStatus.CANCELLED, { released: accepted.length });
      tx.publishAfterCommit(
        orderEvent('ORDER_CANCELLED', order, {
          parkIds: [...new Set(live.map((allocation) => allocation.parkId))],
          firmIds: [...new Set(live.map((allocation) => allocation.firmId))],
        }),
      );
      return order;
    });
  }

  close(principal: Principal, orderId: string): Promise<OrderEntity> {
    return this.unitOfWork.run(async (tx) => {
      const order = await this.orders.lockForUpdate(tx, principal, orderId);
      // Only a delivered order closes; closing one that is already closed is refused like any other state.
      assertTransition(order.status, OrderStatus.CLOSED);
      await this.orders.transition(tx, order, OrderStatus.CLOSED);
      return order;
    });
  }
}
