import { toDayNumber, toIsoDate } from './calendar';
import {
  DEFAULT_UNRATED_RECORD,
  explainChoice,
  resolveWeights,
  scoreOffer,
  type OfferScore,
  type ScoreWeights,
  type StageScoring,
} from './score';
import { fillStage, type StageCandidate } from './stage-fill';
import type {
  Assignment,
  CapacityOffer,
  DailyUnits,
  OrderDemand,
  Plan,
  RouteStage,
  Shortfall,
  ShortfallReason,
} from './types';

export interface QuoteOptions {
  /** Overrides of `DEFAULT_SCORE_WEIGHTS`. */
  weights?: Partial<ScoreWeights>;
  /** Score in [0, 1] for a firm without on-time or quality record; `DEFAULT_UNRATED_RECORD` unless given. */
  unratedRecord?: number;
}

/** Re-runs allowed while shrinking a partial plan that minimum order quantities keep breaking. */
const PARTIAL_ATTEMPTS = 6;

/**
 * A plan for one order at order entry: every stage of the route from the best-scoring firms, in pipelined flow, by
 * the due date, within price ceilings and minimum order quantities; or, when that is impossible, the most pieces
 * that can pass the whole route by the due date plus the reason and the earliest due date that would work.
 *
 * Deterministic: offers are ranked by score, then unit price, then listingId, so input order never matters.
 */
export function quote(order: OrderDemand, offers: readonly CapacityOffer[], options: QuoteOptions = {}): Plan {
  const context = prepare(order, offers, options);
  const full = schedule(context, order.quantity, context.dueIndex);
  return full.ok ? toPlan(context, full, null) : toPartialPlan(context, full);
}

interface PreparedOffer {
  offer: CapacityOffer;
  index: number;
  /** Day indexes counted from the order's earliest start, ascending, repeated dates merged, zero days dropped. */
  days: Int32Array;
  free: Int32Array;
}

interface PreparedStage {
  stage: RouteStage;
  offerCount: number;
  cheapestOfferFen: number;
  /** Offers for the stage's process within its price ceiling, by listingId. */
  candidates: PreparedOffer[];
  /** Days the flow needs before this stage can start / after it must finish: Σ (leadDays + 1) up / downstream. */
  lagBefore: number;
  lagAfter: number;
  /** A later stage has the same process, so the two draw on the same listings. */
  sharesListingsLater: boolean;
}

interface QuoteContext {
  order: OrderDemand;
  stages: PreparedStage[];
  startDay: number;
  dueIndex: number;
  /** Last day index on which any candidate has free capacity (−1 if none). */
  horizon: number;
  weights: ScoreWeights;
  unratedRecord: number;
}

interface RankedCandidate extends StageCandidate {
  prepared: PreparedOffer;
  /** Position of `days[0]` within `prepared.days`. */
  offset: number;
  score: OfferScore;
}

interface StageSchedule {
  prepared: PreparedStage;
  scoring: StageScoring;
  ranked: RankedCandidate[];
  taken: Map<number, Int32Array>;
}

type ScheduleOutcome =
  | { ok: true; quantity: number; stages: StageSchedule[] }
  | { ok: false; stageIndex: number; unitsPossible: number; minOrderBlocked: boolean };

type FreeOf = (offer: PreparedOffer) => Int32Array;

