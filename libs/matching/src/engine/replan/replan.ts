import type { CapacityOffer, OrderDemand } from '../types';
import { AllocationState } from './allocation-state';
import { ConstrainedSingleStageFlow } from './constrained-single-stage-flow';
import { augmentOrders } from './augment-orders';
import { EjectionChains } from './ejection-chains';
import { improveCost } from './improve-cost';
import { dropOrderSplitsBelowMinimum, dropSplitsBelowMinimum } from './min-order-repair';
import { OrderRouter, type RouteSettings } from './order-router';
import { buildReplanModel, resolveFairness, type ReplanModel } from './replan-model';
import { buildReplanResult } from './replan-result-builder';
import type { ReplanOptions, ReplanPhase, ReplanResult, ResolvedReplanOptions } from './replan-types';
import { SingleStageFlow } from './single-stage-flow';

/** Most routing passes; on big parks fewer run, see PASS_WORK_BUDGET. */
const DEFAULT_PRICING_ROUNDS = 12;
/**
 * Eligible (order stage, listing) pairs all default passes may route over together: one pass over a park with
 * 17 M pairs (8,000 firms × 5,000 orders) takes about ten seconds, so such a park gets two passes, a 1,000-firm
 * park all twelve. Counted in pairs, not seconds, so that the same input always gives the same plan.
 */
const PASS_WORK_BUDGET = 36_000_000;
/**
 * A pair of a stage with buyer constraints counts this many times: its eligible list is scanned day by day instead
 * of the process-wide index of open cells (measured at 8,000 × 5,000 with constraints: 2.2 M pairs, 1.8 s a pass),
 * and the model takes longer to build, so such a park gets five passes rather than twelve.
 */
const CONSTRAINED_PAIR_WEIGHT = 3;
/**
 * Ejection chains and the cost search run where the park's size leaves room for at least this many passes. At
 * 8,000 × 5,000 (room for two) they were measured at about 1% more units for 20 s and 0.003% less cost for 2 s:
 * a second pass (+5% units) is the better use of the time.
 */
const PASSES_FOR_LOCAL_SEARCH = 3;
/** Cells the single-stage swap search may look at in all: about 1.4 s of CPU at 8,000 × 5,000 with constraints. */
const SWAP_WORK_BUDGET = 10_000_000;
/** Cells the cost improvement may look at in all. */
const COST_WORK_BUDGET = 400_000_000;
/** Times an order is routed again after splits below a minimum order quantity were taken off it. */
const ROUTE_ATTEMPTS = 5;
/** Rounds of re-routing after the minimum-order repair; each round only touches the orders that lost units. */
const REPAIR_ROUNDS = 3;
/** Passes without a gain of at least MIN_GAIN (share of units filled) after which pricing stops early. */
const PATIENCE = 6;
const MIN_GAIN = 1e-4;
/** Cell visits all chain searches of one re-plan may spend, about 2–3 s; past it the remaining searches give up. */
const CHAIN_WORK_BUDGET = 150_000_000;
/** How much an order left fully short moves up the routing queue per pass: its flexibility counts this much less. */
const SQUEAK_WEIGHT = 1;
/** Single-stage augmenting ends once this many searches in a row added under this share of the units demanded. */
const AUGMENT_PATIENCE_SEARCHES = 50;
const AUGMENT_MIN_GAIN_SHARE = 1e-3;

/**
 * Re-plans all open orders of a park against all free capacity: most units on time first, then least cost, under
 * the fairness lever.
 *
 * 1. Route every order (least flexible first) along its cheapest paths through stages and days, paying the list
 *    price plus a congestion price per listing-day; take off its splits below minimum order quantities, ban
 *    them and route it again, before the next order.
 *    After each pass, listing-days that orders still wanted but found full get dearer, listing-days left idle get
 *    cheaper (a subgradient step on the capacity constraints), and orders left short move up the queue
 *    ("squeaky wheel"), so the next pass steers flexible orders away from capacity that others cannot do
 *    without. Keep the best pass; stop when passes no longer gain. Big parks get fewer passes (PASS_WORK_BUDGET).
 * 2. Fill what is still open with ejection chains (augmenting paths that move other orders' units within their
 *    own slack); for single-stage orders this is exact max flow.
 * 3. Drop splits below a firm's minimum order quantity, ban them and re-route the orders hit.
 * 4. Move units to cheaper listings where room allows.
 *
 * When every order has a single stage the re-plan is a transportation problem and a maximum flow solves it
 * (`SingleStageFlow`), minimum order quantities kept throughout.
 */
