import type { CapacityOffer, OrderDemand } from '../types';
import { isoToDayNumber } from './day-number';
import type { ReplanResult } from './replan-types';

/**
 * Independent check of a re-plan against the raw input (it shares no code with the engines): capacity per
 * listing-day across all orders, the fairness cap, process and price ceilings, minimum order quantities, the
 * pipelined flow with lead days, earliest start and due date, and the totals. Returns the problems found.
 */
export function validateReplan(orders: OrderDemand[], offers: CapacityOffer[], result: ReplanResult): string[] {
  const problems: string[] = [];
  const offersById = new Map(offers.map((offer) => [offer.listingId, offer]));
  const ordersById = new Map(orders.map((order) => [order.orderId, order]));
  const used = new Map<string, number>();
  const usedByListing = new Map<string, number>();
  let filled = 0;
  let cost = 0;

  for (const plan of result.plans) {
    const order = ordersById.get(plan.orderId);
    if (!order) {
      problems.push(`${plan.orderId}: unknown order`);
      continue;
    }
    const route = [...order.route].sort((a, b) => a.seq - b.seq);
    const perStage = route.map(() => new Map<number, number>());
    const splits = new Map<string, number>();
    let planCost = 0;
    for (const a of plan.assignments) {
      const where = `${plan.orderId}/${a.stageSeq}/${a.listingId}`;
      const stage = route[a.stageSeq - 1];
      const offer = offersById.get(a.listingId);
      if (!stage || !offer) {
        problems.push(`${where}: unknown stage or listing`);
        continue;
      }
      if (offer.processCode !== stage.processCode) problems.push(`${where}: process ${offer.processCode}`);
      if (a.unitPriceFen !== offer.unitPriceFen) problems.push(`${where}: price differs from the listing`);
      if (offer.unitPriceFen > stage.maxUnitPriceFen) problems.push(`${where}: price above the ceiling`);
      const units = a.days.reduce((sum, d) => sum + d.units, 0);
      if (units !== a.units || a.costFen !== units * offer.unitPriceFen) problems.push(`${where}: units or cost`);
      planCost += a.costFen;
      splits.set(`${a.stageSeq}/${a.listingId}`, (splits.get(`${a.stageSeq}/${a.listingId}`) ?? 0) + units);
      for (const d of a.days) {
        if (!Number.isInteger(d.units) || d.units <= 0) problems.push(`${where}: ${d.units} units on ${d.date}`);
        const key = `${a.listingId}@${d.date}`;
        used.set(key, (used.get(key) ?? 0) + d.units);
        usedByListing.set(a.listingId, (usedByListing.get(a.listingId) ?? 0) + d.units);
        const day = isoToDayNumber(d.date);
        perStage[a.stageSeq - 1].set(day, (perStage[a.stageSeq - 1].get(day) ?? 0) + d.units);
      }
    }
    for (const [key, units] of splits) {
      const offer = offersById.get(key.slice(key.indexOf('/') + 1))!;
      if (units < offer.minOrderQuantity) problems.push(`${plan.orderId}/${key}: ${units} below the minimum order`);
    }
    const totals = perStage.map((days) => [...days.values()].reduce((sum, u) => sum + u, 0));
    if (totals.some((total) => total !== plan.unitsPlanned)) {
      problems.push(`${plan.orderId}: stage totals ${totals.join('/')} differ from ${plan.unitsPlanned} planned`);
    }
    if (plan.unitsPlanned > order.quantity) problems.push(`${plan.orderId}: more than ordered`);
    if (planCost !== plan.totalCostFen) problems.push(`${plan.orderId}: total cost`);
    const release = isoToDayNumber(order.earliestStart);
    const due = isoToDayNumber(order.dueDate);
    for (const day of perStage[0]?.keys() ?? []) if (day < release) problems.push(`${plan.orderId}: starts early`);
    for (const day of perStage[route.length - 1]?.keys() ?? []) if (day > due) problems.push(`${plan.orderId}: late`);
    for (let s = 1; s < route.length; s++) {
      const lag = route[s].leadDays + 1;
      const days = [...new Set([...perStage[s].keys(), ...perStage[s - 1].keys()].map((d) => [d, d + lag]).flat())];
      for (const d of days) {
        const done = cumulative(perStage[s], d);
        const ready = cumulative(perStage[s - 1], d - lag);
        if (done > ready)
          problems.push(`${plan.orderId}: stage ${s + 1} has ${done} done by day ${d}, only ${ready} ready`);
      }
    }
    filled += plan.unitsPlanned;
    cost += plan.totalCostFen;
  }

  for (const [key, units] of used) {
    const [listingId, date] = key.split('@');
    const free = offersById
      .get(listingId)!
      .days.filter((d) => d.date === date)
      .reduce((sum, d) => sum + Math.max(0, Math.floor(d.free)), 0);
    if (units > free) problems.push(`${key}: ${units} planned, ${free} free`);
  }
  const share = result.options.fairness.maxShareOfFirmFreeCapacity;
  if (share < 1) {
    for (const [listingId, units] of usedByListing) {
      const offer = offersById.get(listingId)!;
      const freeTotal = offer.days.reduce((sum, d) => sum + Math.max(0, Math.floor(d.free)), 0);
      if (units > Math.floor(freeTotal * share)) problems.push(`${listingId}: ${units} above the fairness cap`);
    }
  }
  if (filled !== result.totals.unitsFilled)
    problems.push(`totals: ${result.totals.unitsFilled} filled, plans ${filled}`);
  if (cost !== result.totals.costFen) problems.push(`totals: cost ${result.totals.costFen}, plans ${cost}`);
  return problems;
}

function cumulative(days: Map<number, number>, upTo: number): number {
  let total = 0;
  for (const [day, units] of days) if (day <= upTo) total += units;
  return total;
}