function prepare(order: OrderDemand, offers: readonly CapacityOffer[], options: QuoteOptions): QuoteContext {
  if (!Number.isSafeInteger(order.quantity) || order.quantity <= 0) {
    throw new RangeError(`Order ${order.orderId}: quantity must be a positive integer, got ${order.quantity}`);
  }
  if (order.route.length === 0) throw new RangeError(`Order ${order.orderId}: the route has no stages`);
  const route = [...order.route].sort((a, b) => a.seq - b.seq);
  route.forEach((stage, i) => {
    if (i > 0 && stage.seq === route[i - 1].seq)
      throw new RangeError(`Order ${order.orderId}: stage ${stage.seq} twice`);
    if (!Number.isInteger(stage.leadDays) || stage.leadDays < 0) {
      throw new RangeError(`Order ${order.orderId}: stage ${stage.seq} leadDays must be an integer ≥ 0`);
    }
  });
  const unratedRecord = options.unratedRecord ?? DEFAULT_UNRATED_RECORD;
  if (!(unratedRecord >= 0 && unratedRecord <= 1)) throw new RangeError(`unratedRecord must be in [0, 1]`);

  const startDay = toDayNumber(order.earliestStart);
  const processes = new Set(route.map((stage) => stage.processCode));
  const listingIds = new Set<string>();
  for (const offer of offers) {
    if (listingIds.has(offer.listingId)) throw new RangeError(`Listing ${offer.listingId} is offered twice`);
    listingIds.add(offer.listingId);
  }
  const relevant = offers
    .filter((offer) => processes.has(offer.processCode))
    .sort((a, b) => compareIds(a.listingId, b.listingId))
    .map((offer, index) => prepareOffer(offer, index, startDay));

  let lagBefore = 0;
  let horizon = -1;
  const stages = route.map((stage, i): PreparedStage => {
    if (i > 0) lagBefore += stage.leadDays + 1;
    const sameProcess = relevant.filter((offer) => offer.offer.processCode === stage.processCode);
    const candidates = sameProcess.filter((offer) => offer.offer.unitPriceFen <= stage.maxUnitPriceFen);
    for (const candidate of candidates) horizon = Math.max(horizon, candidate.days.at(-1) ?? -1);
    return {
      stage,
      offerCount: sameProcess.length,
      cheapestOfferFen: Math.min(...sameProcess.map((offer) => offer.offer.unitPriceFen)),
      candidates,
      lagBefore,
      lagAfter: 0,
      sharesListingsLater: route.slice(i + 1).some((later) => later.processCode === stage.processCode),
    };
  });
  for (const prepared of stages) prepared.lagAfter = lagBefore - prepared.lagBefore;

  return {
    order,
    stages,
    startDay,
    dueIndex: toDayNumber(order.dueDate) - startDay,
    horizon,
    weights: resolveWeights(options.weights),
    unratedRecord,
  };
}

function prepareOffer(offer: CapacityOffer, index: number, startDay: number): PreparedOffer {
  const freeByDay = new Map<number, number>();
  for (const { date, free } of offer.days) {
    if (!Number.isSafeInteger(free)) throw new RangeError(`Listing ${offer.listingId}: free on ${date} is ${free}`);
    const day = toDayNumber(date) - startDay;
    // Negative free (overbooked) counts as none; days before the earliest start are of no use to this order.
    if (day >= 0 && free > 0) freeByDay.set(day, (freeByDay.get(day) ?? 0) + free);
  }
  const days = Int32Array.from(freeByDay.keys()).sort();
  return { offer, index, days, free: days.map((day) => freeByDay.get(day) ?? 0) };
}

/**
 * Stage by stage, upstream first. Before filling, a backward pass over the free capacity fixes for every stage how
 * many units must be done by each day so that the stages after it can still finish by the due date; each stage is
 * then filled best-first between what the upstream released and that requirement (see stage-fill.ts).
 */
