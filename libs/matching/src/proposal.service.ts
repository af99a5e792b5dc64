import { Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode, notFound, Principal, Role, Tx, UnitOfWork } from '@vg/core';
import { BookingService, InsufficientCapacityError } from '@vg/capacity';
import { OrderEntity, OrdersService, OrderStatus } from '@vg/orders';
import { In } from 'typeorm';
import { AllocationDayEntity } from './allocation-day.entity';
import { AllocationEntity, AllocationStatus } from './allocation.entity';
import { CandidateLoader, yuanToFen } from './candidate-loader';
import { replaceShare } from './engine';
import { OrderPlacementService } from './order-placement.service';
import { orderEvent, ProposalWriter } from './proposal-writer';
import { QuoteService, toDemand } from './quote.service';

export type AcceptOutcome =
  | { kind: 'accepted'; allocation: AllocationEntity; order: OrderEntity }
  | { kind: 'insufficient'; allocationId: string; requested: number; available: number };

const EXPIRY_BATCH = 200;

@Injectable()
export class ProposalService {
  private readonly logger = new Logger(ProposalService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
    private readonly booking: BookingService,
    private readonly candidates: CandidateLoader,
    private readonly writer: ProposalWriter,
    private readonly quotes: QuoteService,
    private readonly placement: OrderPlacementService,
  ) {}

