import { Inject, Injectable } from '@nestjs/common';
import { slotIdsOf } from '@vg/capacity';
import { APP_CONFIG, AppConfig, Tx } from '@vg/core';
import { OrderEntity, orderEvent, OrdersService, OrderStageEntity } from '@vg/orders';
import Decimal from 'decimal.js';
import { In } from 'typeorm';
import { fenToYuan, slotKey } from './candidate-loader';
import { qualificationsOf } from './assignment-qualifications';
import { Assignment, CapacityOffer, OrderDemand } from './engine';
import { ProposalDayEntity } from './proposal-day.entity';
import { ProposalEntity, ProposalStatus } from './proposal.entity';
import { QuoteOutcome } from './quote.service';

export interface ProposalContext {
  order: OrderEntity;
  stageIdBySeq: Map<number, string>;
  /** `slotKey(listingId, date)` → slot id when the caller has them; the rest are looked up. */
  slotIds?: Map<string, string>;
  parkByFirm: Map<string, string>;
  origin: string;
  /** The order as planned and the offers drawn on, for what made each firm eligible (kept in its explanation). */
  demand?: OrderDemand;
  offersByListing?: Map<string, CapacityOffer>;
}

/** Yuan to the fen, half up, from a cost in (possibly fractional) fen. */
export const fractionalFenToYuan = (fen: number): string => new Decimal(fen).dividedBy(100).toFixed(2);

/**
 * Writes and withdraws proposals: an engine plan becomes proposal rows with their days, the order's participants
 * and events; a newer plan supersedes the open ones. The order itself moves only through `OrdersService`.
 */
@Injectable()
export class ProposalWriter {
  constructor(
    private readonly orders: OrdersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Proposals go out only for a complete plan (half an order booked helps nobody); then the order is PLANNED.
   * `detail` goes into the order's history with the move.
   */
  async proposeIfComplete(
    tx: Tx,
    order: OrderEntity,
    stages: OrderStageEntity[],
    outcome: QuoteOutcome,
    origin: string,
  ): Promise<ProposalEntity[]> {
    if (!outcome.plan.feasible) return [];
    const written = await this.write(
      tx,
      {
        order,
        stageIdBySeq: new Map(stages.map((stage) => [stage.seq, stage.id])),
        parkByFirm: new Map(outcome.candidates.offers.map((offer) => [offer.firmId, offer.parkId])),
        origin,
        demand: outcome.demand,
        offersByListing: new Map(outcome.candidates.offers.map((offer) => [offer.listingId, offer])),
      },
      outcome.plan.assignments,
    );
    await this.orders.planMade(tx, order, { proposals: written.length, origin });
    return written;
  }

  async write(tx: Tx, context: ProposalContext, assignments: Assignment[]): Promise<ProposalEntity[]> {
    if (!assignments.length) return [];
    const expiresAt = new Date(Date.now() + this.config.proposalResponseHours * 3_600_000);
    const rows = assignments.map((assignment) =>
      tx.manager.create(ProposalEntity, {
        orderId: context.order.id,
        stageId: context.stageIdBySeq.get(assignment.stageSeq) as string,
        stageSeq: assignment.stageSeq,
        parkId: context.parkByFirm.get(assignment.firmId) as string,
        buyerOrgId: context.order.buyerOrgId,
        firmId: assignment.firmId,
        listingId: assignment.listingId,
        processCode: assignment.processCode,
        units: assignment.units,
        unitPrice: fenToYuan(assignment.unitPriceFen),
        cost: fenToYuan(assignment.costFen),
        firstDay: assignment.firstDay,
        lastDay: assignment.lastDay,
        status: ProposalStatus.PROPOSED,
        distanceKm: assignment.distanceKm == null ? null : new Decimal(assignment.distanceKm).toFixed(3),
        transportCost: fractionalFenToYuan(assignment.transportCostFen ?? 0),
        explanation: {
          ...assignment.explanation,
          qualifications: qualificationsOf(
            assignment,
            context.demand,
            context.offersByListing?.get(assignment.listingId),
          ),
        },
        origin: context.origin,
        expiresAt,
      }),
    );
    const saved = await tx.manager.save(rows);
    const slotIds = await this.slotIdsOf(tx, assignments, context.slotIds);
    const days = saved.flatMap((proposal, index) =>
      assignments[index].days.map((day) => {
        const slotId = slotIds.get(slotKey(proposal.listingId, day.date));
        if (!slotId) throw new Error(`No slot for listing ${proposal.listingId} on ${day.date}`);
        return { proposalId: proposal.id, date: day.date, slotId, units: day.units };
      }),
    );
    await tx.manager.insert(ProposalDayEntity, days);
    await this.orders.recordParticipants(
      tx,
      context.order.id,
      saved.map((proposal) => ({ firmId: proposal.firmId, parkId: proposal.parkId })),
    );
    for (const proposal of saved) {
      tx.publishAfterCommit(
        orderEvent(
          'PROPOSAL_MADE',
          context.order,
          { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
          {
            proposalId: proposal.id,
            stageSeq: proposal.stageSeq,
            units: proposal.units,
            expiresAt: proposal.expiresAt.toISOString(),
          },
          proposal.id,
        ),
      );
    }
    return saved;
  }

  /**
   * A newer plan replaces these open proposals of an order before their firms answered: each is SUPERSEDED and
   * its firm and park are told (`detail` joins each event's payload).
   */
  async supersede(
    tx: Tx,
    order: OrderEntity,
    proposals: ProposalEntity[],
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    if (!proposals.length) return;
    const decidedAt = new Date();
    await tx.manager.update(
      ProposalEntity,
      { id: In(proposals.map((proposal) => proposal.id)) },
      { status: ProposalStatus.SUPERSEDED, decidedAt },
    );
    for (const proposal of proposals) {
      Object.assign(proposal, { status: ProposalStatus.SUPERSEDED, decidedAt });
      tx.publishAfterCommit(
        orderEvent(
          'PROPOSAL_SUPERSEDED',
          order,
          { parkIds: [proposal.parkId], firmIds: [proposal.firmId] },
          { proposalId: proposal.id, ...detail },
          proposal.id,
        ),
      );
    }
  }

  /** The slots the assignments draw on, in one query for those the caller did not already know. */
  private async slotIdsOf(
    tx: Tx,
    assignments: Assignment[],
    known?: Map<string, string>,
  ): Promise<Map<string, string>> {
    const slotIds = new Map(known ?? []);
    const missing = assignments.flatMap((assignment) =>
      assignment.days
        .filter((day) => !slotIds.has(slotKey(assignment.listingId, day.date)))
        .map((day) => ({ listingId: assignment.listingId, date: day.date })),
    );
    for (const slot of await slotIdsOf(tx.manager, missing)) slotIds.set(slotKey(slot.listingId, slot.date), slot.id);
    return slotIds;
  }
}
