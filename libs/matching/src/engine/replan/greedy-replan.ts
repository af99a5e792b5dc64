import type { CapacityOffer, OrderDemand } from '../types';
import { AllocationState } from './allocation-state';
import { dropSplitsBelowMinimum } from './min-order-repair';
import { OrderRouter } from './order-router';
import { buildReplanModel, resolveFairness } from './replan-model';
import { buildReplanResult } from './replan-result-builder';
import type { ReplanOptions, ReplanResult } from './replan-types';

/**
 * Baseline for comparison: orders by earliest due date, each filled in turn from the cheapest free capacity,
 * backward from its due date, never revisiting an earlier order. Same result shape as `replan`.
 */
export function greedyReplan(
  orders: OrderDemand[],
  offers: CapacityOffer[],
  options: ReplanOptions = {},
): ReplanResult {
  const fairness = resolveFairness(options.fairness);
  const model = buildReplanModel(orders, offers, fairness);
  const state = new AllocationState(model);
  const router = new OrderRouter(state);
  const due = (o: number) => model.orders[o].dueDate;
  const sequence = Array.from({ length: model.orderCount }, (_, o) => o).sort(
    (a, b) => due(a).localeCompare(due(b)) || a - b,
  );
  for (const o of sequence) router.route(o, { prices: null, preferLate: true });
  const unitsFilledBeforeMoqRepair = state.totalFilled();
  dropSplitsBelowMinimum(state);
  return buildReplanResult(
    state,
    { fairness, pricingRounds: 0 },
    { passes: 1, unitsFilledBeforeMoqRepair, stopped: false },
  );
}
