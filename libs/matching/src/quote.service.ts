import { Injectable } from '@nestjs/common';
import { addDays, metrics, Tx } from '@vg/core';
import { assertOrderSpan, OrderEntity, OrderStageEntity, PostOrderInput } from '@vg/orders';
import { QualifiedPlan, qualifiedPlan } from './assignment-qualifications';
import { CandidateLoader, CandidateQuery, LoadedCandidates, yuanToFen } from './candidate-loader';
import { BuyerConstraints, OrderDemand, Plan, quote, TransportTerms } from './engine';
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

/** The order's fields the engines read: what it is, when, and the buyer's constraints. */
export type DemandOrder = Pick<
  OrderEntity,
  'id' | 'quantity' | 'earliestStart' | 'dueDate' | 'preferredParkId' | 'preferredGroupId'
> &
  Partial<
    Pick<
      OrderEntity,
      'deliveryLatitude' | 'deliveryLongitude' | 'maxDistanceKm' | 'minRating' | 'excludedFirmIds' | 'preferredFirmIds'
    >
  >;

export type DemandStage = Pick<OrderStageEntity, 'seq' | 'processCode' | 'leadDays' | 'maxUnitPrice'> &
  Partial<Pick<OrderStageEntity, 'requiredCertifications'>>;

/**
 * An order as the engines see it. `transport` is the costing of the park whose plan it is (a quote: the preferred
 * park's, see `QuoteService.quote`).
 */
export function toDemand(order: DemandOrder, stages: DemandStage[], transport?: TransportTerms | null): OrderDemand {
  const hasLocation = order.deliveryLatitude != null && order.deliveryLongitude != null;
  return {
    orderId: order.id,
    quantity: order.quantity,
    route: stages.map((stage) => ({
      seq: stage.seq,
      processCode: stage.processCode,
      leadDays: stage.leadDays,
      maxUnitPriceFen: yuanToFen(stage.maxUnitPrice),
      requiredCertifications: stage.requiredCertifications ?? [],
    })),
    earliestStart: order.earliestStart,
    dueDate: order.dueDate,
    preferredParkId: order.preferredParkId,
    preferredGroupId: order.preferredGroupId,
    deliveryLocation: hasLocation
      ? { lat: Number(order.deliveryLatitude), lng: Number(order.deliveryLongitude) }
      : null,
    maxDistanceKm: order.maxDistanceKm == null ? null : Number(order.maxDistanceKm),
    minRating: order.minRating == null ? null : Number(order.minRating),
    excludedFirmIds: order.excludedFirmIds ?? [],
    preferredFirmIds: order.preferredFirmIds ?? [],
    // Without a delivery location nothing can be costed for moving: the engines then keep their plain path.
    ...(transport !== undefined ? { transport: hasLocation ? transport : null } : {}),
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
   *
   * Transport is costed at the preferred park's rate (the default rate when the order names no park) unless the
   * demand already carries its terms. An order with constraints gets its candidates' sites, certifications and
   * ratings read fresh (the snapshot keeps capacity only).
   */
  async quote(demand: OrderDemand, tx?: Tx, scope: QuoteScope = {}): Promise<QuoteOutcome> {
    const timer = metrics.quoteDuration.startTimer();
    return this.quoteUntimed(demand, tx, scope).finally(() => timer());
  }

  private async quoteUntimed(demandAsked: OrderDemand, tx: Tx | undefined, scope: QuoteScope): Promise<QuoteOutcome> {
    const demand =
      demandAsked.transport === undefined
        ? {
            ...demandAsked,
            transport: demandAsked.deliveryLocation
              ? await this.candidates.transportOf(demandAsked.preferredParkId ?? null, tx)
              : null,
          }
        : demandAsked;
    const constrained = new BuyerConstraints(demand).active;
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
      const fromMemory = await fromSnapshot?.load(query);
      if (!fromMemory) return this.candidates.load(query, tx);
      return constrained ? this.candidates.qualify(fromMemory, tx) : fromMemory;
    };
    const byDueDate = await window(demand.earliestStart, demand.dueDate);
    const planned = this.plan(demand, byDueDate);
    if (planned.plan.feasible) return planned;
    const lookAhead = await window(addDays(demand.dueDate, 1), addDays(demand.dueDate, QUOTE_LOOKAHEAD_DAYS));
    return this.plan(demand, CandidateLoader.merge(byDueDate, lookAhead));
  }

  /** An instant quote for an order not posted (nothing is stored). */
  async preview(input: PostOrderInput): Promise<QualifiedPlan> {
    assertOrderSpan(input);
    const demand = toDemand(
      {
        id: 'preview',
        quantity: input.quantity,
        earliestStart: input.earliestStart,
        dueDate: input.dueDate,
        preferredParkId: input.preferredParkId ?? null,
        preferredGroupId: input.preferredGroupId ?? null,
        deliveryLatitude: input.deliveryLocation?.latitude ?? null,
        deliveryLongitude: input.deliveryLocation?.longitude ?? null,
        maxDistanceKm: await this.candidates.radiusOf(input),
        minRating: input.minRating ?? null,
        excludedFirmIds: input.excludedFirmIds ?? [],
        preferredFirmIds: input.preferredFirmIds ?? [],
      },
      input.route.map((stage, index) => ({ ...stage, seq: index + 1 })),
    );
    return qualifiedPlan(await this.quote(demand));
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
