import { isIsoDate, toDayNumber, toIsoDate } from './calendar';
import type { Assignment, CapacityOffer, OrderDemand, Plan, ScoreExplanation } from './types';

const EXPLANATION_PARTS = [
  'price',
  'dueDateSlack',
  'onTimeRecord',
  'qualityRecord',
  'samePark',
  'sameGroup',
  'fairness',
] as const satisfies readonly (keyof ScoreExplanation)[];

/**
 * Every way `plan` breaks the rules of types.ts for `order` against the free capacity in `offers`; empty when the
 * plan is valid. Assumes nothing about how the plan was made (quote, re-plan, by hand): assignments may come in
 * any order, and several assignments of one listing to one stage count together for its minimum order quantity.
 */
export function checkPlan(order: OrderDemand, offers: readonly CapacityOffer[], plan: Plan): string[] {
  const violations: string[] = [];
  if (!isIsoDate(order.earliestStart) || !isIsoDate(order.dueDate)) {
    return [`order ${order.orderId}: earliestStart/dueDate are not ISO dates`];
  }
  const startDay = toDayNumber(order.earliestStart);
  const dueDay = toDayNumber(order.dueDate);
  const route = [...order.route].sort((a, b) => a.seq - b.seq);
  const stageIndexBySeq = new Map(route.map((stage, i) => [stage.seq, i]));
  const offersById = new Map<string, CapacityOffer>();
  for (const offer of offers) {
    if (offersById.has(offer.listingId)) violations.push(`listing ${offer.listingId} is offered twice`);
    offersById.set(offer.listingId, offer);
  }
  if (plan.orderId !== order.orderId) violations.push(`plan is for order ${plan.orderId}, not ${order.orderId}`);

  const usedByListing = new Map<string, Map<number, number>>();
  const doneByStage = route.map(() => new Map<number, number>());
  const unitsByStageListing = new Map<string, { stageSeq: number; offer: CapacityOffer; units: number }>();

  plan.assignments.forEach((assignment, i) => {
    const where = `assignment ${i + 1} (stage ${assignment.stageSeq}, listing ${assignment.listingId})`;
    const stageIndex = stageIndexBySeq.get(assignment.stageSeq);
    if (stageIndex === undefined) {
      violations.push(`${where}: the route has no stage ${assignment.stageSeq}`);
      return;
    }
    const stage = route[stageIndex];
    const offer = offersById.get(assignment.listingId);
    if (assignment.orderId !== order.orderId) violations.push(`${where}: belongs to order ${assignment.orderId}`);
    if (assignment.processCode !== stage.processCode) {
      violations.push(`${where}: process ${assignment.processCode}, the stage needs ${stage.processCode}`);
    }
    if (offer === undefined) {
      violations.push(`${where}: no such listing among the offers`);
    } else {
      if (offer.processCode !== stage.processCode) {
        violations.push(`${where}: the listing offers ${offer.processCode}, the stage needs ${stage.processCode}`);
      }
      if (offer.firmId !== assignment.firmId)
        violations.push(`${where}: firm ${assignment.firmId}, listing's firm is ${offer.firmId}`);
      if (offer.unitPriceFen !== assignment.unitPriceFen) {
        violations.push(`${where}: unit price ${assignment.unitPriceFen} fen, the listing asks ${offer.unitPriceFen}`);
      }
      const key = `${assignment.stageSeq}\u0000${assignment.listingId}`;
      const entry = unitsByStageListing.get(key) ?? { stageSeq: assignment.stageSeq, offer, units: 0 };
      entry.units += assignment.units;
      unitsByStageListing.set(key, entry);
    }
    if (assignment.unitPriceFen > stage.maxUnitPriceFen) {
      violations.push(`${where}: unit price ${assignment.unitPriceFen} fen above the ceiling ${stage.maxUnitPriceFen}`);
    }
    checkAssignmentFigures(assignment, where, violations);

    let previousDay = -Infinity;
    const used = usedByListing.get(assignment.listingId) ?? new Map<number, number>();
    usedByListing.set(assignment.listingId, used);
    for (const { date, units } of assignment.days) {
      if (!isIsoDate(date)) {
        violations.push(`${where}: ${JSON.stringify(date)} is not an ISO date`);
        continue;
      }
      const day = toDayNumber(date);
      if (day <= previousDay) violations.push(`${where}: days not in strictly ascending order at ${date}`);
      previousDay = day;
      if (!Number.isSafeInteger(units) || units <= 0) violations.push(`${where}: ${units} units on ${date}`);
      if (day < startDay)
        violations.push(`${where}: works on ${date}, before the earliest start ${order.earliestStart}`);
      used.set(day, (used.get(day) ?? 0) + units);
      doneByStage[stageIndex].set(day, (doneByStage[stageIndex].get(day) ?? 0) + units);
    }
  });

  for (const [listingId, used] of usedByListing) {
    const offer = offersById.get(listingId);
    if (offer === undefined) continue;
    const free = new Map<number, number>();
    for (const day of offer.days) {
      if (isIsoDate(day.date)) free.set(toDayNumber(day.date), (free.get(toDayNumber(day.date)) ?? 0) + day.free);
    }
    for (const [day, units] of [...used].sort((a, b) => a[0] - b[0])) {
      const available = Math.max(0, free.get(day) ?? 0);
      if (units > available) {
        violations.push(`listing ${listingId}: ${units} units planned on ${toIsoDate(day)}, only ${available} free`);
      }
    }
  }
  for (const { stageSeq, offer, units } of unitsByStageListing.values()) {
    if (units < offer.minOrderQuantity) {
      violations.push(
        `stage ${stageSeq}, listing ${offer.listingId}: ${units} units below the minimum order quantity ${offer.minOrderQuantity}`,
      );
    }
  }

  checkFlow(route, doneByStage, plan, violations);
  const lastDone = doneByStage[route.length - 1];
  for (const day of lastDone.keys()) {
    if (day > dueDay) violations.push(`last stage works on ${toIsoDate(day)}, after the due date ${order.dueDate}`);
  }
  checkPlanFigures(order, plan, route[route.length - 1].seq, violations);
  return violations;
}

