import type { AllocationState } from './allocation-state';

/** How a path search treats cells that are already full. */
export type CapacityMode = 'respect' | 'ignore' | 'penalise';

/** A full cell on a 'penalise' path costs this much extra per unit: fewer full cells beats any price difference. */
const FULL_CELL_PENALTY = 1e9;

export interface RouteSettings {
  /** Congestion price per cell, added to the listing's effective cost; null for none. */
  prices: Float64Array | null;
  /** Among equally cheap days take the latest (backward from the due date) instead of the earliest. */
  preferLate: boolean;
}

/**
 * Cheapest-path routing of one order through its stages over the days: a small DP over (stage, day) where each
 * cell's option is the cheapest eligible listing with room that day, and stage s on day t may follow stage s-1 on
 * any day up to t - lead - 1. Routing repeats on the path's bottleneck until the order is filled or no path is left;
 * after each booking only the options that ran out are looked up again.
 */
export class OrderRouter {
  private readonly bestListing: Int32Array;
  private readonly bestCost: Float64Array;
  private readonly pathCost: Float64Array;
  private readonly previousDay: Int32Array;
  readonly pathCells: Int32Array;

  constructor(private readonly state: AllocationState) {
    const size = state.stride * state.model.dayCount;
    this.bestListing = new Int32Array(size);
    this.bestCost = new Float64Array(size);
    this.pathCost = new Float64Array(size);
    this.previousDay = new Int32Array(size);
    this.pathCells = new Int32Array(state.stride);
  }

  /** Books as many of the order's open units as paths allow; returns the units booked. */
  route(order: number, settings: RouteSettings): number {
    const { state } = this;
    const { model } = state;
    let remaining = model.demand[order] - state.filled[order];
    if (remaining <= 0 || !this.hasCandidates(order)) return 0;
    this.computeOptions(order, settings, 'respect', remaining);
    let booked = 0;
    while (remaining > 0 && this.findPath(order, settings.preferLate) < Infinity) {
      const units = this.bottleneck(order, remaining);
      state.addBundle(order, this.pathCells, units);
      booked += units;
      remaining -= units;
      if (remaining > 0) this.refreshExhausted(order, settings, remaining);
    }
    return booked;
  }

  /**
   * The cheapest path for one more unit, in `pathCells`; with 'penalise' it may cross full cells (as few as
   * possible). Returns the path's cost or Infinity when there is none.
   */
  cheapestPath(order: number, settings: RouteSettings, mode: CapacityMode): number {
    if (!this.hasCandidates(order)) return Infinity;
    this.computeOptions(order, settings, mode, this.state.model.demand[order] - this.state.filled[order]);
    return this.findPath(order, settings.preferLate);
  }

  private hasCandidates(order: number): boolean {
    const { model } = this.state;
    for (let k = model.stageStart[order]; k < model.stageStart[order + 1]; k++) {
      if (model.eligibleStart[k + 1] === model.eligibleStart[k] || model.stageFirstDay[k] > model.stageLastDay[k]) {
        return false;
      }
    }
    return model.stageStart[order + 1] > model.stageStart[order];
  }

