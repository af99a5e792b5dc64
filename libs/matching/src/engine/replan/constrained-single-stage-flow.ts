import { AllocationState } from './allocation-state';
import { isEligiblePair, pairCost, type ReplanModel } from './replan-model';

/** Gains below this (fen) are rounding noise, not worth a move. */
const MIN_SWAP_GAIN_FEN = 1e-6;

/**
 * The single-stage re-plan when buyers set constraints: the same maximum flow as `SingleStageFlow`, but over each
 * order's own eligible list (the few dozen listings within its radius, rating and certifications, ordered by
 * price plus transport to its delivery point) instead of process-wide union-find indexes, whose shared cost order
 * no longer holds once transport makes a listing's cost depend on the order.
 *
 * 1. Fill: orders, least flexible first, take their cheapest eligible cells with room (warm start).
 * 2. Augment: breadth-first searches from every order still short through the residual graph (order → eligible
 *    cell → order holding units there → …) to a cell with room, pushing along every shortest path found, until a
 *    search finds none: the fill is then the maximum (minimum order quantities respected as in `SingleStageFlow`).
 * 3. Cost (`improveCost`): with transport the cheapest cell depends on the order, and in a busy season the cheap
 *    cells are full, so units are moved to a cheaper cell with room, or swapped with another order's units there
 *    when that order may use the cell given up and the two together pay less (a negative 2-cycle of the min-cost
 *    flow), keeping the fill.
 */
export class ConstrainedSingleStageFlow {
  private readonly residual: Int32Array;
  private readonly listingLeft: Float64Array;
  private readonly open: Int32Array;
  private readonly units = new Map<number, number>();
  private readonly pairUnits = new Map<number, number>();
  private readonly cellOrders: (number[] | undefined)[];
  private readonly orderCells: number[][];
  private readonly cellCount: number;
  private readonly cellSeen: Int32Array;
  private readonly cellParent: Int32Array;
  private readonly orderParent: Int32Array;
  private readonly orderSeen: Int32Array;
  private stamp = 0;
  private readonly sequence: number[];

  /** `respectMinimums` false relaxes minimum order quantities, as the LP does (the yardstick's maximum flow). */
  constructor(
    readonly model: ReplanModel,
    private readonly respectMinimums = true,
  ) {
    const flexibility = (o: number) => {
      const k = model.stageStart[o];
      const days = Math.max(0, model.stageLastDay[k] - model.stageFirstDay[k] + 1);
      return (model.eligibleStart[k + 1] - model.eligibleStart[k]) * days;
    };
    this.sequence = Array.from({ length: model.orderCount }, (_, o) => o).sort(
      (a, b) => flexibility(a) - flexibility(b) || a - b,
    );
    this.cellCount = model.listingCount * model.dayCount;
    this.residual = model.free.slice();
    this.listingLeft = model.fairnessCap.slice();
    this.open = model.demand.slice();
    this.cellOrders = new Array<number[] | undefined>(this.cellCount);
    this.orderCells = Array.from({ length: model.orderCount }, () => []);
    this.cellSeen = new Int32Array(this.cellCount);
    this.cellParent = new Int32Array(this.cellCount);
    this.orderParent = new Int32Array(model.orderCount);
    this.orderSeen = new Int32Array(model.orderCount);
  }

  totalFilled(): number {
    let filled = 0;
    for (let o = 0; o < this.model.orderCount; o++) filled += this.model.demand[o] - this.open[o];
    return filled;
  }

  fill(shouldStop: () => boolean): boolean {
    for (let i = 0; i < this.sequence.length; i++) {
      if ((i & 255) === 0 && shouldStop()) return false;
      this.fillOrder(this.sequence[i]);
    }
    return true;
  }

  /** Augments until no path is left (or, with `patience`, until searches stop paying); false when stopped. */
  augment(shouldStop: () => boolean, patience?: { searches: number; minGain: number }): boolean {
    const gains: number[] = [];
    let recent = 0;
    for (;;) {
      if (shouldStop()) return false;
      const gain = this.augmentOnce();
      if (gain === 0) return true;
      if (!patience) continue;
      gains.push(gain);
      recent += gain;
      if (gains.length > patience.searches) recent -= gains[gains.length - 1 - patience.searches];
      if (gains.length >= patience.searches && recent < patience.minGain) return true;
    }
  }

  toAllocationState(): AllocationState {
    const state = new AllocationState(this.model);
    const cell = new Int32Array(1);
    for (let o = 0; o < this.model.orderCount; o++) {
      for (const c of [...this.orderCells[o]].sort((a, b) => a - b)) {
        cell[0] = c;
        state.addBundle(o, cell, this.units.get(o * this.cellCount + c)!);
      }
    }
    return state;
  }

