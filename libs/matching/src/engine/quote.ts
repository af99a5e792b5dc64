import { bindingConstraint } from './binding-constraint';
import { toIsoDate } from './calendar';
import { transportCostFen } from './eligibility';
import { qualificationsNote } from './explain-constraints';
import { dailyCapacity, forwardFlow } from './flow-bounds';
import { prepareQuote, type QuoteContext, type QuoteOptions } from './quote-context';
import { schedule, type ScheduleFailure, type ScheduleSuccess } from './schedule';
import { explainChoice, scoreOffer } from './score';
import type { Assignment, CapacityOffer, DailyUnits, OrderDemand, Plan, Shortfall, ShortfallReason } from './types';

export type { QuoteOptions } from './quote-context';

/**
 * Quantities tried, as fractions of the capacity bound, when minimum order quantities keep breaking partial plans
 * right at the bound; the last success is then refined by a few bisection steps.
 */
const PARTIAL_BACK_OFF = [0.999, 0.99, 0.95, 0.9, 0.75, 0.5, 0.25, 0.1];
const PARTIAL_REFINE_STEPS = 3;

/**
 * A plan for one order at order entry: every stage of the route from the best-scoring firms, in pipelined flow, by
 * the due date, within price ceilings and minimum order quantities; or, when that is impossible, the most pieces
 * found to pass the whole route by the due date, plus the reason and the earliest due date that would work.
 *
 * Deterministic: offers are ranked by score, then unit price, then listingId, so input order never matters.
 */
export function quote(order: OrderDemand, offers: readonly CapacityOffer[], options: QuoteOptions = {}): Plan {
  const context = prepareQuote(order, offers, options);
  const full = schedule(context, order.quantity, context.dueIndex);
  return full.ok ? toPlan(context, full, null) : toPartialPlan(context, full);
}

