import { Injectable } from '@nestjs/common';
import { BookingService } from '@vg/capacity';
import { Tx } from '@vg/core';
import { OrderEntity, orderEvent, OrderPlanner, OrderStageEntity, WithdrawnWork } from '@vg/orders';
import { In } from 'typeorm';
import { ProposalDayEntity } from './proposal-day.entity';
import { ProposalWriter } from './proposal-writer';
import { ProposalEntity, ProposalStatus } from './proposal.entity';
import { QuoteService, toDemand } from './quote.service';

/** Matching's side of an order's lifecycle (orders' `ORDER_PLANNER`): quoting a new order, withdrawing its work. */
@Injectable()
export class MatchingOrderPlanner implements OrderPlanner {
  constructor(
    private readonly quotes: QuoteService,
    private readonly writer: ProposalWriter,
    private readonly booking: BookingService,
  ) {}

  async planNewOrder(tx: Tx, order: OrderEntity, stages: OrderStageEntity[]): Promise<{ quote: object }> {
    const outcome = await this.quotes.quote(toDemand(order, stages), tx, {
      exceptOrderId: order.id,
      committedCapacity: true,
    });
    await this.writer.proposeIfComplete(tx, order, stages, outcome, 'QUOTE');
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
    return { quote: outcome.plan };
  }

  async withdrawWork(tx: Tx, order: OrderEntity): Promise<WithdrawnWork> {
    const live = await tx.manager.find(ProposalEntity, {
      where: { orderId: order.id, status: In([ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED]) },
      lock: { mode: 'pessimistic_write' },
    });
    const accepted = live.filter((proposal) => proposal.status === ProposalStatus.ACCEPTED);
    if (accepted.length) {
      const days = await tx.manager.find(ProposalDayEntity, {
        where: { proposalId: In(accepted.map((proposal) => proposal.id)) },
      });
      await this.booking.release(
        tx,
        days.map((day) => ({ slotId: day.slotId, units: day.units })),
      );
    }
    if (live.length) {
      await tx.manager.update(
        ProposalEntity,
        { id: In(live.map((proposal) => proposal.id)) },
        { status: ProposalStatus.CANCELLED, decidedAt: new Date() },
      );
    }
    return {
      released: accepted.length,
      parkIds: [...new Set(live.map((proposal) => proposal.parkId))],
      firmIds: [...new Set(live.map((proposal) => proposal.firmId))],
    };
  }
}
