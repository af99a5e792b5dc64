import type { AllocationState } from './allocation-state';
import { pairCost } from './replan-model';

/** Cells one segment may look at for a cheaper home; keeps the pass linear in the number of bundles. */
const CELLS_PER_SEGMENT = 4_000;

/**
 * Local search on the secondary objective: moves units of one stage of a bundle to a cheaper listing with room on
 * a day that keeps its hand-overs, without touching units filled. Splits stay at or above minimum order
 * quantities. Ends after looking at `cellBudget` cells in all (bundles are taken in the order they were made, so
 * the least flexible orders come first). Returns false when stopped.
 */
export function improveCost(state: AllocationState, cellBudget: number, shouldStop: () => boolean): boolean {
  const { model } = state;
  const T = model.dayCount;
  const bundleCount = state.bundleCount;
  let budget = cellBudget;
  for (let b = 0; b < bundleCount && budget > 0; b++) {
    if ((b & 1023) === 0 && shouldStop()) return false;
    if (state.bundleUnits[b] <= 0) continue;
    const order = state.bundleOrder[b];
    const k0 = model.stageStart[order];
    for (let s = 0; s < model.stageStart[order + 1] - k0 && state.bundleUnits[b] > 0; s++) {
      const k = k0 + s;
      const from = state.bundleCell[b * state.stride + s];
      const fromListing = Math.floor(from / T);
      const fromCost = pairCost(model, k, fromListing);
      const lo =
        s > 0 ? (state.bundleCell[b * state.stride + s - 1] % T) + model.stageLead[k] + 1 : model.stageFirstDay[k];
      const hi =
        k + 1 < model.stageStart[order + 1]
          ? (state.bundleCell[b * state.stride + s + 1] % T) - model.stageLead[k + 1] - 1
          : model.stageLastDay[k];
      let looked = 0;
      for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1] && looked < CELLS_PER_SEGMENT; i++) {
        const l = model.eligible[i];
        if (model.eligibleCost[i] >= fromCost) break;
        if (state.listingLeft[l] < 1 || (state.banned.size > 0 && state.banned.has(state.pairKey(k, l)))) continue;
        for (let t = Math.max(lo, model.stageFirstDay[k]); t <= Math.min(hi, model.stageLastDay[k]); t++) {
          looked++;
          const cell = l * T + t;
          if (state.residual[cell] <= 0) continue;
          const bundleUnits = state.bundleUnits[b];
          const units = Math.min(bundleUnits, state.residual[cell], Math.floor(state.listingLeft[l]));
          if (units <= 0) break;
          if (!keepsMinimums(state, k, fromListing, l, units)) continue;
          state.moveSegment(b, s, cell, units);
          if (units < bundleUnits) continue;
          break;
        }
        if (state.bundleCell[b * state.stride + s] !== from) break;
      }
      budget -= looked;
    }
  }
  return true;
}

function keepsMinimums(state: AllocationState, k: number, from: number, to: number, units: number): boolean {
  const { minOrderQuantity } = state.model;
  const left = state.pairUnitsOf(k, from) - units;
  if (left > 0 && left < minOrderQuantity[from]) return false;
  return state.pairUnitsOf(k, to) + units >= minOrderQuantity[to];
}