function toPartialPlan(context: QuoteContext, failure: ScheduleFailure): Plan {
  const { order } = context;
  const cause = diagnose(context, failure);
  const partial = largestSchedule(context, cause.unitsByDue, failure.unitsPossible);
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
function diagnose(context: QuoteContext, failure: ScheduleFailure): Cause {
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
    if (candidates.length === 0 && stages[s].constrainedOut > 0) {
      const block = stages[s].mainBlock!;
      const binding = bindingOf(context, s, order.quantity);
      return {
        reason: binding?.reason ?? block,
        stageIndex: s,
        detail: `${label(s)}: ${binding?.message ?? `every offer within the ceiling fails the buyer's ${block.toLowerCase()} constraint`}.`,
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
  const capacities = stages.map((prepared) =>
    dailyCapacity(prepared.candidates, context.days, context.free, 0, lastDay, null),
  );
  const flow = forwardFlow(stages, capacities, order.quantity);
  const unitsByDue = dueIndex < 0 ? 0 : flow[stages.length - 1][dueIndex];
  const short = flow.findIndex((done) => done[lastDay] < order.quantity);
  // A stage short of capacity or time because buyer constraints shut out firms that have it: name the constraint.
  const blocking = short >= 0 ? short : unitsByDue < order.quantity ? blockingStage(context, flow, dueIndex) : -1;
  const binding = blocking >= 0 ? bindingOf(context, blocking, order.quantity - unitsByDue) : null;
  if (binding !== null) {
    return {
      reason: binding.reason,
      stageIndex: blocking,
      detail: `${label(blocking)}: ${binding.message}.`,
      unitsByDue,
      searchFrom: null,
    };
  }
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

/** The first stage that cannot finish the order's units in time for the due date, or -1. */
function blockingStage(context: QuoteContext, flow: readonly Float64Array[], dueIndex: number): number {
  const { stages, order } = context;
  return stages.findIndex((stage, s) => {
    const day = dueIndex - stage.lagAfter;
    return day < 0 || flow[s][Math.min(day, flow[s].length - 1)] < order.quantity;
  });
}

/**
 * The buyer constraint that binds stage s, from the free units inside the stage's window at the offers that fail
 * only that constraint; null when the order set none or relaxing one would not help.
 */
function bindingOf(context: QuoteContext, s: number, unitsShort: number): ReturnType<typeof bindingConstraint> {
  const { constraints, stages, days, free, dueIndex } = context;
  const prepared = stages[s];
  if (constraints === null) return null;
  const first = prepared.lagBefore;
  const last = dueIndex - prepared.lagAfter;
  const nearMisses = prepared.nearMisses.map((miss) => {
    let room = 0;
    for (let k = miss.prepared.start; k < miss.prepared.end; k++) {
      if (days[k] >= first && days[k] <= last) room += free[k];
    }
    return {
      reason: miss.reason,
      firmId: miss.prepared.offer.firmId,
      distanceKm: miss.distanceKm,
      rating: miss.prepared.offer.rating ?? null,
      room,
    };
  });
  const firms = new Set(prepared.candidates.map((candidate) => candidate.offer.firmId));
  return bindingConstraint(
    constraints,
    prepared.stage.processCode,
    prepared.stage.requiredCertifications ?? [],
    firms.size,
    unitsShort,
    nearMisses,
  );
}

/** The largest quantity found to pass the whole route by the due date, at most `bound`; null if none. */
function largestSchedule(context: QuoteContext, bound: number, firstGuess: number): ScheduleSuccess | null {
  const attempt = (quantity: number) => schedule(context, quantity, context.dueIndex);
  if (bound <= 0) return null;
  const atBound = attempt(bound);
  if (atBound.ok) return atBound;
  let failedAt = bound;
  let best: ScheduleSuccess | null = null;
  const guesses = [firstGuess, atBound.unitsPossible, ...PARTIAL_BACK_OFF.map((share) => Math.floor(bound * share))];
  for (const guess of guesses) {
    const quantity = Math.min(guess, failedAt - 1);
    if (quantity <= 0) break;
    const outcome = attempt(quantity);
    if (outcome.ok) {
      best = outcome;
      break;
    }
    failedAt = quantity;
  }
  for (let step = 0; best !== null && step < PARTIAL_REFINE_STEPS && failedAt - best.quantity > 1; step++) {
    const middle = Math.floor((best.quantity + failedAt) / 2);
    const outcome = attempt(middle);
    if (outcome.ok) best = outcome;
    else failedAt = middle;
  }
  return best;
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

function toPlan(context: QuoteContext, outcome: ScheduleSuccess, shortfall: Shortfall | null): Plan {
  const { order } = context;
  const assignments: Assignment[] = [];
  for (const { prepared, scoring, windowDays, ranked, taken } of outcome.stages) {
    for (const rank of [...taken.keys()].sort((a, b) => a - b)) {
      const candidate = ranked[rank];
      const perDay = taken.get(rank) ?? [];
      const days: DailyUnits[] = [];
      let units = 0;
      perDay.forEach((dayUnits, k) => {
        if (dayUnits === 0) return;
        days.push({ date: dateOf(context, context.days[candidate.from + k]), units: dayUnits });
        units += dayUnits;
      });
      const { offer } = candidate.prepared;
      const { constraints } = context;
      const distance = constraints?.distanceTo(offer) ?? null;
      const explanation = explainChoice(
        {
          offer,
          score: scoreOffer(offer, scoring, candidate.slackDays, windowDays),
          rank: rank + 1,
          candidateCount: ranked.length,
          units,
          stageUnits: outcome.quantity,
        },
        scoring,
      );
      const note = constraints === null ? '' : qualificationsNote(constraints, prepared.stage, offer, units);
      if (note) explanation.summary += ` ${note.charAt(0).toUpperCase()}${note.slice(1)}.`;
      assignments.push({
        orderId: order.orderId,
        stageSeq: prepared.stage.seq,
        processCode: prepared.stage.processCode,
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
        explanation,
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
    totalCostFen: assignments.reduce(
      (sum, assignment) => sum + assignment.costFen + (assignment.transportCostFen ?? 0),
      0,
    ),
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
