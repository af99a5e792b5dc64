import { Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode, notFound, Principal, Role, Tx, UnitOfWork } from '@vg/core';
import { BookingService, InsufficientCapacityError } from '@vg/capacity';
import { OrderEntity, OrdersService, OrderStatus } from '@vg/orders';
import { In } from 'typeorm';
import { AllocationDayEntity } from './allocation-day.entity';
import { AllocationEntity, AllocationStatus } from './allocation.entity';
import { CandidateLoader, yuanToFen } from './candidate-loader';
import { replaceShare } from './engine/replace-share';
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
        await this.booking.book(tx, days.map((day) => ({ slotId: day.slotId, units: day.units })));
        allocation.status = AllocationStatus.ACCEPTED;
        allocation.decidedAt = new Date();
        await tx.manager.update(
          AllocationEntity,
          { id: allocation.id },
          { status: allocation.status, decidedAt: allocation.decidedAt },
        );
        tx.publishAfterCommit(
          orderEvent('PROPOSAL_ACCEPTED', order, { parkIds: [allocation.parkId], firmIds: [allocation.firmId] }, {
            proposalId: allocation.id,
            stageSeq: allocation.stageSeq,
            units: allocation.units,
          }, allocation.id),
        );
        await this.confirmIfFullyBooked(tx, order);
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
        orderEvent('PROPOSAL_DECLINED', order, { parkIds: [allocation.parkId], firmIds: [allocation.firmId] }, {
          proposalId: allocation.id,
          reason,
        }, allocation.id),
      );
      await this.requote(tx, order, allocation);
      return allocation;
    });
  }

  /** Proposals past their answer time expire and go back to matching; safe to run on every replica at once. */
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
          .take(EXPIRY_BATCH)
          .getMany();
        for (const allocation of overdue) {
          const order = await this.orders.lockById(tx, allocation.orderId);
          allocation.status = AllocationStatus.EXPIRED;
          await tx.manager.update(AllocationEntity, { id: allocation.id }, { status: allocation.status, decidedAt: now });
          tx.publishAfterCommit(
            orderEvent('PROPOSAL_EXPIRED', order, { parkIds: [allocation.parkId], firmIds: [allocation.firmId] }, {
              proposalId: allocation.id,
            }, allocation.id),
          );
          await this.requote(tx, order, allocation);
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
   * again; otherwise the order goes back to OPEN with the shortfall recorded, for the park's re-plan.
   */
  private async requote(tx: Tx, order: OrderEntity, lost: AllocationEntity): Promise<void> {
    const [stages, days, siblings] = await Promise.all([
      this.orders.stagesOf(tx, order.id),
      tx.manager.find(AllocationDayEntity, { where: { allocationId: lost.id }, order: { date: 'ASC' } }),
      tx.manager.find(AllocationEntity, {
        where: { orderId: order.id, status: In([AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED]) },
      }),
    ]);
    const stage = stages.find((candidate) => candidate.seq === lost.stageSeq);
    if (!stage) throw new Error(`Order ${order.id} has no stage ${lost.stageSeq}`);
    const excluded = [lost.listingId];
    const loaded = await this.candidates.load(
      { processCodes: [lost.processCode], from: lost.firstDay, to: lost.lastDay, excludedListingIds: excluded },
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
      slotIds: loaded.slotIds,
      parkByFirm: new Map(loaded.offers.map((offer) => [offer.firmId, offer.parkId])),
      origin: 'REQUOTE',
    };
    if (replacement.unitsShort === 0) {
      await this.writer.write(tx, context, replacement.assignments);
      await this.orders.recordEvent(tx, order.id, 'SHARE_REPLACED', { lost: lost.id, by: replacement.assignments.length });
      return;
    }
    const anyBooked = siblings.some((allocation) => allocation.status === AllocationStatus.ACCEPTED);
    if (!anyBooked) {
      const open = siblings.filter((allocation) => allocation.status === AllocationStatus.PROPOSED);
      if (open.length) {
        await tx.manager.update(
          AllocationEntity,
          { id: In(open.map((allocation) => allocation.id)) },
          { status: AllocationStatus.SUPERSEDED, decidedAt: new Date() },
        );
      }
      const outcome = await this.quotes.quote(toDemand(order, stages), tx, {
        exceptOrderId: order.id,
        excludedListingIds: excluded,
      });
      if (outcome.plan.feasible) {
        await this.placement.proposeIfComplete(tx, order, stages, outcome, 'REQUOTE');
        return;
      }
      await this.orders.transition(tx, order, OrderStatus.OPEN, { shortfall: outcome.plan.shortfall });
      tx.publishAfterCommit(orderEvent('ORDER_SHORT', order, {}, { shortfall: outcome.plan.shortfall?.reason }));
      return;
    }
    await this.orders.transition(tx, order, OrderStatus.OPEN, {
      stageSeq: lost.stageSeq,
      unitsShort: replacement.unitsShort,
    });
    tx.publishAfterCommit(orderEvent('ORDER_SHORT', order, {}, { stageSeq: lost.stageSeq, unitsShort: replacement.unitsShort }));
    this.logger.log(`order ${order.id}: ${replacement.unitsShort} pcs of stage ${lost.stageSeq} left for re-planning`);
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
