import { bindingConstraint, type NearMissRoom } from '../binding-constraint';
import { transportCostFen } from '../eligibility';
import { qualificationsNote } from '../explain-constraints';
import { DEFAULT_SCORE_WEIGHTS, DEFAULT_UNRATED_RECORD, scoreOffer } from '../score';
import type { Assignment, DailyUnits, Plan, ScoreExplanation, Shortfall } from '../types';
import type { AllocationState } from './allocation-state';
import { dayNumberToIso } from './day-number';
import { nearMissesOf, type ReplanModel } from './replan-model';
import type { FirmUtilisation, ReplanResult, ReplanStats, ResolvedReplanOptions } from './replan-types';

/** Weight of the fairness part in the total when the lever favours some classes; the rest is the quote's score. */
const FAIRNESS_WEIGHT = 0.1;

const yuan = (fen: number) => (fen / 100).toFixed(2);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function buildReplanResult(
  state: AllocationState,
  options: ResolvedReplanOptions,
  stats: ReplanStats,
): ReplanResult {
  const { model } = state;
  const roomPrefix = residualRoomPrefix(state);
  const plans = model.orders.map((_, o) => buildPlan(state, o, roomPrefix));
  let unitsDemanded = 0;
  let costFen = 0;
  let transportFen = 0;
  let ordersFull = 0;
  let ordersEmpty = 0;
  for (let o = 0; o < model.orderCount; o++) {
    unitsDemanded += model.demand[o];
    for (const assignment of plans[o].assignments) {
      costFen += assignment.costFen;
      transportFen += assignment.transportCostFen ?? 0;
    }
    if (plans[o].unitsPlanned === 0) ordersEmpty++;
    else if (plans[o].unitsPlanned >= model.demand[o]) ordersFull++;
  }
  return {
    plans,
    totals: {
      unitsDemanded,
      unitsFilled: state.totalFilled(),
      costFen,
      transportCostFen: transportFen,
      ordersFull,
      ordersPartial: model.orderCount - ordersFull - ordersEmpty,
      ordersEmpty,
    },
    firms: firmUtilisation(state),
    options,
    stats,
  };
}