function schedule(context: QuoteContext, quantity: number, dueIndex: number): ScheduleOutcome {
  const { stages } = context;
  if (dueIndex < stages[stages.length - 1].lagBefore) {
    return { ok: false, stageIndex: 0, unitsPossible: 0, minOrderBlocked: false };
  }
  const lastDays = stages.map((prepared) => dueIndex - prepared.lagAfter);
  const remaining = new Map<number, Int32Array>();
  const freeOf: FreeOf = (offer) => remaining.get(offer.index) ?? offer.free;
  const usableCapacity = () =>
    stages.map((prepared, s) => dailyCapacity(prepared, freeOf, lastDays[s], quantity, prepared.lagBefore));

  let capacities = usableCapacity();
  let required = requirements(stages, capacities, lastDays, quantity);
  if (required[0][0] > 0) {
    const flow = forwardFlow(stages, capacities, quantity);
    const stageIndex = flow.findIndex((done) => done[done.length - 1] < quantity);
    return { ok: false, stageIndex, unitsPossible: flow[flow.length - 1].at(-1) ?? 0, minOrderBlocked: true };
  }

  const scheduled: StageSchedule[] = [];
  let upstreamDone: Float64Array | null = null;
  for (let s = 0; s < stages.length; s++) {
    const prepared = stages[s];
    const last = lastDays[s];
    const available = new Float64Array(last + 1);
    const shift = prepared.stage.leadDays + 1;
    for (let day = 0; day <= last; day++) {
      available[day] = upstreamDone === null ? quantity : day < shift ? 0 : upstreamDone[day - shift];
    }
    const downstream = s + 1 < stages.length ? required[s + 1] : null;
    const downstreamShift = s + 1 < stages.length ? stages[s + 1].stage.leadDays + 1 : 0;
    const needed = new Float64Array(last + 1);
    for (let day = 0; day <= last; day++) {
      needed[day] = day === last ? quantity : 0;
    }

    const { scoring, ranked } = rankCandidates(context, prepared, freeOf, quantity, last);
    const fill = fillStage({ available, required: needed, quantity }, ranked);
    if (fill.total < quantity) {
      return {
        ok: false,
        stageIndex: s,
        unitsPossible: fill.total,
        minOrderBlocked: fill.blockedByMinOrder.length > 0,
      };
    }

    const done = new Float64Array(last + 1);
    for (const [rank, units] of fill.taken) {
      const candidate = ranked[rank];
      let left = remaining.get(candidate.prepared.index);
      if (!left) remaining.set(candidate.prepared.index, (left = candidate.prepared.free.slice()));
      for (let k = 0; k < units.length; k++) {
        left[candidate.offset + k] -= units[k];
        done[candidate.days[k]] += units[k];
      }
    }
    for (let day = 1; day <= last; day++) done[day] += done[day - 1];
    upstreamDone = done;
    scheduled.push({ prepared, scoring, ranked, taken: fill.taken });

    if (prepared.sharesListingsLater) {
      capacities = usableCapacity();
      required = requirements(stages, capacities, lastDays, quantity);
    }
  }
  return { ok: true, quantity, stages: scheduled };
}

/**
 * Units per day the stage's candidates can take, over days 0..last. With `quantity`, only listings that could meet
 * their minimum order quantity from `firstDay` on count; without it (the relaxation used for diagnosis), all do.
 */
function dailyCapacity(
  prepared: PreparedStage,
  freeOf: FreeOf,
  last: number,
  quantity: number | null,
  firstDay: number,
): Float64Array {
  const capacity = new Float64Array(Math.max(0, last + 1));
  for (const candidate of prepared.candidates) {
    const minimum = candidate.offer.minOrderQuantity;
    if (quantity !== null && minimum > quantity) continue;
    const free = freeOf(candidate);
    const [from, to] = windowRange(candidate.days, firstDay, last);
    if (quantity !== null) {
      let total = 0;
      for (let k = from; k < to; k++) total += free[k];
      if (total < minimum) continue;
    }
    for (let k = from; k < to; k++) capacity[candidate.days[k]] += free[k];
  }
  return capacity;
}

/**
 * Backward pass: `required[s][day + 1]` is how many units stage s must have done by `day` (day = −1..last) for the
 * later stages to finish by the due date with their free capacity. Feasible only if `required[0][0]` is 0.
 */
function requirements(
  stages: readonly PreparedStage[],
  capacities: readonly Float64Array[],
  lastDays: readonly number[],
  quantity: number,
): Float64Array[] {
  const required: Float64Array[] = new Array(stages.length);
  for (let s = stages.length - 1; s >= 0; s--) {
    const last = lastDays[s];
    const downstream = s + 1 < stages.length ? required[s + 1] : null;
    const shift = s + 1 < stages.length ? stages[s + 1].stage.leadDays + 1 : 0;
    const needed = new Float64Array(last + 2);
    needed[last + 1] = quantity;
    for (let day = last - 1; day >= -1; day--) {
      const forDownstream = downstream === null ? 0 : downstream[day + shift + 1];
      needed[day + 1] = Math.max(forDownstream, needed[day + 2] - capacities[s][day + 1]);
    }
    required[s] = needed;
  }
  return required;
}

