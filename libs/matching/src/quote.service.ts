import { Injectable } from '@nestjs/common';
import { addDays, metrics, Tx } from '@vg/core';
import { assertOrderSpan, OrderEntity, OrderStageEntity, PostOrderInput } from '@vg/orders';
import { CandidateLoader, CandidateQuery, LoadedCandidates, yuanToFen } from './candidate-loader';
import { OrderDemand, Plan, quote } from './engine';
import { FreeCapacitySnapshot } from './free-capacity-snapshot';

/** How far past the due date free capacity is read, to tell the buyer the earliest date that would work. */
export const QUOTE_LOOKAHEAD_DAYS = 45;
/** Larger than the sum of the other default weights (1.0 with sameGroup at 0.1). */
const GROUP_FIRST_WEIGHT = 5;

export interface QuoteOutcome {
  demand: OrderDemand;
  plan: Plan;
  candidates: LoadedCandidates;
  /** True when the order's virtual group alone could make it. */
  withinGroup: boolean;
}

export function toDemand(
  order: Pick<OrderEntity, 'id' | 'quantity' | 'earliestStart' | 'dueDate' | 'preferredParkId' | 'preferredGroupId'>,
  stages: Pick<OrderStageEntity, 'seq' | 'processCode' | 'leadDays' | 'maxUnitPrice'>[],
): OrderDemand {
  return {
    orderId: order.id,
    quantity: order.quantity,
    route: stages.map((stage) => ({
      seq: stage.seq,
      processCode: stage.processCode,
      leadDays: stage.leadDays,
      maxUnitPriceFen: yuanToFen(stage.maxUnitPrice),
    })),
    earliestStart: order.earliestStart,
    dueDate: order.dueDate,
    preferredParkId: order.preferredParkId,
    preferredGroupId: order.preferredGroupId,
  };
}

export interface QuoteScope {
  exceptOrderId?: string;
  excludedListingIds?: string[];
  /**
   * Read candidates from the replica's snapshot even inside `tx`: right when the transaction has changed no
   * capacity and no proposal yet (posting an order), wrong after it has (a re-quote that just released holds).
   * Outside a transaction the snapshot is always used.
   */
  committedCapacity?: boolean;
}

@Injectable()
export class QuoteService {
  constructor(
    private readonly candidates: CandidateLoader,
    private readonly snapshot?: FreeCapacitySnapshot,
  ) {}

  /**
   * Quotes one order on today's free capacity. An order posted to a virtual group is planned inside the group
   * first; only when the group cannot make all of it is the rest of the cluster drawn in (group members still
   * score higher there).
   *
   * Capacity is read up to the due date first: a plan that fits never uses a day after it, so that is all most
   * quotes read. Only when the order does not fit are the look-ahead days added, for the shortfall and the earliest
   * due date that would work (the engine sees the same offers either way).
   */
  async quote(demand: OrderDemand, tx?: Tx, scope: QuoteScope = {}): Promise<QuoteOutcome> {
    const timer = metrics.quoteDuration.startTimer();
    return this.quoteUntimed(demand, tx, scope).finally(() => timer());
  }

  private async quoteUntimed(demand: OrderDemand, tx: Tx | undefined, scope: QuoteScope): Promise<QuoteOutcome> {
    const priceCeilingsFen: Record<string, number[]> = {};
    for (const stage of demand.route) {
      priceCeilingsFen[stage.processCode] = [...(priceCeilingsFen[stage.processCode] ?? []), stage.maxUnitPriceFen];
    }
    const fromSnapshot = this.snapshot && (!tx || scope.committedCapacity) ? this.snapshot : null;
    const window = async (from: string, to: string) => {
      const query: CandidateQuery = {
        processCodes: Object.keys(priceCeilingsFen),
        from,
        to,
        priceCeilingsFen,
        exceptOrderId: scope.exceptOrderId,
        excludedListingIds: scope.excludedListingIds,
      };
      return (await fromSnapshot?.load(query)) ?? this.candidates.load(query, tx);
    };
    const byDueDate = await window(demand.earliestStart, demand.dueDate);
    const planned = this.plan(demand, byDueDate);
    if (planned.plan.feasible) return planned;
    const lookAhead = await window(addDays(demand.dueDate, 1), addDays(demand.dueDate, QUOTE_LOOKAHEAD_DAYS));
    return this.plan(demand, CandidateLoader.merge(byDueDate, lookAhead));
  }

  /** An instant quote for an order not posted (nothing is stored). */
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
    return (await this.quote(demand)).plan;
  }

  private plan(demand: OrderDemand, candidates: LoadedCandidates): QuoteOutcome {
    if (demand.preferredGroupId) {
      const groupOffers = candidates.offers.filter((offer) =>
        offer.groupIds.includes(demand.preferredGroupId as string),
      );
      const insideGroup = quote(demand, groupOffers);
      if (insideGroup.feasible) return { demand, plan: insideGroup, candidates, withinGroup: true };
    }
    // Outside the group, members still come first: their group part outweighs every other part together.
    const weights = demand.preferredGroupId ? { sameGroup: GROUP_FIRST_WEIGHT } : undefined;
    return { demand, plan: quote(demand, candidates.offers, { weights }), candidates, withinGroup: false };
  }
}
