import {
  buildReplanModel,
  resolveFairness,
  singleStageMaximumFill,
  type CapacityOffer,
  type OrderDemand,
  type ReplanFairness,
} from '@vg/matching';
import { toIsoDate } from '../../tests/fixtures/iso-days';

export interface ProcessBound {
  /** Upper bound on the units any plan (and the LP relaxation) fills on time. */
  filledUnits: number;
  /** The process whose cut gave the bound. */
  processCode: string;
}

/**
 * An upper bound on the LP optimum's fill of a multi-stage instance where the LP itself is out of reach. Any plan
 * that fills f_o units of order o also does, at each order's stage on process p, f_o units inside that stage's
 * window on listings of p: a single-stage plan. So for every process p, the units filled are at most the maximum
 * flow of those single-stage stages (computed exactly, minimum order quantities relaxed as in the LP) plus the
 * demand of the orders that never use p. The bound is the least of these over the processes. Each stage keeps
 * its order's buyer constraints (distance, rating, its certifications, exclusions), so the cut applies the
 * engine's eligibility.
 */
export function processBound(
  orders: OrderDemand[],
  offers: CapacityOffer[],
  fairness: Partial<ReplanFairness> = {},
): ProcessBound {
  const resolved = resolveFairness(fairness);
  // The stage windows, computed once as the engines do: the model of the whole instance.
  const model = buildReplanModel(orders, offers, resolved);
  const processes = [...new Set(orders.flatMap((order) => order.route.map((stage) => stage.processCode)))].sort();
  let best: ProcessBound = { filledUnits: Infinity, processCode: '' };
  for (const processCode of processes) {
    const stages: OrderDemand[] = [];
    let elsewhere = 0;
    for (let o = 0; o < model.orderCount; o++) {
      const order = model.orders[o];
      let k = model.stageStart[o];
      while (k < model.stageStart[o + 1] && model.stageProcessCode[k] !== processCode) k++;
      if (k === model.stageStart[o + 1]) {
        elsewhere += model.demand[o];
        continue;
      }
      // An order with the process twice counts once: either stage alone bounds its fill.
      if (model.stageFirstDay[k] > model.stageLastDay[k]) continue;
      // The stage keeps its buyer constraints; its window is the stage's, so certifications are checked alike.
      stages.push({
        ...order,
        quantity: model.demand[o],
        route: [
          {
            seq: 1,
            processCode,
            leadDays: 0,
            maxUnitPriceFen: model.stageCeiling[k],
            requiredCertifications: model.stageDefinition[k].requiredCertifications ?? [],
          },
        ],
        earliestStart: toIsoDate(model.dayBase + model.stageFirstDay[k]),
        dueDate: toIsoDate(model.dayBase + model.stageLastDay[k]),
      });
    }
    const listings = offers.filter((offer) => offer.processCode === processCode);
    const flow = stages.length ? singleStageMaximumFill(buildReplanModel(stages, listings, resolved)) : 0;
    if (flow + elsewhere < best.filledUnits) best = { filledUnits: flow + elsewhere, processCode };
  }
  return best.filledUnits === Infinity ? { filledUnits: 0, processCode: '' } : best;
}