/** Forward pass: the most units each stage can have done by each day, every stage as early as it can. */
function forwardFlow(
  stages: readonly PreparedStage[],
  capacities: readonly Float64Array[],
  quantity: number,
): Float64Array[] {
  const flows: Float64Array[] = [];
  let upstream: Float64Array | null = null;
  for (let s = 0; s < stages.length; s++) {
    const capacity = capacities[s];
    const shift = stages[s].stage.leadDays + 1;
    const flow = new Float64Array(capacity.length);
    let done = 0;
    for (let day = 0; day < capacity.length; day++) {
      const released =
        upstream === null ? quantity : day < shift ? 0 : (upstream[Math.min(day - shift, upstream.length - 1)] ?? 0);
      done = Math.min(released, done + capacity[day]);
      flow[day] = done;
    }
    flows.push(flow);
    upstream = flow;
  }
  return flows;
}

function rankCandidates(
  context: QuoteContext,
  prepared: PreparedStage,
  freeOf: FreeOf,
  quantity: number,
  last: number,
): { scoring: StageScoring; ranked: RankedCandidate[] } {
  const firstDay = prepared.lagBefore;
  const pool: Omit<RankedCandidate, 'score'>[] = [];
  const slackDays: (number | null)[] = [];
  for (const candidate of prepared.candidates) {
    const minimum = candidate.offer.minOrderQuantity;
    if (minimum > quantity) continue;
    const [from, to] = windowRange(candidate.days, firstDay, last);
    const free = freeOf(candidate).subarray(from, to);
    let total = 0;
    let finishDay: number | null = null;
    for (let k = 0; k < free.length; k++) {
      total += free[k];
      if (finishDay === null && total >= quantity) finishDay = candidate.days[from + k];
    }
    if (total === 0 || total < minimum) continue;
    pool.push({
      prepared: candidate,
      offset: from,
      days: candidate.days.subarray(from, to),
      free,
      minOrderQuantity: minimum,
    });
    slackDays.push(finishDay === null ? null : last - finishDay);
  }

  const prices = pool.map((candidate) => candidate.prepared.offer.unitPriceFen);
  const scoring: StageScoring = {
    processCode: prepared.stage.processCode,
    maxUnitPriceFen: prepared.stage.maxUnitPriceFen,
    minPriceFen: Math.min(...prices),
    maxPriceFen: Math.max(...prices),
    preferredParkId: context.order.preferredParkId ?? null,
    preferredGroupId: context.order.preferredGroupId ?? null,
    weights: context.weights,
    unratedRecord: context.unratedRecord,
  };
  const ranked = pool.map((candidate, i): RankedCandidate => ({
    ...candidate,
    score: scoreOffer(candidate.prepared.offer, scoring, slackDays[i], last - firstDay),
  }));
  ranked.sort(
    (a, b) =>
      b.score.total - a.score.total ||
      a.prepared.offer.unitPriceFen - b.prepared.offer.unitPriceFen ||
      compareIds(a.prepared.offer.listingId, b.prepared.offer.listingId),
  );
  return { scoring, ranked };
}

/** Positions [from, to) of the ascending `days` that fall within firstDay..last. */
function windowRange(days: Int32Array, firstDay: number, last: number): [number, number] {
  let from = 0;
  while (from < days.length && days[from] < firstDay) from++;
  let to = from;
  while (to < days.length && days[to] <= last) to++;
  return [from, to];
}