  /** Takes away every split below its listing's minimum order quantity; returns the units taken. */
  dropSplitsBelowMinimum(): number {
    const { model } = this;
    const T = model.dayCount;
    const before = this.totalFilled();
    const below = [...this.pairUnits.entries()].filter(
      ([pair, units]) => units < model.minOrderQuantity[pair % model.listingCount],
    );
    for (const [pair] of below) {
      const o = Math.floor(pair / model.listingCount);
      const l = pair % model.listingCount;
      for (const cell of [...this.orderCells[o]]) {
        if (Math.floor(cell / T) === l) this.add(o, cell, -this.units.get(o * this.cellCount + cell)!);
      }
    }
    return before - this.totalFilled();
  }

  /**
   * Moves and swaps that lower goods + transport cost without changing any order's units, cheapest alternatives
   * first, until a pass gains nothing or `cellBudget` cells were looked at. Returns false when stopped.
   */
  improveCost(cellBudget: number, shouldStop: () => boolean): boolean {
    let budget = cellBudget;
    for (let pass = 0; pass < 4 && budget > 0; pass++) {
      let gained = 0;
      for (let i = 0; i < this.sequence.length && budget > 0; i++) {
        if ((i & 255) === 0 && shouldStop()) return false;
        const o = this.sequence[i];
        for (const cell of [...this.orderCells[o]]) {
          const [gain, looked] = this.improveCell(o, cell);
          gained += gain;
          budget -= looked;
        }
      }
      if (gained <= MIN_SWAP_GAIN_FEN) break;
    }
    return true;
  }