export function replan(orders: OrderDemand[], offers: CapacityOffer[], options: ReplanOptions = {}): ReplanResult {
  const fairness = resolveFairness(options.fairness);
  const progress = options.onProgress ?? (() => undefined);
  const shouldStop = options.shouldStop ?? (() => false);
  let stopped = false;
  const stop = () => (stopped ||= shouldStop());

  progress(0, 'prepare');
  const model = buildReplanModel(orders, offers, fairness);
  // Share of the full effort the park's size allows: 1 up to 3 M eligible pairs, 1/6 at 8,000 × 5,000.
  let pairWork = 0;
  for (let k = 0; k < model.stageCount; k++) {
    const pairs = model.eligibleStart[k + 1] - model.eligibleStart[k];
    pairWork += model.stageConstrained[k] ? CONSTRAINED_PAIR_WEIGHT * pairs : pairs;
  }
  const effort = Math.min(1, PASS_WORK_BUDGET / (DEFAULT_PRICING_ROUNDS * Math.max(1, pairWork)));
  const pricingRounds = Math.max(1, Math.floor(options.pricingRounds ?? DEFAULT_PRICING_ROUNDS * effort));
  if (model.maxStages === 1) return replanSingleStage(model, { fairness, pricingRounds }, progress, stop);
  const urgency = new Float64Array(model.orderCount);
  let sequence = routingSequence(model, urgency);
  let bestSequence = sequence;
  const prices = new Float64Array(model.free.length);
  const settings: RouteSettings = { prices, preferLate: false };

  let best: AllocationState | null = null;
  let bestPrices = prices.slice();
  let passes = 0;
  let sinceBest = 0;
  for (let round = 0; round < pricingRounds && sinceBest < PATIENCE; round++) {
    const state = new AllocationState(model);
    const router = new OrderRouter(state);
    for (let i = 0; i < sequence.length; i++) {
      if ((i & 255) === 0 && stop()) break;
      routeKeepingMinimums(state, router, sequence[i], settings);
    }
    repairMinimums(state, router, null, sequence, settings, stop);
    passes++;
    // A pass cut short is still a valid plan, so it may stand as the best.
    const gained = best === null || state.totalFilled() > best.totalFilled() * (1 + MIN_GAIN);
    sinceBest = gained ? 0 : sinceBest + 1;
    if (best === null || isBetter(state, best)) {
      best = state;
      bestPrices = prices.slice();
      bestSequence = sequence;
    }
    progress((0.6 * (round + 1)) / pricingRounds, 'route');
    if (stopped) break;
    if (round + 1 < pricingRounds) {
      updatePrices(model, state, router, prices, settings, round);
      // Squeaky wheel: orders left short move up the queue next pass.
      for (let o = 0; o < model.orderCount; o++) {
        if (model.demand[o] > 0) urgency[o] += SQUEAK_WEIGHT * (1 - state.filled[o] / model.demand[o]);
      }
      sequence = routingSequence(model, urgency);
    }
  }
  sequence = bestSequence;

  const state = best!;
  const router = new OrderRouter(state);
  const bestSettings: RouteSettings = { prices: bestPrices, preferLate: false };
  // One chain searcher for both steps: what it learnt dead stays dead, except cells the repair frees.
  const chains = new EjectionChains(state, CHAIN_WORK_BUDGET);
  const roomForLocalSearch = DEFAULT_PRICING_ROUNDS * effort >= PASSES_FOR_LOCAL_SEARCH;
  if (!stopped && roomForLocalSearch) augmentOrders(state, router, chains, sequence, bestSettings, stop);
  progress(0.8, 'augment');
  const unitsFilledBeforeMoqRepair = state.totalFilled();
  repairMinimums(state, router, chains, sequence, bestSettings, stop);
  progress(0.9, 'repair');

  if (!stopped && roomForLocalSearch) improveCost(state, COST_WORK_BUDGET, stop);
  progress(0.95, 'improve-cost');
  const result = buildReplanResult(state, { fairness, pricingRounds }, { passes, unitsFilledBeforeMoqRepair, stopped });
  progress(1, 'report');
  return result;
}

function replanSingleStage(
  model: ReplanModel,
  options: ResolvedReplanOptions,
  progress: (fraction: number, phase: ReplanPhase) => void,
  stop: () => boolean,
): ReplanResult {
  const constrained = model.stageConstrained.some((flag) => flag === 1);
  const flow = constrained ? new ConstrainedSingleStageFlow(model) : new SingleStageFlow(model, true);
  if (flow.fill(stop)) {
    progress(0.4, 'route');
    const demanded = model.demand.reduce((sum, units) => sum + units, 0);
    flow.augment(stop, { searches: AUGMENT_PATIENCE_SEARCHES, minGain: AUGMENT_MIN_GAIN_SHARE * demanded });
  }
  progress(0.8, 'augment');
  const unitsFilledBeforeMoqRepair = flow.totalFilled();
  flow.dropSplitsBelowMinimum();
  if (flow instanceof ConstrainedSingleStageFlow && !stop()) flow.improveCost(SWAP_WORK_BUDGET, stop);
  progress(0.9, 'repair');
  // Every order took the cheapest cells it could; moving units to cheaper cells with room gains next to nothing
  // once the flow is maximal in a busy season (measured: under 0.001% of cost at 8,000 × 5,000), so it is left out.
  const state = flow.toAllocationState();
  // With transport the cheapest cell depends on the order and augmenting paths ignore cost, so a cost search pays.
  if (constrained && !stop()) improveCost(state, COST_WORK_BUDGET, stop);
  const result = buildReplanResult(state, options, { passes: 1, unitsFilledBeforeMoqRepair, stopped: stop() });
  progress(1, 'report');
  return result;
}

