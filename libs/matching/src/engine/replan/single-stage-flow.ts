import { AllocationState } from './allocation-state';
import { ConstrainedSingleStageFlow } from './constrained-single-stage-flow';
import { isEligible, type ReplanModel } from './replan-model';

/**
 * Re-planning when every order has one stage: a transportation problem (orders → listing-days), solved for the
 * most units as a maximum flow, each order taking the cheapest cells it can.
 *
 * The order × listing × day arcs (tens of millions at 8,000 firms) are never built. Listings of one process are
 * grouped by minimum order quantity and sorted cheapest first, so an order may use a prefix of each group it meets
 * the minimum of (its price ceiling) on each day of its window. For every group and day a union-find over those
 * ranks answers "the next cell not yet visited" (during a search) or "the next cell with room" (while filling), so
 * one breadth-first search over the whole residual graph costs about one visit per cell plus one lookup per order,
 * group and day.
 *
 * 1. Fill: orders, least flexible first (fewest eligible listing-days), take the cheapest cells with room: a warm
 *    start that on busy-season parks comes within a fraction of a percent of the maximum, since the orders that
 *    can go elsewhere leave the scarce cells to those that cannot.
 * 2. Augment: a breadth-first search from every order still short through the residual graph (an order, a cell it
 *    may use, an order with units on that cell which could move them, ...) to a cell with room; push units along
 *    every path found, repeat until a search finds none. Then no augmenting path exists: the fill is the maximum.
 *
 * With `respectMinimums` (the engine) no step makes a split below a listing's minimum order quantity: the warm
 * start opens a split on such a listing only for at least its minimum, and a path may add units to a split only
 * where the listing has no minimum or the order already has a split there, and take units off one only down to
 * the minimum. Without it (the yardstick) minimums are relaxed as in the LP, and the fill is the LP optimum's.
 */
export class SingleStageFlow {
  private readonly residual: Int32Array;
  private readonly listingLeft: Float64Array;
  /** Units each order still lacks. */
  private readonly open: Int32Array;
  /** Units per (order, cell), key `order * cellCount + cell`. */
  private readonly units = new Map<number, number>();
  /** Units per (order, listing), key `order * listingCount + listing`: what minimum order quantities apply to. */
  private readonly pairUnits = new Map<number, number>();
  private readonly cellOrders: (number[] | undefined)[];
  private readonly orderCells: number[][];

  /** Groups: listings of one process with one minimum order quantity, cheapest effective cost first. */
  private readonly groupListings: Int32Array[] = [];
  /** Whether the group's list prices also ascend, so that a price ceiling cuts it at a prefix. */
  private readonly groupPriceSorted: boolean[] = [];
  /** Groups of each process, smallest minimum order quantity first: `[processGroupStart[p], processGroupStart[p+1])`. */
  private readonly processGroupStart: Int32Array;
  /** Offset of the union-find of (group, day) in `visitNext` / `roomNext`; each has the group's length + 1 slots. */
  private readonly slotBase: Int32Array;
  private readonly listingGroup: Int32Array;
  private readonly listingRank: Int32Array;
  /** Union-find "next unvisited cell" per (group, day); `visitStart` is its state at the start of a search. */
  private readonly visitNext: Int32Array;
  private readonly visitStart: Int32Array;
  /** Union-find "next cell with room" per (group, day). */
  private readonly roomNext: Int32Array;

  private readonly cellCount: number;
  private readonly cellParent: Int32Array;
  private readonly orderParent: Int32Array;
  private readonly orderSeen: Int32Array;
  private searchStamp = 0;
  /** Breadth-first searches run so far. */
  searches = 0;

  /** Least flexible orders first: fewest eligible listings times days in the window, then id. */
  private readonly sequence: number[];