function buildPlan(state: AllocationState, o: number, roomPrefix: Float64Array): Plan {
  const { model } = state;
  const order = model.orders[o];
  const k0 = model.stageStart[o];
  const T = model.dayCount;
  // units per stage → listing → day
  const byStage = new Map<number, Map<number, Map<number, number>>>();
  for (const b of state.orderBundles[o]) {
    for (let s = 0; s < model.stageStart[o + 1] - k0; s++) {
      const cell = state.bundleCell[b * state.stride + s];
      const listing = Math.floor(cell / T);
      const listings = byStage.get(s) ?? new Map<number, Map<number, number>>();
      const days = listings.get(listing) ?? new Map<number, number>();
      days.set(cell % T, (days.get(cell % T) ?? 0) + state.bundleUnits[b]);
      listings.set(listing, days);
      byStage.set(s, listings);
    }
  }
  const lastStage = model.stageStart[o + 1] - k0 - 1;
  let completionDay = -1;
  for (const days of byStage.get(lastStage)?.values() ?? []) {
    for (const t of days.keys()) completionDay = Math.max(completionDay, t);
  }
  const assignments: Assignment[] = [];
  for (const [s, listings] of [...byStage].sort((a, b) => a[0] - b[0])) {
    for (const [listing, dayUnits] of listings) {
      assignments.push(buildAssignment(model, o, s, listing, dayUnits, completionDay));
    }
  }
  assignments.sort(
    (a, b) => a.stageSeq - b.stageSeq || a.firstDay.localeCompare(b.firstDay) || compare(a.listingId, b.listingId),
  );
  const unitsPlanned = state.filled[o];
  return {
    orderId: order.orderId,
    feasible: unitsPlanned >= model.demand[o],
    assignments,
    totalCostFen: assignments.reduce((sum, a) => sum + a.costFen + (a.transportCostFen ?? 0), 0),
    completionDate: completionDay >= 0 ? dayNumberToIso(model.dayBase + completionDay) : null,
    unitsPlanned,
    shortfall: unitsPlanned < model.demand[o] ? shortfallOf(state, o, roomPrefix) : null,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildAssignment(
  model: ReplanModel,
  o: number,
  s: number,
  listing: number,
  dayUnits: Map<number, number>,
  completionDay: number,
): Assignment {
  const order = model.orders[o];
  const offer = model.offers[listing];
  const k = model.stageStart[o] + s;
  const days: DailyUnits[] = [...dayUnits]
    .sort((a, b) => a[0] - b[0])
    .map(([t, units]) => ({ date: dayNumberToIso(model.dayBase + t), units }));
  const units = days.reduce((sum, d) => sum + d.units, 0);
  const lastDay = Math.max(...dayUnits.keys());
  const constraints = model.orderConstraints[o];
  const distance = constraints === null ? null : constraints.distanceTo(offer);
  return {
    orderId: order.orderId,
    stageSeq: s + 1,
    processCode: offer.processCode,
    listingId: offer.listingId,
    firmId: offer.firmId,
    unitPriceFen: offer.unitPriceFen,
    units,
    costFen: units * offer.unitPriceFen,
    distanceKm: distance === null ? null : Math.round(distance * 1000) / 1000,
    transportCostFen: constraints === null ? 0 : transportCostFen(units, constraints.transportFenPerUnit(distance)),
    days,
    firstDay: days[0].date,
    lastDay: days[days.length - 1].date,
    explanation: explain(model, o, k, listing, lastDay, completionDay, units),
  };
}

const priceRanges = new WeakMap<ReplanModel, Map<number, [number, number]>>();

/** Cheapest and dearest price among a stage's eligible listings, once per stage. */
function priceRange(model: ReplanModel, k: number): [number, number] {
  const ranges = priceRanges.get(model) ?? new Map<number, [number, number]>();
  priceRanges.set(model, ranges);
  let range = ranges.get(k);
  if (!range) {
    range = [Infinity, -Infinity];
    for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
      range[0] = Math.min(range[0], model.price[model.eligible[i]]);
      range[1] = Math.max(range[1], model.price[model.eligible[i]]);
    }
    ranges.set(k, range);
  }
  return range;
}

/** The quote's score of the chosen offer, plus the fairness part, and why the re-plan put the units there. */
function explain(
  model: ReplanModel,
  o: number,
  k: number,
  listing: number,
  lastDay: number,
  completionDay: number,
  units: number,
): ScoreExplanation {
  const order = model.orders[o];
  const offer = model.offers[listing];
  const [stageMin, stageMax] = priceRange(model, k);
  const minPriceFen = Math.min(stageMin, offer.unitPriceFen);
  const maxPriceFen = Math.max(stageMax, offer.unitPriceFen);
  const score = scoreOffer(
    offer,
    {
      processCode: offer.processCode,
      maxUnitPriceFen: model.stageCeiling[k],
      minPriceFen,
      maxPriceFen,
      preferredParkId: order.preferredParkId ?? null,
      preferredGroupId: order.preferredGroupId ?? null,
      weights: DEFAULT_SCORE_WEIGHTS,
      unratedRecord: DEFAULT_UNRATED_RECORD,
    },
    model.stageLastDay[k] - lastDay,
    model.stageLastDay[k] - model.stageFirstDay[k],
  );
  const lever = model.fairness.preferClasses.length > 0 ? FAIRNESS_WEIGHT : 0;
  const fairness = model.preferredClass[listing];
  const reasons = [`${yuan(offer.unitPriceFen)} yuan/pc against a ceiling of ${yuan(model.stageCeiling[k])}`];
  if (fairness) {
    reasons.push(
      `class ${offer.evaluationClass} is favoured by the park (${yuan(model.fairness.preferClassBonusFenPerUnit)} yuan/pc bonus)`,
    );
  }
  const constraints = model.orderConstraints[o];
  if (constraints !== null) {
    const note = qualificationsNote(constraints, model.stageDefinition[k], offer, units);
    if (note) reasons.push(note);
  }
  const due = model.stageLastDay[model.stageStart[o + 1] - 1];
  if (completionDay >= 0) reasons.push(`the order completes ${due - completionDay} day(s) before its due date`);
  if (score.parts.samePark) reasons.push("in the buyer's preferred park");
  if (score.parts.sameGroup) reasons.push("member of the order's group");
  return {
    ...score.parts,
    total: round3((1 - lever) * score.total + lever * fairness),
    fairness,
    summary:
      `${offer.firmId} takes stage ${k - model.stageStart[o] + 1} (${offer.processCode}) in the park-wide re-plan ` +
      `(score ${score.total.toFixed(2)}): ${reasons.join('; ')}.`,
  };
}

/** Prefix sums of the capacity left per listing, so a shortfall can say where room ran out in O(listings). */
function residualRoomPrefix(state: AllocationState): Float64Array {
  const { listingCount, dayCount } = state.model;
  const prefix = new Float64Array(listingCount * (dayCount + 1));
  for (let l = 0; l < listingCount; l++) {
    for (let t = 0; t < dayCount; t++) {
      prefix[l * (dayCount + 1) + t + 1] =
        prefix[l * (dayCount + 1) + t] + Math.max(0, state.residual[l * dayCount + t]);
    }
  }
  return prefix;
}

function roomInWindow(state: AllocationState, k: number, first: number, last: number, prefix: Float64Array): number {
  const { model } = state;
  let room = 0;
  if (model.stageProcess[k] < 0 || first > last) return 0;
  // All listings within the ceiling and minimum, not just the eligible ones: the window may be the one in question.
  for (const l of model.processListings[model.stageProcess[k]]) {
    if (model.price[l] > model.stageCeiling[k] || model.minOrderQuantity[l] > model.demand[model.stageOrder[k]])
      continue;
    const base = l * (model.dayCount + 1);
    const inWindow = prefix[base + Math.min(last, model.dayCount - 1) + 1] - prefix[base + Math.max(0, first)];
    room += Math.max(0, Math.min(inWindow, state.listingLeft[l]));
  }
  return room;
}

function shortfallOf(state: AllocationState, o: number, prefix: Float64Array): Shortfall {
  const { model } = state;
  const order = model.orders[o];
  const k0 = model.stageStart[o];
  const missing = model.demand[o] - state.filled[o];
  if (model.stageStart[o + 1] === k0) {
    return {
      stageSeq: 0,
      processCode: '',
      reason: 'NO_CANDIDATE',
      unitsShort: missing,
      earliestFeasibleDueDate: null,
      message: `Order ${order.orderId} has no route.`,
    };
  }
  let stage = -1;
  for (let k = k0; k < model.stageStart[o + 1] && stage < 0; k++) if (model.stageBlock[k]) stage = k;
  let reason = stage >= 0 ? model.stageBlock[stage]! : 'CAPACITY';
  if (stage < 0) {
    // The stage with the least room left in its window is the one that ran out.
    let least = Infinity;
    for (let k = k0; k < model.stageStart[o + 1]; k++) {
      const room = roomInWindow(state, k, model.stageFirstDay[k], model.stageLastDay[k], prefix);
      if (room < least) {
        least = room;
        stage = k;
      }
    }
  }
  if (reason === 'CAPACITY' && model.stageFirstDay[stage] > model.stageLastDay[stage]) reason = 'DUE_DATE';
  const binding = bindingOf(state, o, stage, missing, prefix);
  if (binding !== null) {
    return {
      stageSeq: stage - k0 + 1,
      processCode: model.stageProcessCode[stage],
      reason: binding.reason,
      unitsShort: missing,
      earliestFeasibleDueDate: null,
      message: `Order ${order.orderId}, stage ${stage - k0 + 1}: ${binding.message}.`,
    };
  }
  const s = stage - k0;
  // Earliest due date at which every stage has at least the missing units of room left: a lower bound, since
  // it ignores how the stages hand over. Room only grows with the delay, so a binary search finds it.
  let earliestFeasibleDueDate: string | null = null;
  if (reason === 'CAPACITY' || reason === 'DUE_DATE') {
    const lastStageDay = model.stageLastDay[model.stageStart[o + 1] - 1];
    const enoughWith = (delay: number) => {
      for (let k = k0; k < model.stageStart[o + 1]; k++) {
        if (roomInWindow(state, k, model.stageFirstDay[k], model.stageLastDay[k] + delay, prefix) < missing)
          return false;
      }
      return true;
    };
    let lo = Math.max(1, -Math.min(0, ...stageSlack(model, o)));
    let hi = model.dayCount - 1 - lastStageDay;
    if (lo <= hi && enoughWith(hi)) {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (enoughWith(mid)) hi = mid;
        else lo = mid + 1;
      }
      earliestFeasibleDueDate = dayNumberToIso(model.dayBase + lastStageDay + lo);
    }
  }
  const messages: Record<string, string> = {
    NO_CANDIDATE: `no firm offers ${model.stageProcessCode[stage]}`,
    PRICE_CEILING: `every ${model.stageProcessCode[stage]} firm asks more than the ceiling of ${yuan(model.stageCeiling[stage])} yuan/pc`,
    MIN_ORDER_QUANTITY: `every ${model.stageProcessCode[stage]} firm within the ceiling needs a larger minimum order`,
    DUE_DATE: `the route does not fit between the earliest start and the due date`,
    DISTANCE: `no ${model.stageProcessCode[stage]} firm with room is within ${model.orderConstraints[o]?.maxDistanceKm ?? 0} km`,
    RATING: `no ${model.stageProcessCode[stage]} firm with room is rated ${model.orderConstraints[o]?.minRating ?? 0} or better`,
    CERTIFICATION: `no ${model.stageProcessCode[stage]} firm with room holds the required certifications over the stage`,
    EXCLUDED: `every ${model.stageProcessCode[stage]} firm with room is excluded by the buyer`,
    CAPACITY: `the park's free ${model.stageProcessCode[stage]} capacity before the due date is taken by other orders`,
  };
  return {
    stageSeq: s + 1,
    processCode: model.stageProcessCode[stage],
    reason,
    unitsShort: missing,
    earliestFeasibleDueDate,
    message:
      `${missing} of ${model.demand[o]} pcs of order ${order.orderId} are not planned: ${messages[reason]}` +
      (earliestFeasibleDueDate
        ? `; with a due date of ${earliestFeasibleDueDate} at the earliest there would be room.`
        : '.'),
  };
}