  private computeOptions(order: number, settings: RouteSettings, mode: CapacityMode, remaining: number): void {
    const { model } = this.state;
    const k0 = model.stageStart[order];
    for (let k = k0; k < model.stageStart[order + 1]; k++) {
      for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k]; t++) {
        this.computeOption(k, k - k0, t, settings, mode, remaining);
      }
    }
  }

  private computeOption(
    k: number,
    s: number,
    t: number,
    settings: RouteSettings,
    mode: CapacityMode,
    remaining: number,
  ): void {
    const { state } = this;
    const { model, residual, listingLeft, banned } = state;
    const { effectiveCost, eligible, dayCount, minOrderQuantity, free } = model;
    const prices = settings.prices;
    const checkBans = banned.size > 0;
    let best = -1;
    let bestCost = Infinity;
    for (let i = model.eligibleStart[k], end = model.eligibleStart[k + 1]; i < end; i++) {
      const l = eligible[i];
      const base = effectiveCost[l];
      // Options are sorted by effective cost and prices are never negative: nothing further on can be cheaper.
      if (base >= bestCost) break;
      const cell = l * dayCount + t;
      if (free[cell] <= 0) continue;
      let cost = prices === null ? base : base + prices[cell];
      if (mode !== 'ignore' && (residual[cell] <= 0 || listingLeft[l] < 1)) {
        if (mode === 'respect') continue;
        cost += FULL_CELL_PENALTY;
      }
      if (cost >= bestCost) continue;
      if (minOrderQuantity[l] > remaining && minOrderQuantity[l] > remaining + state.pairUnitsOf(k, l)) continue;
      if (checkBans && banned.has(state.pairKey(k, l))) continue;
      best = l;
      bestCost = cost;
    }
    this.bestListing[s * dayCount + t] = best;
    this.bestCost[s * dayCount + t] = bestCost;
  }

  /** DP over (stage, day); leaves the path in `pathCells` and returns its cost. */
  private findPath(order: number, preferLate: boolean): number {
    const { model } = this.state;
    const T = model.dayCount;
    const k0 = model.stageStart[order];
    const stages = model.stageStart[order + 1] - k0;
    const { bestCost, pathCost, previousDay } = this;
    for (let s = 0; s < stages; s++) {
      const k = k0 + s;
      const first = model.stageFirstDay[k];
      const last = model.stageLastDay[k];
      let pointer = s === 0 ? 0 : model.stageFirstDay[k - 1];
      const previousLast = s === 0 ? 0 : model.stageLastDay[k - 1];
      let runMin = Infinity;
      let runDay = -1;
      for (let t = first; t <= last; t++) {
        const option = bestCost[s * T + t];
        if (s === 0) {
          pathCost[t] = option;
          previousDay[t] = -1;
          continue;
        }
        for (const upTo = Math.min(t - model.stageLead[k] - 1, previousLast); pointer <= upTo; pointer++) {
          const c = pathCost[(s - 1) * T + pointer];
          if (c < runMin || (preferLate && c === runMin && c < Infinity)) {
            runMin = c;
            runDay = pointer;
          }
        }
        pathCost[s * T + t] = option + runMin;
        previousDay[s * T + t] = runDay;
      }
    }
    const lastStage = stages - 1;
    let endCost = Infinity;
    let endDay = -1;
    for (let t = model.stageFirstDay[k0 + lastStage]; t <= model.stageLastDay[k0 + lastStage]; t++) {
      const c = pathCost[lastStage * T + t];
      if (c < endCost || (preferLate && c === endCost && c < Infinity)) {
        endCost = c;
        endDay = t;
      }
    }
    if (endCost === Infinity) return Infinity;
    for (let s = lastStage, t = endDay; s >= 0; s--) {
      this.pathCells[s] = this.bestListing[s * T + t] * T + t;
      t = previousDay[s * T + t];
    }
    return endCost;
  }

  private bottleneck(order: number, remaining: number): number {
    const { residual, listingLeft, model } = this.state;
    const stages = model.stageStart[order + 1] - model.stageStart[order];
    let units = remaining;
    for (let s = 0; s < stages; s++) {
      const cell = this.pathCells[s];
      const listing = Math.floor(cell / model.dayCount);
      let uses = 0;
      for (let r = 0; r < stages; r++) if (Math.floor(this.pathCells[r] / model.dayCount) === listing) uses++;
      units = Math.min(units, residual[cell], Math.floor(listingLeft[listing] / uses));
    }
    return units;
  }

  private refreshExhausted(order: number, settings: RouteSettings, remaining: number): void {
    const { model, residual, listingLeft } = this.state;
    const T = model.dayCount;
    const k0 = model.stageStart[order];
    const stages = model.stageStart[order + 1] - k0;
    for (let s = 0; s < stages; s++) {
      const cell = this.pathCells[s];
      const listing = Math.floor(cell / T);
      if (listingLeft[listing] < 1) {
        for (let r = 0; r < stages; r++) {
          for (let t = model.stageFirstDay[k0 + r]; t <= model.stageLastDay[k0 + r]; t++) {
            if (this.bestListing[r * T + t] === listing) {
              this.computeOption(k0 + r, r, t, settings, 'respect', remaining);
            }
          }
        }
      } else if (residual[cell] <= 0) {
        this.computeOption(k0 + s, s, cell % T, settings, 'respect', remaining);
      }
    }
  }
}