function checkAssignmentFigures(assignment: Assignment, where: string, violations: string[]): void {
  const units = assignment.days.reduce((sum, day) => sum + day.units, 0);
  if (!Number.isSafeInteger(assignment.units) || assignment.units <= 0) {
    violations.push(`${where}: ${assignment.units} units`);
  }
  if (units !== assignment.units) violations.push(`${where}: days add up to ${units} units, not ${assignment.units}`);
  if (assignment.costFen !== assignment.units * assignment.unitPriceFen) {
    violations.push(`${where}: cost ${assignment.costFen} fen ≠ ${assignment.units} × ${assignment.unitPriceFen}`);
  }
  const dates = assignment.days.map((day) => day.date).sort();
  if (assignment.firstDay !== dates[0] || assignment.lastDay !== dates[dates.length - 1]) {
    violations.push(`${where}: firstDay/lastDay ${assignment.firstDay}/${assignment.lastDay} do not match its days`);
  }
  const explanation = assignment.explanation;
  for (const part of EXPLANATION_PARTS) {
    const value = explanation?.[part];
    if (!(typeof value === 'number' && value >= 0 && value <= 1))
      violations.push(`${where}: explanation ${part} is ${value}`);
  }
  if (!Number.isFinite(explanation?.total)) violations.push(`${where}: explanation total is ${explanation?.total}`);
  if (!explanation?.summary) violations.push(`${where}: explanation has no summary`);
}

/** Every stage after the first may have done, by day d, no more than its predecessor had done by d − lead − 1. */
function checkFlow(
  route: OrderDemand['route'],
  doneByStage: Map<number, number>[],
  plan: Plan,
  violations: string[],
): void {
  const cumulative = doneByStage.map((done) => {
    let total = 0;
    return [...done].sort((a, b) => a[0] - b[0]).map(([day, units]): [number, number] => [day, (total += units)]);
  });
  cumulative.forEach((done, s) => {
    const total = done.length > 0 ? done[done.length - 1][1] : 0;
    if (total !== plan.unitsPlanned) {
      violations.push(`stage ${route[s].seq}: ${total} units planned, the plan says ${plan.unitsPlanned}`);
    }
    if (s === 0) return;
    const upstream = cumulative[s - 1];
    const lag = route[s].leadDays + 1;
    let k = -1;
    for (const [day, units] of done) {
      while (k + 1 < upstream.length && upstream[k + 1][0] <= day - lag) k++;
      const released = k >= 0 ? upstream[k][1] : 0;
      if (units > released) {
        violations.push(
          `stage ${route[s].seq}: ${units} units done by ${toIsoDate(day)} but stage ${route[s - 1].seq} released only ` +
            `${released} by ${toIsoDate(day - lag)} (lead ${route[s].leadDays} days)`,
        );
      }
    }
  });
}

function checkPlanFigures(order: OrderDemand, plan: Plan, lastSeq: number, violations: string[]): void {
  const cost = plan.assignments.reduce((sum, assignment) => sum + assignment.costFen, 0);
  if (plan.totalCostFen !== cost) violations.push(`totalCostFen ${plan.totalCostFen} ≠ sum of assignments ${cost}`);
  const completion = plan.assignments
    .filter((assignment) => assignment.stageSeq === lastSeq)
    .reduce<string | null>((latest, a) => (latest === null || a.lastDay > latest ? a.lastDay : latest), null);
  if (plan.completionDate !== completion) {
    violations.push(`completionDate ${plan.completionDate} ≠ last day of the last stage ${completion}`);
  }
  if (!Number.isSafeInteger(plan.unitsPlanned) || plan.unitsPlanned < 0 || plan.unitsPlanned > order.quantity) {
    violations.push(`unitsPlanned ${plan.unitsPlanned} outside 0..${order.quantity}`);
  }
  const complete = plan.unitsPlanned === order.quantity;
  if (plan.feasible !== complete) {
    violations.push(`feasible is ${plan.feasible} with ${plan.unitsPlanned} of ${order.quantity} units planned`);
  }
  if (plan.feasible === (plan.shortfall !== null)) {
    violations.push(plan.feasible ? 'a feasible plan carries a shortfall' : 'an infeasible plan lacks its shortfall');
  }
}