/**
 * The buyer constraint binding an order short at a constrained stage, from the room left at the firms that fail
 * only that constraint; null when the order set none or relaxing one would not help.
 */
function bindingOf(
  state: AllocationState,
  o: number,
  k: number,
  missing: number,
  prefix: Float64Array,
): ReturnType<typeof bindingConstraint> {
  const { model } = state;
  const constraints = model.orderConstraints[o];
  if (constraints === null || !model.stageConstrained[k]) return null;
  const first = Math.max(0, model.stageFirstDay[k]);
  const last = Math.min(model.stageLastDay[k], model.dayCount - 1);
  const roomOf = (l: number) => {
    if (first > last) return 0;
    const base = l * (model.dayCount + 1);
    return Math.max(0, Math.min(prefix[base + last + 1] - prefix[base + first], state.listingLeft[l]));
  };
  const nearMisses: NearMissRoom[] = nearMissesOf(model, k).map((miss) => ({
    reason: miss.reason,
    firmId: model.offers[miss.listing].firmId,
    distanceKm: miss.distanceKm,
    rating: model.offers[miss.listing].rating ?? null,
    room: roomOf(miss.listing),
  }));
  const firms = new Set<string>();
  for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
    firms.add(model.offers[model.eligible[i]].firmId);
  }
  const stage = model.stageDefinition[k];
  return bindingConstraint(
    constraints,
    model.stageProcessCode[k],
    stage.requiredCertifications ?? [],
    firms.size,
    missing,
    nearMisses,
  );
}

