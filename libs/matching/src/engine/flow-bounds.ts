import type { PreparedOffer, PreparedStage } from './quote-context';

/**
 * Capacity-only views of the pipelined flow (types.ts), ignoring which firm does what: exact bounds when minimum
 * order quantities do not bite, and the relaxation used to diagnose a shortfall when they do.
 */

/** Positions [from, to) of the offer's ascending days that fall within firstDay..last. */
export function windowRange(
  days: Int32Array,
  offer: PreparedOffer,
  firstDay: number,
  last: number,
): [from: number, to: number] {
  let from = offer.start;
  while (from < offer.end && days[from] < firstDay) from++;
  let to = from;
  while (to < offer.end && days[to] <= last) to++;
  return [from, to];
}

/**
 * Units per day the candidates can take over days 0..last. With `quantity`, a listing counts only if its minimum
 * order quantity is within the quantity and within what it has free from `firstDay` on; without, all count.
 */
export function dailyCapacity(
  candidates: readonly PreparedOffer[],
  days: Int32Array,
  free: Float64Array,
  firstDay: number,
  last: number,
  quantity: number | null,
): Float64Array {
  const capacity = new Float64Array(Math.max(0, last + 1));
  for (const candidate of candidates) {
    const minimum = candidate.offer.minOrderQuantity;
    if (quantity !== null && minimum > quantity) continue;
    const [from, to] = windowRange(days, candidate, firstDay, last);
    if (quantity !== null) {
      let total = 0;
      for (let k = from; k < to; k++) total += free[k];
      if (total < minimum) continue;
    }
    for (let k = from; k < to; k++) capacity[days[k]] += free[k];
  }
  return capacity;
}

/**
 * Backward pass: `required[s][day + 1]` is how many units stage s must have done by `day` (day = −1..lastDays[s])
 * so that the later stages, each using all of its capacity, still finish by the due date. All of it is feasible
 * only if `required[0][0]` (stage 1 before the earliest start) is 0.
 */
export function requirements(
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
export function forwardFlow(
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