function toPartialPlan(context: QuoteContext, failure: Extract<ScheduleOutcome, { ok: false }>): Plan {
  const { order } = context;
  const cause = diagnose(context, failure);
  const partial = largestSchedule(context, Math.min(cause.unitsByDue, failure.unitsPossible));
  const earliest = cause.searchFrom === null ? null : earliestFeasibleDueIndex(context, cause.searchFrom);
  const unitsPlanned = partial?.quantity ?? 0;
  const earliestFeasibleDueDate = earliest === null ? null : dateOf(context, earliest);
  const prepared = context.stages[cause.stageIndex];
  const outlook =
    cause.searchFrom === null
      ? ''
      : earliestFeasibleDueDate === null
        ? " No due date within the offers' days works."
        : ` The whole order would be feasible with a due date of ${earliestFeasibleDueDate}.`;
  const shortfall: Shortfall = {
    stageSeq: prepared.stage.seq,
    processCode: prepared.stage.processCode,
    reason: cause.reason,
    unitsShort: order.quantity - unitsPlanned,
    earliestFeasibleDueDate,
    message: `${cause.detail} The plan covers ${unitsPlanned} of ${order.quantity} pcs by ${order.dueDate}.${outlook}`,
  };
  return partial === null ? emptyPlan(order, shortfall) : toPlan(context, partial, shortfall);
}

interface Cause {
  reason: ShortfallReason;
  stageIndex: number;
  detail: string;
  /** Upper bound on the pieces that can pass the whole route by the due date. */
  unitsByDue: number;
  /** First due date index worth trying for the whole order, or null when no later due date can help. */
  searchFrom: number | null;
}

/**
 * Names the first stage that blocks, in order of how fundamental the block is: no offer, all too dear, too little
 * capacity in the whole horizon, capacity only after the due date, then minimum order quantities.
 */
function diagnose(context: QuoteContext, failure: Extract<ScheduleOutcome, { ok: false }>): Cause {
  const { order, stages, dueIndex } = context;
  const label = (s: number) => `Stage ${stages[s].stage.seq} (${stages[s].stage.processCode})`;
  for (let s = 0; s < stages.length; s++) {
    const { stage, offerCount, candidates } = stages[s];
    if (offerCount === 0) {
      return {
        reason: 'NO_CANDIDATE',
        stageIndex: s,
        detail: `${label(s)}: no firm offers this process.`,
        unitsByDue: 0,
        searchFrom: null,
      };
    }
    if (candidates.length === 0) {
      return {
        reason: 'PRICE_CEILING',
        stageIndex: s,
        detail:
          `${label(s)}: all ${offerCount} offers exceed the ceiling of ${yuan(stage.maxUnitPriceFen)} yuan/pc ` +
          `(cheapest ${yuan(stages[s].cheapestOfferFen)}).`,
        unitsByDue: 0,
        searchFrom: null,
      };
    }
  }

  const lastDay = Math.max(context.horizon, dueIndex, 0);
  const capacities = stages.map((prepared) => dailyCapacity(prepared, (offer) => offer.free, lastDay, null, 0));
  const flow = forwardFlow(stages, capacities, order.quantity);
  const unitsByDue = dueIndex < 0 ? 0 : flow[stages.length - 1][dueIndex];
  const short = flow.findIndex((done) => done[lastDay] < order.quantity);
  if (short >= 0) {
    return {
      reason: 'CAPACITY',
      stageIndex: short,
      detail: `${label(short)}: free capacity up to ${dateOf(context, lastDay)} covers only ${flow[short][lastDay]} of ${order.quantity} pcs.`,
      unitsByDue,
      searchFrom: null,
    };
  }
  if (unitsByDue < order.quantity) {
    const finish = flow.map((done) => done.findIndex((units) => units >= order.quantity));
    const late = finish.findIndex((day, s) => day > dueIndex - stages[s].lagAfter);
    return {
      reason: 'DUE_DATE',
      stageIndex: late,
      detail:
        `${label(late)}: cannot finish ${order.quantity} pcs by ${dateOf(context, dueIndex - stages[late].lagAfter)} ` +
        `as the due date requires; with all free capacity it finishes on ${dateOf(context, finish[late])}.`,
      unitsByDue,
      searchFrom: finish[stages.length - 1],
    };
  }
  const s = failure.stageIndex;
  return failure.minOrderBlocked
    ? {
        reason: 'MIN_ORDER_QUANTITY',
        stageIndex: s,
        detail: `${label(s)}: the firms with free capacity in time require larger minimum order quantities.`,
        unitsByDue,
        searchFrom: dueIndex + 1,
      }
    : {
        reason: 'CAPACITY',
        stageIndex: s,
        detail: `${label(s)}: its free capacity is also drawn on by an earlier stage of the same process.`,
        unitsByDue,
        searchFrom: dueIndex + 1,
      };
}

