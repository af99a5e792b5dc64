import { Injectable } from '@nestjs/common';
import { BookingService, InsufficientCapacityError } from '@vg/capacity';
import { conflict, notFound, ownFirmId, Principal, runInSystemScope, Tx, UnitOfWork } from '@vg/core';
import { OrderEntity, orderEvent, OrdersService } from '@vg/orders';
import { In } from 'typeorm';
import { ProposalDayEntity } from './proposal-day.entity';
import { ProposalEntity, ProposalStatus } from './proposal.entity';
import { RequoteService } from './requote.service';

export type AcceptOutcome =
  | { kind: 'accepted'; proposal: ProposalEntity; order: OrderEntity }
  | { kind: 'insufficient'; proposalId: string; requested: number; available: number };

const EXPIRY_BATCH = 200;

/** A firm's answers to the work proposed to it, and the expiry of the proposals it left unanswered. */
@Injectable()
export class ProposalService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrdersService,
    private readonly booking: BookingService,
    private readonly requotes: RequoteService,
  ) {}

  /**
   * The firm accepts: all days of its proposal are booked in one transaction (guarded updates in slot-id order).
   * Running out of capacity is an answer, not an exception: the transaction rolls back and the caller learns how
   * much is still free. When every stage is booked in full, the order is confirmed. Accepting again what this firm
   * already accepted answers the same success and books nothing (a client retrying an answer it lost); anything
   * else on a decided proposal is a CONFLICT.
   */
  async accept(principal: Principal, proposalId: string): Promise<AcceptOutcome> {
    try {
      return await this.unitOfWork.run(async (tx) => {
        const proposal = await this.lockOwnProposal(tx, principal, proposalId, [
          ProposalStatus.PROPOSED,
          ProposalStatus.ACCEPTED,
        ]);
        const order = await this.orders.lockById(tx, proposal.orderId);
        if (proposal.status === ProposalStatus.ACCEPTED) return { kind: 'accepted' as const, proposal, order };
        if (proposal.expiresAt <= new Date()) throw conflict('This proposal has expired', 'id');
        const days = await tx.manager.find(ProposalDayEntity, { where: { proposalId: proposal.id } });
        proposal.status = ProposalStatus.ACCEPTED;
        proposal.decidedAt = new Date();
        await tx.manager.update(
          ProposalEntity,
          { id: proposal.id },
          { status: proposal.status, decidedAt: proposal.decidedAt },
        );
        // Queued only: published after the commit, so never for a booking that ran out.
        tx.publishAfterCommit(
          orderEvent(
            'PROPOSAL_ACCEPTED',
            order,
            { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
            { proposalId: proposal.id, stageSeq: proposal.stageSeq, units: proposal.units },
            proposal.id,
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
        return { kind: 'accepted' as const, proposal, order };
      });
    } catch (error) {
      if (error instanceof InsufficientCapacityError) {
        return { kind: 'insufficient', proposalId, requested: error.requested, available: error.available };
      }
      throw error;
    }
  }

  /** The firm declines with a reason; its work goes back to matching at once. */
  decline(principal: Principal, proposalId: string, reason: string): Promise<ProposalEntity> {
    return this.unitOfWork.run(async (tx) => {
      const proposal = await this.lockOwnProposal(tx, principal, proposalId);
      const order = await this.orders.lockById(tx, proposal.orderId);
      proposal.status = ProposalStatus.DECLINED;
      proposal.decidedAt = new Date();
      proposal.declineReason = reason;
      await tx.manager.update(
        ProposalEntity,
        { id: proposal.id },
        { status: proposal.status, decidedAt: proposal.decidedAt, declineReason: reason },
      );
      tx.publishAfterCommit(
        orderEvent(
          'PROPOSAL_DECLINED',
          order,
          { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
          { proposalId: proposal.id, reason },
          proposal.id,
        ),
      );
      await this.requotes.requote(tx, order, proposal);
      return proposal;
    });
  }

  /**
   * Proposals past their answer time expire and go back to matching; safe to run on every replica at once. The
   * overdue proposals of one order are expired together before any is re-quoted, so the re-quote neither counts
   * one that is about to lapse as live nor offers the order again to a firm that let it lapse; and once one has
   * re-quoted the whole order, its other lapsed proposals are covered by that plan.
   */
  expireOverdue(now: Date = new Date()): Promise<number> {
    return runInSystemScope('proposal expiry: overdue proposals of every park', () => this.expireOverdueBatches(now));
  }

  private async expireOverdueBatches(now: Date): Promise<number> {
    let expired = 0;
    for (;;) {
      const batch = await this.unitOfWork.run(async (tx) => {
        const overdue: ProposalEntity[] = await tx.manager
          .createQueryBuilder(ProposalEntity, 'p')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('p.status = :status AND p.expires_at <= :now', { status: ProposalStatus.PROPOSED, now })
          .orderBy('p.expires_at')
          .addOrderBy('p.id')
          .take(EXPIRY_BATCH)
          .getMany();
        const byOrder = new Map<string, ProposalEntity[]>();
        for (const proposal of overdue) {
          byOrder.set(proposal.orderId, [...(byOrder.get(proposal.orderId) ?? []), proposal]);
        }
        for (const [orderId, lapsed] of byOrder) {
          const order = await this.orders.lockById(tx, orderId);
          await tx.manager.update(
            ProposalEntity,
            { id: In(lapsed.map((proposal) => proposal.id)) },
            { status: ProposalStatus.EXPIRED, decidedAt: now },
          );
          for (const proposal of lapsed) {
            proposal.status = ProposalStatus.EXPIRED;
            tx.publishAfterCommit(
              orderEvent(
                'PROPOSAL_EXPIRED',
                order,
                { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
                { proposalId: proposal.id },
                proposal.id,
              ),
            );
          }
          for (const proposal of [...lapsed].sort((a, b) => a.stageSeq - b.stageSeq)) {
            if ((await this.requotes.requote(tx, order, proposal)) === 'whole-order') break;
          }
        }
        return overdue.length;
      });
      expired += batch;
      if (batch < EXPIRY_BATCH) return expired;
    }
  }

  /** Once every stage has the whole quantity accepted, orders confirms the order and its firms are told. */
  private async confirmIfFullyBooked(tx: Tx, order: OrderEntity): Promise<void> {
    const stages = await this.orders.stagesOf(tx, order.id);
    const accepted = await tx.manager.find(ProposalEntity, {
      where: { orderId: order.id, status: ProposalStatus.ACCEPTED },
    });
    const bookedOf = (stageId: string) =>
      accepted.filter((proposal) => proposal.stageId === stageId).reduce((sum, proposal) => sum + proposal.units, 0);
    if (!stages.every((stage) => bookedOf(stage.id) >= order.quantity)) return;
    if (!(await this.orders.fullyBooked(tx, order))) return;
    tx.publishAfterCommit(
      orderEvent('ORDER_CONFIRMED', order, {
        parkIds: [...new Set(accepted.map((proposal) => proposal.parkId))],
        firmIds: [...new Set(accepted.map((proposal) => proposal.firmId))],
      }),
    );
  }

  /** Only the firm a proposal was made to may answer it; anyone else gets "not found". */
  private async lockOwnProposal(
    tx: Tx,
    principal: Principal,
    proposalId: string,
    answerable: readonly ProposalStatus[] = [ProposalStatus.PROPOSED],
  ): Promise<ProposalEntity> {
    const firmId = ownFirmId(principal);
    const proposal = await tx.manager.findOne(ProposalEntity, {
      where: { id: proposalId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!proposal || proposal.firmId !== firmId) throw notFound('Proposal');
    if (!answerable.includes(proposal.status)) {
      throw conflict(`This proposal is already ${proposal.status}`, 'id');
    }
    return proposal;
  }
}