/** Days between each stage's first and last allowed day (negative when the route does not fit). */
function stageSlack(model: ReplanModel, o: number): number[] {
  const slack: number[] = [];
  for (let k = model.stageStart[o]; k < model.stageStart[o + 1]; k++) {
    slack.push(model.stageLastDay[k] - model.stageFirstDay[k]);
  }
  return slack;
}

function firmUtilisation(state: AllocationState): FirmUtilisation[] {
  const { model } = state;
  const firms = new Map<string, FirmUtilisation>();
  model.offers.forEach((offer, l) => {
    let assigned = 0;
    for (let t = 0; t < model.dayCount; t++) {
      assigned += model.free[l * model.dayCount + t] - state.residual[l * model.dayCount + t];
    }
    const firm = firms.get(offer.firmId) ?? {
      firmId: offer.firmId,
      evaluationClass: offer.evaluationClass ?? null,
      freeUnits: 0,
      assignedUnits: 0,
      share: 0,
      listings: [],
    };
    firm.freeUnits += model.freeTotal[l];
    firm.assignedUnits += assigned;
    firm.listings.push({
      listingId: offer.listingId,
      processCode: offer.processCode,
      freeUnits: model.freeTotal[l],
      assignedUnits: assigned,
    });
    firms.set(offer.firmId, firm);
  });
  const list = [...firms.values()].sort((a, b) => compare(a.firmId, b.firmId));
  for (const firm of list) firm.share = firm.freeUnits > 0 ? round3(firm.assignedUnits / firm.freeUnits) : 0;
  return list;
}
