import { Injectable, Logger } from '@nestjs/common';
import { toDayNumber, Tx } from '@vg/core';
import { OrderEntity, orderEvent, OrdersService } from '@vg/orders';
import { CandidateLoader, yuanToFen } from './candidate-loader';
import { BuyerConstraints, CapacityOffer, replaceShare, transportCostFen } from './engine';
import { ProposalDayEntity } from './proposal-day.entity';
import { ProposalWriter } from './proposal-writer';
import { ProposalEntity, ProposalStatus } from './proposal.entity';
import { QuoteService, toDemand } from './quote.service';

/** What became of an order after one of its proposals was lost. */
export type RequoteResult = 'replaced' | 'whole-order' | 'short';

const LIVE = [ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED, ProposalStatus.DELIVERED];
const LOST = [ProposalStatus.DECLINED, ProposalStatus.EXPIRED];

/** Sends the work of a declined or expired proposal back to matching, inside the caller's transaction. */
@Injectable()
export class RequoteService {
  private readonly logger = new Logger(RequoteService.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly candidates: CandidateLoader,
    private readonly writer: ProposalWriter,
    private readonly quotes: QuoteService,
  ) {}

  /**
   * A lost proposal is first replaced on exactly its own days by other firms, which keeps the flow between stages
   * valid. If that falls short and nothing of the order is booked yet, the whole order is quoted again; otherwise
   * the order goes back to OPEN with the shortfall recorded, for the park's re-plan. Firms that declined or let
   * lapse a proposal of this order are not asked again for it.
   */
  async requote(tx: Tx, order: OrderEntity, lost: ProposalEntity): Promise<RequoteResult> {
    // One statement at a time: a transaction is one connection, which runs one query at once.
    const stages = await this.orders.stagesOf(tx, order.id);
    const days = await tx.manager.find(ProposalDayEntity, {
      where: { proposalId: lost.id },
      order: { date: 'ASC' },
    });
    const others = await tx.manager.find(ProposalEntity, { where: { orderId: order.id } });
    const siblings = others.filter((proposal) => LIVE.includes(proposal.status));
    const excluded = [
      ...new Set([
        lost.listingId,
        ...others.filter((proposal) => LOST.includes(proposal.status)).map((proposal) => proposal.listingId),
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
    // The buyer's constraints hold for a replacement too: the engine's own rule picks the eligible offers, on the
    // share's exact days, and each replacement is costed for transport like any other assignment.
    const demand = toDemand(order, stages, await this.candidates.transportOf(order.preferredParkId, tx));
    const constraints = new BuyerConstraints(demand);
    const routeStage = demand.route.find((candidate) => candidate.seq === lost.stageSeq);
    const shareDays = days.map((day) => toDayNumber(day.date));
    const eligible = loaded.offers.filter(
      (offer: CapacityOffer) =>
        !routeStage ||
        constraints.breaks(routeStage, offer, constraints.distanceTo(offer), () => shareDays, toDayNumber).length === 0,
    );
    const offersByListing = new Map(eligible.map((offer) => [offer.listingId, offer]));
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
      eligible,
    );
    for (const assignment of replacement.assignments) {
      const distance = constraints.distanceTo(offersByListing.get(assignment.listingId) as CapacityOffer);
      assignment.distanceKm = distance;
      assignment.transportCostFen = transportCostFen(assignment.units, constraints.transportFenPerUnit(distance));
    }
    if (replacement.unitsShort === 0) {
      const context = {
        order,
        stageIdBySeq: new Map(stages.map((candidate) => [candidate.seq, candidate.id])),
        parkByFirm: new Map(loaded.offers.map((offer) => [offer.firmId, offer.parkId])),
        origin: 'REQUOTE',
        demand,
        offersByListing,
      };
      await this.writer.write(tx, context, replacement.assignments);
      // The history entry keeps the name it was first stored under, so stored and new histories read alike.
      await this.orders.recordEvent(tx, order.id, 'SHARE_REPLACED', {
        lost: lost.id,
        by: replacement.assignments.length,
      });
      return 'replaced';
    }
    const anyBooked = siblings.some((proposal) => proposal.status !== ProposalStatus.PROPOSED);
    if (!anyBooked) {
      const open = siblings.filter((proposal) => proposal.status === ProposalStatus.PROPOSED);
      await this.writer.supersede(tx, order, open);
      const outcome = await this.quotes.quote(demand, tx, {
        exceptOrderId: order.id,
        excludedListingIds: excluded,
      });
      await this.orders.recordEvent(tx, order.id, 'ORDER_REQUOTED', {
        lost: lost.id,
        feasible: outcome.plan.feasible,
        excludedListings: excluded.length,
      });
      if (outcome.plan.feasible) {
        await this.writer.proposeIfComplete(tx, order, stages, outcome, 'REQUOTE');
        return 'whole-order';
      }
      await this.orders.planLost(tx, order, { shortfall: outcome.plan.shortfall });
      tx.publishAfterCommit(orderEvent('ORDER_SHORT', order, {}, { shortfall: outcome.plan.shortfall?.reason }));
      return 'whole-order';
    }
    await this.orders.planLost(tx, order, {
      stageSeq: lost.stageSeq,
      unitsShort: replacement.unitsShort,
    });
    tx.publishAfterCommit(
      orderEvent('ORDER_SHORT', order, {}, { stageSeq: lost.stageSeq, unitsShort: replacement.unitsShort }),
    );
    this.logger.log(`order ${order.id}: ${replacement.unitsShort} pcs of stage ${lost.stageSeq} left for re-planning`);
    return 'short';
  }
}
