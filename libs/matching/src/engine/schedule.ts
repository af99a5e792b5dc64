import { dailyCapacity, forwardFlow, requirements, windowRange } from './flow-bounds';
import type { PreparedOffer, PreparedStage, QuoteContext } from './quote-context';
import { landedPriceFen, scoreParts, scoreTotal, type StageScoring } from './score';
import { fillStage, type StageCandidate } from './stage-fill';

export interface RankedCandidate extends StageCandidate {
  prepared: PreparedOffer;
  total: number;
  /** Days before the stage's last day on which the offer alone could finish the stage; null if it cannot. */
  slackDays: number | null;
}

export interface StageSchedule {
  prepared: PreparedStage;
  scoring: StageScoring;
  /** Days from the stage's first possible day to its last: the scale of the due-date part of the score. */
  windowDays: number;
  /** Best first. */
  ranked: RankedCandidate[];
  /** Units per used candidate (by rank) for its positions from..to-1. */
  taken: Map<number, number[]>;
}

export type ScheduleSuccess = { ok: true; quantity: number; stages: StageSchedule[] };
export type ScheduleFailure = {
  ok: false;
  /** The stage (index into the route) that could not take `quantity`. */
  stageIndex: number;
  /** A guess at how many units could pass: what that stage managed, or the capacity bound. */
  unitsPossible: number;
  minOrderBlocked: boolean;
};

/**
 * Plans `quantity` units through the route by `dueIndex`, stage by stage, upstream first. Before filling, a
 * backward pass over the free capacity fixes for every stage how many units must be done by each day so that the
 * stages after it can still finish in time; each stage is then filled best-first between what its upstream has
 * released and that requirement (see stage-fill.ts), so an early stage never spends days a later one needs.
 */
export function schedule(context: QuoteContext, quantity: number, dueIndex: number): ScheduleSuccess | ScheduleFailure {
  const { stages, days } = context;
  if (dueIndex < stages[stages.length - 1].lagBefore) {
    return { ok: false, stageIndex: 0, unitsPossible: 0, minOrderBlocked: false };
  }
  const lastDays = stages.map((prepared) => dueIndex - prepared.lagAfter);
  // Stages of one process draw on the same listings, so they need this attempt's own copy to take units from.
  const sharing = stages.some((prepared) => prepared.sharesListingsLater);
  const free = sharing ? context.free.slice() : context.free;
  const usableCapacity = () =>
    stages.map((prepared, s) =>
      dailyCapacity(prepared.candidates, days, free, prepared.lagBefore, lastDays[s], quantity),
    );

  let capacities = usableCapacity();
  let required = requirements(stages, capacities, lastDays, quantity);
  if (required[0][0] > 0) {
    const flow = forwardFlow(stages, capacities, quantity);
    return {
      ok: false,
      stageIndex: flow.findIndex((done) => done[done.length - 1] < quantity),
      unitsPossible: flow[flow.length - 1].at(-1) ?? 0,
      // Read only when capacity alone would do (see diagnose): then minimum order quantities are what is missing.
      minOrderBlocked: true,
    };
  }

  const scheduled: StageSchedule[] = [];
  let upstreamDone: Float64Array | null = null;
  for (let s = 0; s < stages.length; s++) {
    const prepared = stages[s];
    const last = lastDays[s];
    const shift = prepared.stage.leadDays + 1;
    const downstream = s + 1 < stages.length ? required[s + 1] : null;
    const downstreamShift = s + 1 < stages.length ? stages[s + 1].stage.leadDays + 1 : 0;
    const available = new Float64Array(last + 1);
    const needed = new Float64Array(last + 1);
    for (let day = 0; day <= last; day++) {
      available[day] = upstreamDone === null ? quantity : day < shift ? 0 : upstreamDone[day - shift];
      needed[day] = downstream === null ? (day === last ? quantity : 0) : downstream[day + downstreamShift + 1];
    }

    const { scoring, windowDays, ranked } = rankCandidates(context, prepared, free, quantity, last);
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
      const { from, to } = ranked[rank];
      for (let k = from; k < to; k++) {
        if (sharing) free[k] -= units[k - from];
        done[days[k]] += units[k - from];
      }
    }
    for (let day = 1; day <= last; day++) done[day] += done[day - 1];
    upstreamDone = done;
    scheduled.push({ prepared, scoring, windowDays, ranked, taken: fill.taken });

    if (prepared.sharesListingsLater) {
      capacities = usableCapacity();
      required = requirements(stages, capacities, lastDays, quantity);
    }
  }
  return { ok: true, quantity, stages: scheduled };
}

/** Scores the stage's usable listings and sorts them best first: score, then unit price, then listingId. */
function rankCandidates(
  context: QuoteContext,
  prepared: PreparedStage,
  free: Float64Array,
  quantity: number,
  last: number,
): { scoring: StageScoring; windowDays: number; ranked: RankedCandidate[] } {
  const { days } = context;
  const firstDay = prepared.lagBefore;
  const windowDays = last - firstDay;
  const ranked: RankedCandidate[] = [];
  let minPriceFen = Infinity;
  let maxPriceFen = -Infinity;
  for (const candidate of prepared.candidates) {
    const minimum = candidate.offer.minOrderQuantity;
    if (minimum > quantity) continue;
    const [from, to] = windowRange(days, candidate, firstDay, last);
    let total = 0;
    let finishDay = -1;
    for (let k = from; k < to; k++) {
      total += free[k];
      if (finishDay < 0 && total >= quantity) finishDay = days[k];
    }
    if (total === 0 || total < minimum) continue;
    ranked.push({
      prepared: candidate,
      days,
      free,
      from,
      to,
      minOrderQuantity: minimum,
      total: 0,
      slackDays: finishDay < 0 ? null : last - finishDay,
    });
    const landed = candidate.offer.unitPriceFen + (context.transportFenPerUnit?.get(candidate.offer.listingId) ?? 0);
    minPriceFen = Math.min(minPriceFen, landed);
    maxPriceFen = Math.max(maxPriceFen, landed);
  }

  const scoring: StageScoring = {
    processCode: prepared.stage.processCode,
    maxUnitPriceFen: prepared.stage.maxUnitPriceFen,
    minPriceFen,
    maxPriceFen,
    preferredParkId: context.order.preferredParkId ?? null,
    preferredGroupId: context.order.preferredGroupId ?? null,
    weights: context.weights,
    unratedRecord: context.unratedRecord,
    transportFenPerUnit: context.transportFenPerUnit,
  };
  for (const candidate of ranked) {
    candidate.total = scoreTotal(
      scoreParts(candidate.prepared.offer, scoring, candidate.slackDays, windowDays),
      context.weights,
    );
  }
  const preferred = context.constraints?.preferred;
  const preferenceOf = (candidate: RankedCandidate) => (preferred?.has(candidate.prepared.offer.firmId) ? 0 : 1);
  ranked.sort(
    (a, b) =>
      b.total - a.total ||
      preferenceOf(a) - preferenceOf(b) ||
      landedPriceFen(a.prepared.offer, scoring) - landedPriceFen(b.prepared.offer, scoring) ||
      compareIds(a.prepared.offer.listingId, b.prepared.offer.listingId),
  );
  return { scoring, windowDays, ranked };
}

/** Code-unit order, not locale order, so ties break the same everywhere. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