  /**
   * The firm accepts: all days of its share are booked in one transaction (guarded updates in slot-id order).
   * Running out of capacity is an answer, not an exception: the transaction rolls back and the caller learns how
   * much is still free. When every stage is booked in full, the order is confirmed.
   */
  async accept(principal: Principal, allocationId: string): Promise<AcceptOutcome> {
    try {
      return await this.unitOfWork.run(async (tx) => {
        const allocation = await this.lockOwnProposal(tx, principal, allocationId);
        const order = await this.orders.lockById(tx, allocation.orderId);
        if (allocation.expiresAt <= new Date()) {
          throw new AppError(ErrorCode.CONFLICT, 'This proposal has expired', 'id');
        }
        const days = await tx.manager.find(AllocationDayEntity, { where: { allocationId: allocation.id } });
        allocation.status = AllocationStatus.ACCEPTED;
        allocation.decidedAt = new Date();
        await tx.manager.update(
          AllocationEntity,
          { id: allocation.id },
          { status: allocation.status, decidedAt: allocation.decidedAt },
        );
        // Queued only: published after the commit, so never for a booking that ran out.
        tx.publishAfterCommit(
          orderEvent(
            'PROPOSAL_ACCEPTED',
            order,
            { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
            {
              proposalId: allocation.id,
              stageSeq: allocation.stageSeq,
              units: allocation.units,
            },
            allocation.id,
          ),
        );
        await this.confirmIfFullyBooked(tx, order);
        // Booking comes last: the slot rows stay locked from their update to the commit, and every firm answering
        // for the same days queues behind that lock, so nothing else may run in between. Running out rolls all of
        // the above back.
        await this.booking.book(
          tx,
          days.map((day) => ({ slotId: day.slotId, units: day.units })),
        );
        return { kind: 'accepted' as const, allocation, order };
      });
    } catch (error) {
      if (error instanceof InsufficientCapacityError) {
        return { kind: 'insufficient', allocationId, requested: error.requested, available: error.available };
      }
      throw error;
    }
  }

  /** The firm declines with a reason; its share goes back to matching at once. */
  decline(principal: Principal, allocationId: string, reason: string): Promise<AllocationEntity> {
    return this.unitOfWork.run(async (tx) => {
      const allocation = await this.lockOwnProposal(tx, principal, allocationId);
      const order = await this.orders.lockById(tx, allocation.orderId);
      allocation.status = AllocationStatus.DECLINED;
      allocation.decidedAt = new Date();
      allocation.declineReason = reason;
      await tx.manager.update(
        AllocationEntity,
        { id: allocation.id },
        { status: allocation.status, decidedAt: allocation.decidedAt, declineReason: reason },
      );
      tx.publishAfterCommit(
        orderEvent(
          'PROPOSAL_DECLINED',
          order,
          { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
          {
            proposalId: allocation.id,
            reason,
          },
          allocation.id,
        ),
      );
      await this.requote(tx, order, allocation);
      return allocation;
    });
  }

  /**
   * Proposals past their answer time expire and go back to matching; safe to run on every replica at once. The
   * overdue shares of one order are expired together before any is re-quoted, so the re-quote neither counts a
   * share that is about to lapse as live nor offers the order again to a firm that let it lapse; and once one
   * share has re-quoted the whole order, its other lapsed shares are covered by that plan.
   */
  async expireOverdue(now: Date = new Date()): Promise<number> {
    let expired = 0;
    for (;;) {
      const batch = await this.unitOfWork.run(async (tx) => {
        const overdue: AllocationEntity[] = await tx.manager
          .createQueryBuilder(AllocationEntity, 'a')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('a.status = :status AND a.expires_at <= :now', { status: AllocationStatus.PROPOSED, now })
          .orderBy('a.expires_at')
          .addOrderBy('a.id')
          .take(EXPIRY_BATCH)
          .getMany();
        const byOrder = new Map<string, AllocationEntity[]>();
        for (const allocation of overdue) {
          byOrder.set(allocation.orderId, [...(byOrder.get(allocation.orderId) ?? []), allocation]);
        }
        for (const [orderId, lapsed] of byOrder) {
          const order = await this.orders.lockById(tx, orderId);
          await tx.manager.update(
            AllocationEntity,
            { id: In(lapsed.map((allocation) => allocation.id)) },
            { status: AllocationStatus.EXPIRED, decidedAt: now },
          );
          for (const allocation of lapsed) {
            allocation.status = AllocationStatus.EXPIRED;
            tx.publishAfterCommit(
              orderEvent(
                'PROPOSAL_EXPIRED',
                order,
                { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
                {
                  proposalId: allocation.id,
                },
                allocation.id,
              ),
            );
          }
          for (const allocation of [...lapsed].sort((a, b) => a.stageSeq - b.stageSeq)) {
            if ((await this.requote(tx, order, allocation)) === 'whole-order') break;
          }
        }
        return overdue.length;
      });
      expired += batch;
      if (batch < EXPIRY_BATCH) return expired;
    }
  }

  /**
   * A declined or expired share is first replaced on exactly its own days by other firms, which keeps the flow
   * between stages valid. If that falls short and nothing of the order is booked yet, the whole order is quoted
   * again; otherwise the order goes back to OPEN with the shortfall recorded, for the park's re-plan. Firms that
   * declined or let lapse a share of this order are not asked again for it.
   */
  private async requote(
    tx: Tx,
    order: OrderEntity,
    lost: AllocationEntity,
  ): Promise<'replaced' | 'whole-order' | 'short'> {
    // One statement at a time: a transaction is one connection, which runs one query at once.
    const stages = await this.orders.stagesOf(tx, order.id);
    const days = await tx.manager.find(AllocationDayEntity, {
      where: { allocationId: lost.id },
      order: { date: 'ASC' },
    });
    const others = await tx.manager.find(AllocationEntity, { where: { orderId: order.id } });
    const siblings = others.filter((allocation) =>
      [AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED, AllocationStatus.DELIVERED].includes(allocation.status),
    );
    const excluded = [
      ...new Set([
        lost.listingId,
        ...others
          .filter((allocation) => [AllocationStatus.DECLINED, AllocationStatus.EXPIRED].includes(allocation.status))
          .map((allocation) => allocation.listingId),
      ]),
    ];
    const stage = stages.find((candidate) => candidate.seq === lost.stageSeq);
    if (!stage) throw new Error(`Order ${order.id} has no stage ${lost.stageSeq}`);
    const loaded = await this.candidates.load(
      {
        processCodes: [lost.processCode],
        from: lost.firstDay,
        to: lost.lastDay,
        priceCeilingsFen: { [lost.processCode]: [yuanToFen(stage.maxUnitPrice)] },
        excludedListingIds: excluded,
      },
      tx,
    );
    const replacement = replaceShare(
      {
        orderId: order.id,
        stageSeq: lost.stageSeq,
        processCode: lost.processCode,
        maxUnitPriceFen: yuanToFen(stage.maxUnitPrice),
        days: days.map((day) => ({ date: day.date, units: day.units })),
        preferredParkId: order.preferredParkId,
        preferredGroupId: order.preferredGroupId,
      },
      loaded.offers,
    );
    const context = {
      order,
      stageIdBySeq: new Map(stages.map((candidate) => [candidate.seq, candidate.id])),
      parkByFirm: new Map(loaded.offers.map((offer) => [offer.firmId, offer.parkId])),
      origin: 'REQUOTE',
    };
    if (replacement.unitsShort === 0) {
      await this.writer.write(tx, context, replacement.assignments);
      await this.orders.recordEvent(tx, order.id, 'SHARE_REPLACED', {
        lost: lost.id,
        by: replacement.assignments.length,
      });
      return 'replaced';
    }
    const anyBooked = siblings.some((allocation) => allocation.status !== AllocationStatus.PROPOSED);
    if (!anyBooked) {
      const open = siblings.filter((allocation) => allocation.status === AllocationStatus.PROPOSED);
      if (open.length) {
        await tx.manager.update(
          AllocationEntity,
          { id: In(open.map((allocation) => allocation.id)) },
          { status: AllocationStatus.SUPERSEDED, decidedAt: new Date() },
        );
        for (const allocation of open) {
          tx.publishAfterCommit(
            orderEvent(
              'PROPOSAL_SUPERSEDED',
              order,
              { parkIds: [allocation.parkId], firmIds: [allocation.firmId] },
              {
                proposalId: allocation.id,
              },
              allocation.id,
            ),
          );
        }
      }
      const outcome = await this.quotes.quote(toDemand(order, stages), tx, {
        exceptOrderId: order.id,
        excludedListingIds: excluded,
      });
      await this.orders.recordEvent(tx, order.id, 'ORDER_REQUOTED', {
        lost: lost.id,
        feasible: outcome.plan.feasible,
        excludedListings: excluded.length,
      });
      if (outcome.plan.feasible) {
        await this.placement.proposeIfComplete(tx, order, stages, outcome, 'REQUOTE');
        return 'whole-order';
      }
      await this.orders.transition(tx, order, OrderStatus.OPEN, { shortfall: outcome.plan.shortfall });
      tx.publishAfterCommit(orderEvent('ORDER_SHORT', order, {}, { shortfall: outcome.plan.shortfall?.reason }));
      return 'whole-order';
    }
    await this.orders.transition(tx, order, OrderStatus.OPEN, {
      stageSeq: lost.stageSeq,
      unitsShort: replacement.unitsShort,
    });
    tx.publishAfterCommit(
      orderEvent('ORDER_SHORT', order, {}, { stageSeq: lost.stageSeq, unitsShort: replacement.unitsShort }),
    );
    this.logger.log(`order ${order.id}: ${replacement.unitsShort} pcs of stage ${lost.stageSeq} left for re-planning`);
    return 'short';
  }

  private async confirmIfFullyBooked(tx: Tx, order: OrderEntity): Promise<void> {
    if (order.status !== OrderStatus.PLANNED) return;
    const rows: { seq: number; booked: number }[] = await tx.manager.query(
      `SELECT s.seq, COALESCE(SUM(a.units) FILTER (WHERE a.status = 'ACCEPTED'), 0)::int AS booked
         FROM order_stages s LEFT JOIN allocations a ON a.stage_id = s.id
        WHERE s.order_id = $1 GROUP BY s.seq`,
      [order.id],
    );
    if (rows.every((row) => row.booked >= order.quantity)) {
      await this.orders.transition(tx, order, OrderStatus.CONFIRMED);
      const parties = await tx.manager.find(AllocationEntity, {
        where: { orderId: order.id, status: AllocationStatus.ACCEPTED },
      });
      tx.publishAfterCommit(
        orderEvent('ORDER_CONFIRMED', order, {
          parkIds: [...new Set(parties.map((allocation) => allocation.parkId))],
          firmIds: [...new Set(parties.map((allocation) => allocation.firmId))],
        }),
      );
    }
  }

  /** Only the firm a proposal was made to may answer it; anyone else gets "not found". */
  private async lockOwnProposal(tx: Tx, principal: Principal, allocationId: string): Promise<AllocationEntity> {
    const allocation = await tx.manager.findOne(AllocationEntity, {
      where: { id: allocationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!allocation || principal.role !== Role.SME_OWNER || allocation.firmId !== principal.firmId) {
      throw notFound('Proposal');
    }
    if (allocation.status !== AllocationStatus.PROPOSED) {
      throw new AppError(ErrorCode.CONFLICT, `This proposal is already ${allocation.status}`, 'id');
    }
    return allocation;
  }
}
