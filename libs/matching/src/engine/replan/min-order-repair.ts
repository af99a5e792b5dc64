import type { AllocationState } from './allocation-state';

/** Cells one segment may look at for a new home before it is dropped. */
const CELLS_PER_EVACUATION = 4_000;

/**
 * Moves one stage of a bundle off a split that is below its minimum to listings with room where the split stays
 * valid (no minimum, or already above it), on days that keep the bundle's hand-overs. What cannot move stays.
 */
function evacuate(state: AllocationState, b: number, s: number): void {
  const { model } = state;
  const T = model.dayCount;
  const order = state.bundleOrder[b];
  const k = model.stageStart[order] + s;
  const from = Math.floor(state.bundleCell[b * state.stride + s] / T);
  const lo = s > 0 ? (state.bundleCell[b * state.stride + s - 1] % T) + model.stageLead[k] + 1 : model.stageFirstDay[k];
  const hi =
    k + 1 < model.stageStart[order + 1]
      ? (state.bundleCell[b * state.stride + s + 1] % T) - model.stageLead[k + 1] - 1
      : model.stageLastDay[k];
  let looked = 0;
  for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1] && looked < CELLS_PER_EVACUATION; i++) {
    const l = model.eligible[i];
    if (l === from || state.listingLeft[l] < 1) continue;
    if (model.minOrderQuantity[l] > 0 && state.pairUnitsOf(k, l) < model.minOrderQuantity[l]) continue;
    if (state.banned.size > 0 && state.banned.has(state.pairKey(k, l))) continue;
    for (let t = Math.max(lo, model.stageFirstDay[k]); t <= Math.min(hi, model.stageLastDay[k]); t++) {
      looked++;
      const cell = l * T + t;
      if (state.residual[cell] <= 0 || state.listingLeft[l] < 1) continue;
      const units = Math.min(state.bundleUnits[b], state.residual[cell], Math.floor(state.listingLeft[l]));
      const whole = units === state.bundleUnits[b];
      state.moveSegment(b, s, cell, units);
      if (whole) return;
    }
  }
}

/**
 * Makes every (order stage, listing) split reach the listing's minimum order quantity : first by moving the units of a
 * split below it elsewhere, else by taking away the bundles that pass through it, and bans that split so routing won't build it again. Taking away bundles can
 * push other splits of the same order below their minimum, so this repeats until none is left.
 * Returns the orders that lost units.
 */
export function dropSplitsBelowMinimum(state: AllocationState): Set<number> {
  const { model } = state;
  const touched = new Set<number>();
  for (;;) {
    const violations: number[] = [];
    for (const [key, units] of state.pairUnits) {
      if (units < model.minOrderQuantity[key % model.listingCount]) violations.push(key);
    }
    if (violations.length === 0) return touched;
    violations.sort((a, b) => a - b);
    for (const key of violations) {
      const stage = Math.floor(key / model.listingCount);
      const listing = key % model.listingCount;
      // An earlier removal in this round may have emptied the split already: then it is no longer a violation.
      if (!state.pairUnits.has(key)) continue;
      const order = model.stageOrder[stage];
      const s = stage - model.stageStart[order];
      for (const b of [...state.orderBundles[order]]) {
        if (Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount) !== listing) continue;
        evacuate(state, b, s);
        if (Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount) === listing) {
          state.shrinkBundle(b, state.bundleUnits[b]);
        }
      }
      state.banned.add(key);
      touched.add(order);
    }
  }
}