/**
 * Drops splits below a minimum order quantity (banning them) and gives the orders hit another go, a few rounds;
 * the last drop guarantees a valid plan.
 */
function repairMinimums(
  state: AllocationState,
  router: OrderRouter,
  chains: EjectionChains | null,
  sequence: readonly number[],
  settings: RouteSettings,
  stop: () => boolean,
): void {
  for (let round = 0; round < REPAIR_ROUNDS && !stop(); round++) {
    const touched = dropSplitsBelowMinimum(state);
    if (touched.size === 0) return;
    const again = sequence.filter((o) => touched.has(o));
    for (const o of again) routeKeepingMinimums(state, router, o, settings);
    if (chains) augmentOrders(state, router, chains, again, settings, stop);
  }
  dropSplitsBelowMinimum(state);
}

/**
 * Routes one order, then takes off its splits below a minimum order quantity (banning them) and routes it again,
 * a few times: the capacity it gave back is still free for it, and the next orders see a valid plan.
 */
function routeKeepingMinimums(
  state: AllocationState,
  router: OrderRouter,
  order: number,
  settings: RouteSettings,
): void {
  for (let attempt = 0; attempt < ROUTE_ATTEMPTS; attempt++) {
    router.route(order, settings);
    if (!dropOrderSplitsBelowMinimum(state, router.openCells, order)) return;
  }
}

/**
 * Least flexible first: an order's flexibility is that of its tightest stage (eligible listings times days in
 * its window), so orders that can go elsewhere leave the scarce cells to those that cannot; orders left short in
 * earlier passes count as less flexible. Then id.
 */
function routingSequence(model: ReplanModel, urgency: Float64Array): number[] {
  const key = new Float64Array(model.orderCount);
  for (let o = 0; o < model.orderCount; o++) {
    let tightest = Infinity;
    for (let k = model.stageStart[o]; k < model.stageStart[o + 1]; k++) {
      const days = Math.max(0, model.stageLastDay[k] - model.stageFirstDay[k] + 1);
      tightest = Math.min(tightest, (model.eligibleStart[k + 1] - model.eligibleStart[k]) * days);
    }
    key[o] = tightest / (1 + urgency[o]);
  }
  return Array.from({ length: model.orderCount }, (_, o) => o).sort((a, b) => key[a] - key[b] || a - b);
}

function isBetter(candidate: AllocationState, incumbent: AllocationState): boolean {
  const filled = candidate.totalFilled() - incumbent.totalFilled();
  return filled > 0 || (filled === 0 && candidate.totalEffectiveCost() < incumbent.totalEffectiveCost());
}

/**
 * Subgradient step on the listing-day capacity constraints. The "demand" of a cell is the open units of every
 * order whose cheapest path ignoring capacity runs through it while it is full; its price rises with that demand
 * relative to its size, scaled to the listing's own cost so prices compare with price differences. Cells with
 * room left lose half their price: an idle cell should not repel anyone.
 */
function updatePrices(
  model: ReplanModel,
  state: AllocationState,
  router: OrderRouter,
  prices: Float64Array,
  settings: RouteSettings,
  round: number,
): void {
  const wanted = new Float64Array(prices.length);
  for (let o = 0; o < model.orderCount; o++) {
    const open = model.demand[o] - state.filled[o];
    if (open <= 0 || router.cheapestPath(o, settings, 'ignore') === Infinity) continue;
    const stages = model.stageStart[o + 1] - model.stageStart[o];
    for (let s = 0; s < stages; s++) {
      const cell = router.pathCells[s];
      if (state.residual[cell] <= 0) wanted[cell] += open;
    }
  }
  const step = 1 / (1 + round);
  for (let cell = 0; cell < prices.length; cell++) {
    if (model.free[cell] <= 0) continue;
    if (wanted[cell] > 0) {
      const listing = Math.floor(cell / model.dayCount);
      const cost = Math.max(1, model.effectiveCost[listing]);
      prices[cell] += step * cost * Math.min(1, wanted[cell] / model.free[cell]);
    } else if (state.residual[cell] > 0) {
      prices[cell] *= 0.5;
    }
  }
}