function largestSchedule(context: QuoteContext, upperBound: number): Extract<ScheduleOutcome, { ok: true }> | null {
  let quantity = upperBound;
  for (let attempt = 0; attempt < PARTIAL_ATTEMPTS && quantity > 0; attempt++) {
    const outcome = schedule(context, quantity, context.dueIndex);
    if (outcome.ok) return outcome;
    quantity = Math.min(quantity - 1, outcome.unitsPossible);
  }
  return null;
}

/** Binary search over due dates up to the horizon, keeping only dates on which a full plan was actually built. */
function earliestFeasibleDueIndex(context: QuoteContext, from: number): number | null {
  const fits = (dueIndex: number) => schedule(context, context.order.quantity, dueIndex).ok;
  if (from > context.horizon) return null;
  if (fits(from)) return from;
  if (!fits(context.horizon)) return null;
  let infeasible = from;
  let feasible = context.horizon;
  while (feasible - infeasible > 1) {
    const middle = Math.floor((infeasible + feasible) / 2);
    if (fits(middle)) feasible = middle;
    else infeasible = middle;
  }
  return feasible;
}

function toPlan(
  context: QuoteContext,
  outcome: Extract<ScheduleOutcome, { ok: true }>,
  shortfall: Shortfall | null,
): Plan {
  const { order } = context;
  const assignments: Assignment[] = [];
  for (const { prepared, scoring, ranked, taken } of outcome.stages) {
    for (const rank of [...taken.keys()].sort((a, b) => a - b)) {
      const candidate = ranked[rank];
      const perDay = taken.get(rank) ?? new Int32Array(0);
      const days: DailyUnits[] = [];
      let units = 0;
      perDay.forEach((dayUnits, k) => {
        if (dayUnits === 0) return;
        days.push({ date: dateOf(context, candidate.days[k]), units: dayUnits });
        units += dayUnits;
      });
      const { offer } = candidate.prepared;
      assignments.push({
        orderId: order.orderId,
        stageSeq: prepared.stage.seq,
        processCode: prepared.stage.processCode,
        listingId: offer.listingId,
        firmId: offer.firmId,
        unitPriceFen: offer.unitPriceFen,
        units,
        costFen: units * offer.unitPriceFen,
        days,
        firstDay: days[0].date,
        lastDay: days[days.length - 1].date,
        explanation: explainChoice(
          {
            offer,
            score: candidate.score,
            rank: rank + 1,
            candidateCount: ranked.length,
            units,
            stageUnits: outcome.quantity,
          },
          scoring,
        ),
      });
    }
  }
  const lastSeq = context.stages[context.stages.length - 1].stage.seq;
  const completionDate = assignments
    .filter((assignment) => assignment.stageSeq === lastSeq)
    .reduce<string | null>(
      (latest, assignment) => (latest === null || assignment.lastDay > latest ? assignment.lastDay : latest),
      null,
    );
  return {
    orderId: order.orderId,
    feasible: shortfall === null,
    assignments,
    totalCostFen: assignments.reduce((sum, assignment) => sum + assignment.costFen, 0),
    completionDate,
    unitsPlanned: outcome.quantity,
    shortfall,
  };
}

function emptyPlan(order: OrderDemand, shortfall: Shortfall): Plan {
  return {
    orderId: order.orderId,
    feasible: false,
    assignments: [],
    totalCostFen: 0,
    completionDate: null,
    unitsPlanned: 0,
    shortfall,
  };
}

function dateOf(context: QuoteContext, dayIndex: number): string {
  return toIsoDate(context.startDay + dayIndex);
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** Code-unit order, not locale order, so ties break the same everywhere. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