  /** Tries to move order o's units off one cell more cheaply; returns the fen saved and the cells looked at. */
  private improveCell(o: number, from: number): [number, number] {
    const { model } = this;
    const T = model.dayCount;
    const k = model.stageStart[o];
    const fromListing = Math.floor(from / T);
    const fromDay = from % T;
    const fromCost = pairCost(model, k, fromListing);
    let gained = 0;
    let looked = 0;
    for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
      if (model.eligibleCost[i] >= fromCost - MIN_SWAP_GAIN_FEN) break;
      const l = model.eligible[i];
      for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k]; t++) {
        const units = this.units.get(o * this.cellCount + from) ?? 0;
        if (units <= 0) return [gained, looked];
        const to = l * T + t;
        if (model.free[to] <= 0) continue;
        looked++;
        if (this.residual[to] > 0 && this.listingLeft[l] >= 1) {
          const moved = Math.min(units, this.residual[to], Math.floor(this.listingLeft[l]));
          if (this.keepsMinimums(o, fromListing, l, moved)) {
            this.add(o, from, -moved);
            this.add(o, to, moved);
            gained += moved * (fromCost - model.eligibleCost[i]);
            continue;
          }
        }
        for (const other of [...(this.cellOrders[to] ?? [])]) {
          if (other === o) continue;
          const kOther = model.stageStart[other];
          if (fromDay < model.stageFirstDay[kOther] || fromDay > model.stageLastDay[kOther]) continue;
          if (!isEligiblePair(model, kOther, fromListing)) continue;
          const gain =
            fromCost - model.eligibleCost[i] + pairCost(model, kOther, l) - pairCost(model, kOther, fromListing);
          if (gain <= MIN_SWAP_GAIN_FEN) continue;
          const swapped = Math.min(
            this.units.get(o * this.cellCount + from) ?? 0,
            this.units.get(other * this.cellCount + to) ?? 0,
          );
          if (swapped <= 0 || !this.keepsMinimums(o, fromListing, l, swapped)) continue;
          if (!this.keepsMinimums(other, l, fromListing, swapped)) continue;
          this.add(o, from, -swapped);
          this.add(o, to, swapped);
          this.add(other, to, -swapped);
          this.add(other, from, swapped);
          gained += swapped * gain;
        }
      }
    }
    return [gained, looked];
  }

  /** Moving `units` of order o from one listing to another leaves both splits at zero or at least their minimum. */
  private keepsMinimums(o: number, from: number, to: number, units: number): boolean {
    if (!this.respectMinimums) return true;
    const { listingCount, minOrderQuantity } = this.model;
    const left = (this.pairUnits.get(o * listingCount + from) ?? 0) - units;
    if (left > 0 && left < minOrderQuantity[from]) return false;
    return (this.pairUnits.get(o * listingCount + to) ?? 0) + units >= minOrderQuantity[to];
  }

  private fillOrder(o: number): void {
    const { model } = this;
    const T = model.dayCount;
    const k = model.stageStart[o];
    const first = model.stageFirstDay[k];
    const last = model.stageLastDay[k];
    for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1] && this.open[o] > 0; i++) {
      const l = model.eligible[i];
      if (this.listingLeft[l] < 1) continue;
      const minimum = this.minimumOf(l);
      if (minimum > 0) {
        let room = 0;
        for (let t = first; t <= last; t++) room += this.residual[l * T + t];
        if (Math.min(this.open[o], room, Math.floor(this.listingLeft[l])) < minimum) continue;
      }
      for (let t = first; t <= last && this.open[o] > 0 && this.listingLeft[l] >= 1; t++) {
        const cell = l * T + t;
        if (this.residual[cell] > 0) {
          this.add(o, cell, Math.min(this.open[o], this.residual[cell], Math.floor(this.listingLeft[l])));
        }
      }
    }
  }

  private augmentOnce(): number {
    const { model } = this;
    const T = model.dayCount;
    const stamp = ++this.stamp;
    const queue: number[] = [];
    for (const o of this.sequence) {
      if (this.open[o] <= 0) continue;
      this.orderSeen[o] = stamp;
      this.orderParent[o] = -1;
      queue.push(o);
    }
    const sinks: number[] = [];
    let layerEnd = queue.length;
    for (let head = 0; head < queue.length; head++) {
      if (head === layerEnd) {
        if (sinks.length > 0) break;
        layerEnd = queue.length;
      }
      const o = queue[head];
      const k = model.stageStart[o];
      const first = model.stageFirstDay[k];
      const last = model.stageLastDay[k];
      for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
        const l = model.eligible[i];
        // Splits may only grow on a listing with a minimum where the order already has one.
        if (this.minimumOf(l) > 0 && !this.pairUnits.has(o * model.listingCount + l)) continue;
        for (let t = first; t <= last; t++) {
          const cell = l * T + t;
          if (this.cellSeen[cell] === stamp || model.free[cell] <= 0) continue;
          this.cellSeen[cell] = stamp;
          this.cellParent[cell] = o;
          if (this.residual[cell] > 0 && this.listingLeft[l] >= 1) {
            sinks.push(cell);
            continue;
          }
          for (const other of this.cellOrders[cell] ?? []) {
            if (this.orderSeen[other] === stamp || this.givable(other, cell) <= 0) continue;
            this.orderSeen[other] = stamp;
            this.orderParent[other] = cell;
            queue.push(other);
          }
        }
      }
    }
    let pushed = 0;
    for (const sink of sinks) pushed += this.pushAlong(sink);
    return pushed;
  }

  private pushAlong(sink: number): number {
    const T = this.model.dayCount;
    let units = Math.min(this.residual[sink], Math.floor(this.listingLeft[Math.floor(sink / T)]));
    let o = this.cellParent[sink];
    let cell = this.orderParent[o];
    while (cell >= 0 && units > 0) {
      units = Math.min(units, this.givable(o, cell));
      o = this.cellParent[cell];
      cell = this.orderParent[o];
    }
    units = Math.min(units, this.open[o]);
    if (units <= 0) return 0;
    o = this.cellParent[sink];
    this.add(o, sink, units);
    cell = this.orderParent[o];
    while (cell >= 0) {
      this.add(o, cell, -units);
      o = this.cellParent[cell];
      this.add(o, cell, units);
      cell = this.orderParent[o];
    }
    return units;
  }

  private givable(o: number, cell: number): number {
    const units = this.units.get(o * this.cellCount + cell) ?? 0;
    const l = Math.floor(cell / this.model.dayCount);
    const minimum = this.minimumOf(l);
    if (minimum === 0) return units;
    return Math.max(0, Math.min(units, (this.pairUnits.get(o * this.model.listingCount + l) ?? 0) - minimum));
  }

  private minimumOf(l: number): number {
    return this.respectMinimums ? this.model.minOrderQuantity[l] : 0;
  }

  private add(o: number, cell: number, units: number): void {
    if (units === 0) return;
    const l = Math.floor(cell / this.model.dayCount);
    const key = o * this.cellCount + cell;
    const before = this.units.get(key) ?? 0;
    const after = before + units;
    if (after === 0) {
      this.units.delete(key);
      removeFrom(this.cellOrders[cell]!, o);
      removeFrom(this.orderCells[o], cell);
    } else {
      this.units.set(key, after);
      if (before === 0) {
        (this.cellOrders[cell] ??= []).push(o);
        this.orderCells[o].push(cell);
      }
    }
    const pair = o * this.model.listingCount + l;
    const pairAfter = (this.pairUnits.get(pair) ?? 0) + units;
    if (pairAfter === 0) this.pairUnits.delete(pair);
    else this.pairUnits.set(pair, pairAfter);
    this.residual[cell] -= units;
    this.listingLeft[l] -= units;
    this.open[o] -= units;
  }
}

function removeFrom(list: number[], value: number): void {
  const i = list.indexOf(value);
  list[i] = list[list.length - 1];
  list.pop();
}
