import type { AllocationState } from './allocation-state';
import { OpenCellIndex } from './open-cell-index';
import { pairCost } from './replan-model';

/** How a path search treats cells that are already full. */
export type CapacityMode = 'respect' | 'ignore' | 'penalise';

/** A full cell on a 'penalise' path costs this much extra per unit: fewer full cells beats any price difference. */
const FULL_CELL_PENALTY = 1e9;
/**
 * Open listings one option looks at once it has a candidate: congestion prices could otherwise make a scan run
 * through most of a process's listings, for ever smaller gains.
 */
const OPTION_SCAN_LIMIT = 64;
/**
 * Discount for a listing the order already uses at that stage below its minimum order quantity: routing keeps
 * feeding such a split until it reaches the minimum, rather than leaving it for the repair to drop.
 */
const OPEN_SPLIT_DISCOUNT = 1e7;

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
  /** Per stage of the order being routed: listings it uses below their minimum order quantity. */
  private readonly openSplits: number[][];
  readonly openCells: OpenCellIndex;
  private readonly reachable = new Map<number, boolean>();
  /** Bit s set when the listing is eligible for stage s of the order being routed. */
  private readonly eligibleAt: Uint8Array;
  readonly pathCells: Int32Array;

  constructor(private readonly state: AllocationState) {
    this.openCells = new OpenCellIndex(state);
    this.eligibleAt = new Uint8Array(state.model.listingCount);
    const size = state.stride * state.model.dayCount;
    this.bestListing = new Int32Array(size);
    this.bestCost = new Float64Array(size);
    this.pathCost = new Float64Array(size);
    this.previousDay = new Int32Array(size);
    this.pathCells = new Int32Array(state.stride);
    this.openSplits = Array.from({ length: state.stride }, () => []);
  }

  /** Books as many of the order's open units as paths allow; returns the units booked. */
  route(order: number, settings: RouteSettings): number {
    const { state } = this;
    const { model } = state;
    let remaining = model.demand[order] - state.filled[order];
    if (remaining <= 0 || !this.hasCandidates(order)) return 0;
    this.openCells.sync();
    this.reachable.clear();
    this.markEligible(order, true);
    this.collectOpenSplits(order);
    this.computeOptions(order, settings, 'respect', remaining);
    let booked = 0;
    while (remaining > 0 && this.findPath(order, settings.preferLate) < Infinity) {
      const units = this.bottleneck(order, remaining);
      state.addBundle(order, this.pathCells, units);
      booked += units;
      remaining -= units;
      if (remaining > 0) this.refreshExhausted(order, settings, remaining);
    }
    for (const splits of this.openSplits) splits.length = 0;
    this.markEligible(order, false);
    return booked;
  }

  private markEligible(order: number, on: boolean): void {
    const { model } = this.state;
    const k0 = model.stageStart[order];
    for (let k = k0; k < model.stageStart[order + 1]; k++) {
      for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
        this.eligibleAt[model.eligible[i]] = on ? this.eligibleAt[model.eligible[i]] | (1 << (k - k0)) : 0;
      }
    }
  }

  private collectOpenSplits(order: number): void {
    const { state } = this;
    const { model } = state;
    const k0 = model.stageStart[order];
    for (const splits of this.openSplits) splits.length = 0;
    for (const b of state.orderBundles[order]) {
      for (let s = 0; s < model.stageStart[order + 1] - k0; s++) {
        const l = Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount);
        const open = state.pairUnitsOf(k0 + s, l) < model.minOrderQuantity[l];
        if (open && !this.openSplits[s].includes(l)) this.openSplits[s].push(l);
      }
    }
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
    const { eligibleCost, eligible, dayCount, minOrderQuantity, free } = model;
    const prices = settings.prices;
    const checkBans = banned.size > 0;
    let best = -1;
    let bestCost = Infinity;
    if (mode === 'respect') {
      for (const l of this.openSplits[s]) {
        const cell = l * dayCount + t;
        if (residual[cell] <= 0 || listingLeft[l] < 1) continue;
        const cost = pairCost(model, k, l) - OPEN_SPLIT_DISCOUNT + (prices === null ? 0 : prices[cell]);
        if (cost < bestCost) {
          best = l;
          bestCost = cost;
        }
      }
      if (best < 0) {
        if (model.stageConstrained[k]) this.scanEligibleCells(k, s, t, prices, remaining);
        else this.scanOpenCells(k, s, t, prices, remaining);
        return;
      }
      this.bestListing[s * dayCount + t] = best;
      this.bestCost[s * dayCount + t] = bestCost;
      return;
    }
    for (let i = model.eligibleStart[k], end = model.eligibleStart[k + 1]; i < end; i++) {
      const l = eligible[i];
      const base = eligibleCost[i];
      // Eligible listings are sorted by effective cost and prices are never negative: none further on is cheaper.
      if (base >= bestCost) break;
      const cell = l * dayCount + t;
      if (free[cell] <= 0) continue;
      let cost = prices === null ? base : base + prices[cell];
      if (mode === 'penalise' && (residual[cell] <= 0 || listingLeft[l] < 1)) cost += FULL_CELL_PENALTY;
      if (cost >= bestCost) continue;
      if (minOrderQuantity[l] > remaining && minOrderQuantity[l] > remaining + state.pairUnitsOf(k, l)) continue;
      if (checkBans && banned.has(state.pairKey(k, l))) continue;
      best = l;
      bestCost = cost;
    }
    this.bestListing[s * dayCount + t] = best;
    this.bestCost[s * dayCount + t] = bestCost;
  }

  /**
   * computeOption for 'respect' on a stage with buyer constraints: its eligible list (a few dozen listings near
   * the delivery point, ordered by cost with transport) replaces the process-wide index of open cells.
   */
  private scanEligibleCells(k: number, s: number, t: number, prices: Float64Array | null, remaining: number): void {
    const { state } = this;
    const { model, residual, listingLeft, banned } = state;
    const { eligibleCost, eligible, dayCount, minOrderQuantity } = model;
    let best = -1;
    let bestCost = Infinity;
    for (let i = model.eligibleStart[k], end = model.eligibleStart[k + 1]; i < end; i++) {
      const base = eligibleCost[i];
      if (base >= bestCost) break;
      const l = eligible[i];
      const cell = l * dayCount + t;
      if (residual[cell] <= 0 || listingLeft[l] < 1) continue;
      const cost = prices === null ? base : base + prices[cell];
      if (cost >= bestCost) continue;
      if (minOrderQuantity[l] > 0 && !this.canReachMinimum(k, l, remaining)) continue;
      if (banned.size > 0 && banned.has(state.pairKey(k, l))) continue;
      best = l;
      bestCost = cost;
    }
    this.bestListing[s * dayCount + t] = best;
    this.bestCost[s * dayCount + t] = bestCost;
  }

  /** computeOption for 'respect': walks only listings with room that day, cheapest first. */
  private scanOpenCells(k: number, s: number, t: number, prices: Float64Array | null, remaining: number): void {
    const { state, openCells } = this;
    const { model, residual, listingLeft, banned } = state;
    const { effectiveCost, dayCount, minOrderQuantity } = model;
    const p = model.stageProcess[k];
    const list = model.processListings[p];
    const ceiling = model.stageCeiling[k];
    const bit = 1 << s;
    let best = -1;
    let bestCost = Infinity;
    let looked = 0;
    for (
      let i = openCells.find(p, t, 0);
      i < list.length && (best < 0 || looked < OPTION_SCAN_LIMIT);
      i = openCells.find(p, t, i + 1)
    ) {
      const l = list[i];
      const base = effectiveCost[l];
      // Effective cost never exceeds the price, so past the ceiling nothing further on is eligible.
      if (base >= bestCost || base > ceiling) break;
      const cell = l * dayCount + t;
      if (residual[cell] <= 0 || listingLeft[l] < 1) {
        openCells.markFull(l, t);
        continue;
      }
      looked++;
      if ((this.eligibleAt[l] & bit) === 0) continue;
      const cost = prices === null ? base : base + prices[cell];
      if (cost >= bestCost) continue;
      if (minOrderQuantity[l] > 0 && !this.canReachMinimum(k, l, remaining)) continue;
      if (banned.size > 0 && banned.has(state.pairKey(k, l))) continue;
      best = l;
      bestCost = cost;
    }
    this.bestListing[s * dayCount + t] = best;
    this.bestCost[s * dayCount + t] = bestCost;
  }

  /**
   * A new split must be able to reach the minimum: enough open units, and enough room left in the stage window.
   * The room is summed once per order routed (it only shrinks meanwhile, and this is a heuristic filter).
   */
  private canReachMinimum(k: number, l: number, remaining: number): boolean {
    const { state } = this;
    const { model } = state;
    const minimum = model.minOrderQuantity[l];
    const units = state.pairUnitsOf(k, l);
    if (units >= minimum) return true;
    if (minimum > remaining + units) return false;
    const key = state.pairKey(k, l);
    let reachable = this.reachable.get(key);
    if (reachable === undefined) {
      let room = units;
      for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k] && room < minimum; t++) {
        room += Math.max(0, state.residual[l * model.dayCount + t]);
      }
      reachable = room >= minimum;
      this.reachable.set(key, reachable);
    }
    return reachable;
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
      const units = this.state.pairUnitsOf(k0 + s, listing);
      const splits = this.openSplits[s];
      const open = units < model.minOrderQuantity[listing];
      if (open !== splits.includes(listing)) {
        // A split opened or reached its minimum: every day of this stage may now choose differently.
        if (open) splits.push(listing);
        else splits.splice(splits.indexOf(listing), 1);
        for (let t = model.stageFirstDay[k0 + s]; t <= model.stageLastDay[k0 + s]; t++) {
          this.computeOption(k0 + s, s, t, settings, 'respect', remaining);
        }
      }
      if (listingLeft[listing] < 1) {
        for (let t = 0; t < T; t++) this.openCells.markFull(listing, t);
        for (let r = 0; r < stages; r++) {
          for (let t = model.stageFirstDay[k0 + r]; t <= model.stageLastDay[k0 + r]; t++) {
            if (this.bestListing[r * T + t] === listing) {
              this.computeOption(k0 + r, r, t, settings, 'respect', remaining);
            }
          }
        }
      } else if (residual[cell] <= 0) {
        this.openCells.markFull(listing, cell % T);
        this.computeOption(k0 + s, s, cell % T, settings, 'respect', remaining);
      }
    }
  }
}