  constructor(
    readonly model: ReplanModel,
    private readonly respectMinimums: boolean,
  ) {
    const T = model.dayCount;
    const flexibility = (o: number) => {
      const k = model.stageStart[o];
      const days = Math.max(0, model.stageLastDay[k] - model.stageFirstDay[k] + 1);
      return (model.eligibleStart[k + 1] - model.eligibleStart[k]) * days;
    };
    this.sequence = Array.from({ length: model.orderCount }, (_, o) => o).sort(
      (a, b) => flexibility(a) - flexibility(b) || a - b,
    );
    this.cellCount = model.listingCount * T;
    this.residual = model.free.slice();
    this.listingLeft = model.fairnessCap.slice();
    this.open = model.demand.slice();
    this.cellOrders = new Array<number[] | undefined>(this.cellCount);
    this.orderCells = Array.from({ length: model.orderCount }, () => []);
    this.cellParent = new Int32Array(this.cellCount);
    this.orderParent = new Int32Array(model.orderCount);
    this.orderSeen = new Int32Array(model.orderCount);
    this.listingGroup = new Int32Array(model.listingCount);
    this.listingRank = new Int32Array(model.listingCount);

    this.processGroupStart = new Int32Array(model.processListings.length + 1);
    model.processListings.forEach((listings, p) => {
      const byMinimum = new Map<number, number[]>();
      for (const l of listings) {
        const list = byMinimum.get(model.minOrderQuantity[l]) ?? [];
        list.push(l);
        byMinimum.set(model.minOrderQuantity[l], list);
      }
      for (const minimum of [...byMinimum.keys()].sort((a, b) => a - b)) {
        const list = Int32Array.from(byMinimum.get(minimum)!);
        const g = this.groupListings.length;
        list.forEach((l, rank) => {
          this.listingGroup[l] = g;
          this.listingRank[l] = rank;
        });
        this.groupListings.push(list);
        this.groupPriceSorted.push(list.every((l, i) => i === 0 || model.price[list[i - 1]] <= model.price[l]));
      }
      this.processGroupStart[p + 1] = this.groupListings.length;
    });
    this.slotBase = new Int32Array(this.groupListings.length * T + 1);
    let offset = 0;
    this.groupListings.forEach((list, g) => {
      for (let t = 0; t < T; t++) {
        this.slotBase[g * T + t] = offset;
        offset += list.length + 1;
      }
    });
    this.slotBase[this.groupListings.length * T] = offset;
    this.visitStart = new Int32Array(offset);
    this.visitNext = new Int32Array(offset);
    this.roomNext = new Int32Array(offset);
    // Cells with nothing free are never of use: they start out visited, for every search.
    this.groupListings.forEach((list, g) => {
      for (let t = 0; t < T; t++) {
        const base = this.slotBase[g * T + t];
        for (let rank = 0; rank <= list.length; rank++) {
          const useful = rank === list.length || model.free[list[rank] * T + t] > 0;
          this.visitStart[base + rank] = useful ? base + rank : base + rank + 1;
        }
      }
    });
    this.rebuildRoomIndex();
  }

  totalFilled(): number {
    let filled = 0;
    for (let o = 0; o < this.model.orderCount; o++) filled += this.model.demand[o] - this.open[o];
    return filled;
  }

  /** Greedy warm start: each order in turn, cheapest cells with room first. Returns false when stopped. */
  fill(shouldStop: () => boolean): boolean {
    for (let i = 0; i < this.sequence.length; i++) {
      if ((i & 255) === 0 && shouldStop()) return false;
      if (this.open[this.sequence[i]] > 0) this.fillOrder(this.sequence[i]);
    }
    return true;
  }

  /**
   * Augments until no path is left, when the fill is the maximum. With `patience`, it also ends once `searches`
   * searches in a row together added less than `minGain` units (a long tail of a few units per search on parks
   * of many small firms). Returns false when stopped first; the flow is valid either way.
   */
  augment(shouldStop: () => boolean, patience?: { searches: number; minGain: number }): boolean {
    const gains: number[] = [];
    let recent = 0;
    for (;;) {
      if (shouldStop()) return false;
      this.searches++;
      const gain = this.augmentOnce();
      if (gain === 0) return true;
      if (!patience) continue;
      gains.push(gain);
      recent += gain;
      if (gains.length > patience.searches) recent -= gains[gains.length - 1 - patience.searches];
      if (gains.length >= patience.searches && recent < patience.minGain) return true;
    }
  }

  /** The plan as bundles (one per order and cell), from which the result is built. */
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

