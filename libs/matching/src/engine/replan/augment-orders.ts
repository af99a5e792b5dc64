import type { AllocationState } from './allocation-state';
import type { EjectionChains } from './ejection-chains';
import type { OrderRouter, RouteSettings } from './order-router';

/** Cell visits one chain search may spend on a multi-stage order, whose chains are heuristic anyway. */
const MULTI_STAGE_SEARCH_BUDGET = 50_000;
/**
 * Single-stage searches are exact max-flow steps unless they hit this budget, which keeps one hopeless order on a
 * big instance from eating the phase.
 */
const SINGLE_STAGE_SEARCH_BUDGET = 2_000_000;
/** Paths one multi-stage order may try before the phase moves on. */
const MULTI_STAGE_ATTEMPTS = 64;

/**
 * Fills what routing left open by making room with ejection chains. Single-stage orders search from all their
 * eligible cells at once (max-flow augmentation); multi-stage orders take their cheapest path that crosses the
 * fewest full cells and free each full cell in turn.
 */
export function augmentOrders(
  state: AllocationState,
  router: OrderRouter,
  chains: EjectionChains,
  sequence: readonly number[],
  settings: RouteSettings,
  shouldStop: () => boolean,
): boolean {
  const { model } = state;
  for (let i = 0; i < sequence.length; i++) {
    const o = sequence[i];
    if (state.filled[o] >= model.demand[o]) continue;
    if ((i & 63) === 0 && shouldStop()) return false;
    if (model.stageStart[o + 1] - model.stageStart[o] === 1) augmentSingleStage(state, chains, o);
    else augmentMultiStage(state, router, chains, o, settings);
  }
  return true;
}

function augmentSingleStage(state: AllocationState, chains: EjectionChains, o: number): void {
  const { model } = state;
  const k = model.stageStart[o];
  const T = model.dayCount;
  for (let remaining = model.demand[o] - state.filled[o]; remaining > 0;) {
    const starts: number[] = [];
    for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
      const l = model.eligible[i];
      if (state.listingLeft[l] < 1) continue;
      if (model.minOrderQuantity[l] > remaining + state.pairUnitsOf(k, l)) continue;
      if (state.banned.size > 0 && state.banned.has(state.pairKey(k, l))) continue;
      for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k]; t++) {
        const cell = l * T + t;
        if (model.free[cell] > 0) starts.push(cell);
      }
    }
    const found = chains.free(starts, o, remaining, SINGLE_STAGE_SEARCH_BUDGET);
    if (!found) return;
    const [cell, freed] = found;
    const units = Math.min(freed, Math.floor(state.listingLeft[Math.floor(cell / T)]), state.residual[cell]);
    if (units <= 0) return;
    state.addBundle(o, [cell], units);
    remaining -= units;
  }
}

function augmentMultiStage(
  state: AllocationState,
  router: OrderRouter,
  chains: EjectionChains,
  o: number,
  settings: RouteSettings,
): void {
  const { model } = state;
  const T = model.dayCount;
  const stages = model.stageStart[o + 1] - model.stageStart[o];
  for (let attempt = 0; attempt < MULTI_STAGE_ATTEMPTS; attempt++) {
    const remaining = model.demand[o] - state.filled[o];
    if (remaining <= 0 || router.cheapestPath(o, settings, 'penalise') === Infinity) break;
    const cells = router.pathCells.slice(0, stages);
    let units = remaining;
    let blocked = false;
    for (const cell of cells) {
      blocked ||= state.listingLeft[Math.floor(cell / T)] < 1;
      blocked ||= state.residual[cell] <= 0 && !chains.free([cell], o, remaining, MULTI_STAGE_SEARCH_BUDGET);
      if (blocked) break;
      units = Math.min(units, state.residual[cell]);
    }
    if (blocked) break;
    for (const cell of cells) {
      const uses = cells.filter((c) => Math.floor(c / T) === Math.floor(cell / T)).length;
      units = Math.min(units, state.residual[cell], Math.floor(state.listingLeft[Math.floor(cell / T)] / uses));
    }
    if (units <= 0) break;
    state.addBundle(o, cells, units);
  }
}
