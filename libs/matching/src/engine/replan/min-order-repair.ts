import type { AllocationState } from './allocation-state';
import type { OpenCellIndex } from './open-cell-index';
import { isEligible } from './replan-model';

/** Cells one segment may look at for a new home before it is dropped. */
const CELLS_PER_EVACUATION = 4_000;
/** Cells with room one segment may look at right after its order was routed: this runs for every order. */
const OPEN_CELLS_PER_EVACUATION = 1_500;

/**
 * Moves one stage of a bundle off a split that is below its minimum to listings with room where the split stays
 * valid (no minimum, or already above it), on days that keep the bundle's hand-overs. What cannot move stays.
 */
function evacuate(state: AllocationState, b: number, s: number): void {
  const { model } = state;
  const { k, from, lo, hi } = segmentOf(state, b, s);
  let looked = 0;
  for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1] && looked < CELLS_PER_EVACUATION; i++) {
    const l = model.eligible[i];
    if (l === from || state.listingLeft[l] < 1 || !isValidHome(state, k, l)) continue;
    for (let t = lo; t <= hi; t++) {
      looked++;
      if (moveInto(state, b, s, l * model.dayCount + t)) return;
    }
  }
}

/** `evacuate` over the cells with room only, day by day through the window the hand-overs allow. */
function evacuateToOpenCells(state: AllocationState, openCells: OpenCellIndex, b: number, s: number): void {
  const { model } = state;
  const { k, from, lo, hi } = segmentOf(state, b, s);
  // A constrained stage's few eligible listings are not in the process's cost order: walk them directly.
  if (model.stageConstrained[k]) {
    evacuate(state, b, s);
    return;
  }
  const p = model.stageProcess[k];
  const list = model.processListings[p];
  // Listings with a minimum take the units only where the order already has a split at or above it.
  const splitsAtMinimum = new Set<number>();
  for (const other of state.orderBundles[state.bundleOrder[b]]) {
    const l = Math.floor(state.bundleCell[other * state.stride + s] / model.dayCount);
    if (model.minOrderQuantity[l] > 0 && state.pairUnitsOf(k, l) >= model.minOrderQuantity[l]) splitsAtMinimum.add(l);
  }
  let looked = 0;
  for (let t = lo; t <= hi; t++) {
    for (let i = openCells.find(p, t, 0); i < list.length; i = openCells.find(p, t, i + 1)) {
      if (++looked > OPEN_CELLS_PER_EVACUATION) return;
      const l = list[i];
      // Effective cost never exceeds the price, so past the ceiling nothing further on is eligible.
      if (model.effectiveCost[l] > model.stageCeiling[k]) break;
      const cell = l * model.dayCount + t;
      if (state.residual[cell] <= 0 || state.listingLeft[l] < 1) {
        openCells.markFull(l, t);
        continue;
      }
      if (l === from || (model.minOrderQuantity[l] > 0 && !splitsAtMinimum.has(l))) continue;
      if (!isValidHome(state, k, l) || !isEligible(model, k, l)) continue;
      if (moveInto(state, b, s, cell)) return;
    }
  }
}

/** A split of stage k on the listing would stand: no minimum or already at it, and not banned. */
function isValidHome(state: AllocationState, k: number, l: number): boolean {
  const minimum = state.model.minOrderQuantity[l];
  if (minimum > 0 && state.pairUnitsOf(k, l) < minimum) return false;
  return state.banned.size === 0 || !state.banned.has(state.pairKey(k, l));
}

/** Moves what fits of stage s of bundle b to the cell; true when the whole stage moved. */
function moveInto(state: AllocationState, b: number, s: number, cell: number): boolean {
  const l = Math.floor(cell / state.model.dayCount);
  if (state.residual[cell] <= 0 || state.listingLeft[l] < 1) return false;
  const units = Math.min(state.bundleUnits[b], state.residual[cell], Math.floor(state.listingLeft[l]));
  const whole = units === state.bundleUnits[b];
  state.moveSegment(b, s, cell, units);
  return whole;
}

/**
 * Stage s of bundle b: its order stage k, its listing, and the days it may move to while keeping its hand-overs
 * with the stages before and after.
 */
function segmentOf(state: AllocationState, b: number, s: number): { k: number; from: number; lo: number; hi: number } {
  const { model } = state;
  const T = model.dayCount;
  const order = state.bundleOrder[b];
  const k = model.stageStart[order] + s;
  const lo = s > 0 ? (state.bundleCell[b * state.stride + s - 1] % T) + model.stageLead[k] + 1 : model.stageFirstDay[k];
  const hi =
    k + 1 < model.stageStart[order + 1]
      ? (state.bundleCell[b * state.stride + s + 1] % T) - model.stageLead[k + 1] - 1
      : model.stageLastDay[k];
  return {
    k,
    from: Math.floor(state.bundleCell[b * state.stride + s] / T),
    lo: Math.max(lo, model.stageFirstDay[k]),
    hi: Math.min(hi, model.stageLastDay[k]),
  };
}

/**
 * Makes every (order stage, listing) split reach the listing's minimum order quantity: first by moving the units of
 * a split below it elsewhere, else by taking away the bundles that pass through it, and bans that split so routing
 * won't build it again. Taking away bundles can push other splits of the same order below their minimum, so this
 * repeats until none is left. Returns the orders that lost units.
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
      // An earlier removal in this round may have emptied the split already: then it is no longer a violation.
      if (state.pairUnits.has(key)) touched.add(dropSplit(state, key, (b, s) => evacuate(state, b, s)));
    }
  }
}

/**
 * The same for one order's splits only, right after routing it; the new homes are looked for among the cells the
 * router's index knows to have room, which keeps this cheap enough to run for every order. Returns whether any
 * split was below its minimum.
 */
export function dropOrderSplitsBelowMinimum(state: AllocationState, openCells: OpenCellIndex, order: number): boolean {
  const { model } = state;
  const k0 = model.stageStart[order];
  const stages = model.stageStart[order + 1] - k0;
  let dropped = false;
  for (;;) {
    const violations = new Set<number>();
    for (const b of state.orderBundles[order]) {
      for (let s = 0; s < stages; s++) {
        const key = state.pairKey(k0 + s, Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount));
        if (state.pairUnits.get(key)! < model.minOrderQuantity[key % model.listingCount]) violations.add(key);
      }
    }
    if (violations.size === 0) return dropped;
    for (const key of [...violations].sort((a, b) => a - b))
      if (state.pairUnits.has(key)) dropSplit(state, key, (b, s) => evacuateToOpenCells(state, openCells, b, s));
    dropped = true;
  }
}

/** Evacuates or takes away the bundles through one split and bans it; returns its order. */
function dropSplit(state: AllocationState, key: number, evacuate: (bundle: number, stage: number) => void): number {
  const { model } = state;
  const stage = Math.floor(key / model.listingCount);
  const listing = key % model.listingCount;
  const order = model.stageOrder[stage];
  const s = stage - model.stageStart[order];
  for (const b of [...state.orderBundles[order]]) {
    if (Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount) !== listing) continue;
    evacuate(b, s);
    if (Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount) === listing) {
      state.shrinkBundle(b, state.bundleUnits[b]);
    }
  }
  state.banned.add(key);
  return order;
}