  private fillOrder(o: number): void {
    const { model } = this;
    const T = model.dayCount;
    const k = model.stageStart[o];
    const first = model.stageFirstDay[k];
    const last = model.stageLastDay[k];
    if (first > last || model.eligibleStart[k + 1] === model.eligibleStart[k]) return;
    // One stream per (group, day), each at its cheapest eligible cell with room; take the cheapest head. All days
    // of a listing cost the same, so taking a listing takes it on every day of the window at once.
    const streamGroup: number[] = [];
    const streamBase: number[] = [];
    const streamEnd: number[] = [];
    const head: number[] = [];
    const headListing: number[] = [];
    const headCost: number[] = [];
    // Listings this order is done with: taken, or with a minimum it cannot meet from what is left of them.
    const done = new Set<number>();
    const advance = (i: number, from: number) => {
      const g = streamGroup[i];
      const base = streamBase[i];
      let slot = this.nextEligible(this.roomNext, base, find(this.roomNext, from), streamEnd[i] - base, k, g);
      while (slot < streamEnd[i] && done.has(this.groupListings[g][slot - base])) {
        slot = this.nextEligible(this.roomNext, base, find(this.roomNext, slot + 1), streamEnd[i] - base, k, g);
      }
      head[i] = slot;
      headListing[i] = slot < streamEnd[i] ? this.groupListings[g][slot - base] : -1;
      headCost[i] = slot < streamEnd[i] ? model.effectiveCost[headListing[i]] : Infinity;
    };
    const p = model.stageProcess[k];
    for (let g = this.processGroupStart[p]; g < this.processGroupStart[p + 1]; g++) {
      if (model.minOrderQuantity[this.groupListings[g][0]] > model.demand[o]) break;
      const limit = this.eligibleLimit(g, k);
      for (let t = first; t <= last; t++) {
        const i = head.length;
        streamGroup.push(g);
        streamBase.push(this.slotBase[g * T + t]);
        streamEnd.push(this.slotBase[g * T + t] + limit);
        head.push(0);
        headListing.push(-1);
        headCost.push(Infinity);
        advance(i, streamBase[i]);
      }
    }
    while (this.open[o] > 0) {
      let best = -1;
      for (let i = 0; i < head.length; i++) {
        if (headCost[i] < (best < 0 ? Infinity : headCost[best])) best = i;
      }
      if (best < 0) return;
      const l = headListing[best];
      done.add(l);
      const minimum = this.minimumOf(l);
      let take = true;
      if (minimum > 0 && !this.pairUnits.has(o * model.listingCount + l)) {
        let room = 0;
        for (let t = first; t <= last; t++) room += this.residual[l * T + t];
        take = Math.min(this.open[o], room, Math.floor(this.listingLeft[l])) >= minimum;
      }
      for (let t = first; take && t <= last && this.open[o] > 0 && this.listingLeft[l] >= 1; t++) {
        const cell = l * T + t;
        this.add(o, cell, Math.min(this.open[o], this.residual[cell], Math.floor(this.listingLeft[l])));
      }
      for (let i = 0; i < head.length; i++) if (headListing[i] === l) advance(i, head[i]);
    }
  }

  /** One breadth-first search from all orders still short; pushes units along every path it finds. */
  private augmentOnce(): number {
    const { model } = this;
    const T = model.dayCount;
    const stamp = ++this.searchStamp;
    this.visitNext.set(this.visitStart);
    const queue: number[] = [];
    for (const o of this.sequence) {
      if (this.open[o] <= 0) continue;
      this.orderSeen[o] = stamp;
      this.orderParent[o] = -1;
      queue.push(o);
    }
    const sinks: number[] = [];
    const visit = (o: number, cell: number) => {
      this.cellParent[cell] = o;
      const l = Math.floor(cell / T);
      if (this.residual[cell] > 0 && this.listingLeft[l] >= 1) {
        sinks.push(cell);
        return;
      }
      for (const other of this.cellOrders[cell] ?? []) {
        if (this.orderSeen[other] === stamp || this.givable(other, cell) <= 0) continue;
        this.orderSeen[other] = stamp;
        this.orderParent[other] = cell;
        queue.push(other);
      }
    };
    // Shortest paths only: the search stops at the end of the first layer that reached a cell with room.
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
      if (first > last || model.eligibleStart[k + 1] === model.eligibleStart[k]) continue;
      const p = model.stageProcess[k];
      let listings: number[] | null = null;
      for (let g = this.processGroupStart[p]; g < this.processGroupStart[p + 1]; g++) {
        const list = this.groupListings[g];
        const minimum = this.minimumOf(list[0]);
        if (model.minOrderQuantity[list[0]] > model.demand[o]) break;
        if (minimum > 0) {
          // Only splits the order already has may grow on listings with a minimum.
          listings ??= this.listingsOf(o);
          for (const l of listings) {
            if (this.listingGroup[l] !== g || !isEligible(model, k, l)) continue;
            for (let t = first; t <= last; t++) {
              const slot = this.slotBase[g * T + t] + this.listingRank[l];
              if (find(this.visitNext, slot) !== slot) continue;
              this.visitNext[slot] = slot + 1;
              visit(o, l * T + t);
            }
          }
          continue;
        }
        const limit = this.eligibleLimit(g, k);
        for (let t = first; t <= last; t++) {
          const base = this.slotBase[g * T + t];
          let slot = this.nextEligible(this.visitNext, base, find(this.visitNext, base), limit, k, g);
          while (slot < base + limit) {
            this.visitNext[slot] = slot + 1;
            visit(o, list[slot - base] * T + t);
            slot = this.nextEligible(this.visitNext, base, find(this.visitNext, slot + 1), limit, k, g);
          }
        }
      }
    }
    let pushed = 0;
    for (const sink of sinks) pushed += this.pushAlong(sink);
    return pushed;
  }

  private listingsOf(o: number): number[] {
    const T = this.model.dayCount;
    return [...new Set(this.orderCells[o].map((cell) => Math.floor(cell / T)))];
  }

  /** Pushes as many units as the path from its source order to `sink` allows (0 when an earlier push used it up). */
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

  /** Ranks past a group's eligible prefix are dearer than the order's ceiling (when prices ascend in the group). */
  private eligibleLimit(g: number, k: number): number {
    const list = this.groupListings[g];
    if (!this.groupPriceSorted[g]) return list.length;
    const ceiling = this.model.stageCeiling[k];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.model.price[list[mid]] <= ceiling) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** From `slot` on, the first slot of the union-find whose listing stage k may use (or base + limit). */
  private nextEligible(next: Int32Array, base: number, slot: number, limit: number, k: number, g: number): number {
    const list = this.groupListings[g];
    while (slot < base + limit) {
      const l = list[slot - base];
      if (isEligible(this.model, k, l)) return slot;
      slot = find(next, slot + 1);
    }
    return base + limit;
  }

  /** Adds (or with negative units removes) units of order o on a cell, keeping every index in step. */
  private add(o: number, cell: number, units: number): void {
    if (units === 0) return;
    const T = this.model.dayCount;
    const l = Math.floor(cell / T);
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
    if (units > 0 && this.residual[cell] <= 0) this.closeRoom(l, cell % T);
    if (units > 0 && this.listingLeft[l] < 1) for (let t = 0; t < T; t++) this.closeRoom(l, t);
  }

  private closeRoom(l: number, t: number): void {
    const g = this.listingGroup[l];
    const slot = this.slotBase[g * this.model.dayCount + t] + this.listingRank[l];
    this.roomNext[slot] = slot + 1;
  }

  private rebuildRoomIndex(): void {
    const T = this.model.dayCount;
    this.groupListings.forEach((list, g) => {
      for (let t = 0; t < T; t++) {
        const base = this.slotBase[g * T + t];
        for (let rank = 0; rank <= list.length; rank++) {
          const l = list[rank];
          const room = rank === list.length || (this.residual[l * T + t] > 0 && this.listingLeft[l] >= 1);
          this.roomNext[base + rank] = room ? base + rank : base + rank + 1;
        }
      }
    });
  }

  /** Takes away every split below its listing's minimum order quantity (a last guard); returns the units taken. */
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

  private minimumOf(l: number): number {
    return this.respectMinimums ? this.model.minOrderQuantity[l] : 0;
  }

  /** Units order o could take off a cell without its split on that listing falling below the minimum. */
  private givable(o: number, cell: number): number {
    const units = this.units.get(o * this.cellCount + cell) ?? 0;
    const l = Math.floor(cell / this.model.dayCount);
    const minimum = this.minimumOf(l);
    if (minimum === 0) return units;
    return Math.max(0, Math.min(units, (this.pairUnits.get(o * this.model.listingCount + l) ?? 0) - minimum));
  }
}

/** Union-find root with path halving: the next slot at or after `slot` not yet taken out. */
function find(next: Int32Array, slot: number): number {
  while (next[slot] !== slot) {
    next[slot] = next[next[slot]];
    slot = next[slot];
  }
  return slot;
}

function removeFrom(list: number[], value: number): void {
  const i = list.indexOf(value);
  list[i] = list[list.length - 1];
  list.pop();
}

/**
 * The filled units of the LP optimum of a single-stage instance (minimum order quantities relaxed, as in the LP),
 * exactly: the maximum flow. A yardstick where the time-indexed LP is too big for a solver.
 */
export function singleStageMaximumFill(model: ReplanModel): number {
  if (model.maxStages !== 1) throw new RangeError('singleStageMaximumFill takes single-stage instances only');
  const flow = model.stageConstrained.some((flag) => flag === 1)
    ? new ConstrainedSingleStageFlow(model, false)
    : new SingleStageFlow(model, false);
  flow.fill(() => false);
  flow.augment(() => false);
  return flow.totalFilled();
}
