import type { AllocationState } from './allocation-state';
import { isEligiblePair } from './replan-model';

/**
 * Augmenting paths over the residual flow: to make room on a full cell, move another order's units off it to a
 * cell that the other order may use at that stage (eligible listing, a day between its own neighbouring stages),
 * and if that cell is full too, move someone off that one, and so on (breadth first, so chains stay short).
 * For single-stage orders without minimum order quantities this is exactly the augmenting-path step of max flow:
 * when no chain exists from a set of cells, every cell reached can never gain room again, so those cells are
 * marked dead and skipped from then on. Moves keep every split at or above its listing's minimum order quantity,
 * so units only move to listings without a minimum or to splits of the same order stage already above it.
 */
export class EjectionChains {
  private readonly visited: Int32Array;
  private readonly parentCell: Int32Array;
  private readonly parentSegment: Int32Array;
  private readonly dead: Uint8Array;
  private readonly queue: Int32Array;
  private readonly expanded = new Map<number, number>();
  /** Expansions (stage, day window) whose every cell a failed search reached: dead as a whole. */
  private readonly deadExpansions = new Set<number>();
  private stamp = 0;
  /** Per process: its listings without a minimum order quantity, cheapest first, and each one's place there. */
  private readonly openLists: Int32Array[];
  private readonly openPosition: Int32Array;
  /**
   * Per process and day, "next listing not yet visited by this search" over openLists as a union-find, so that a
   * search touches each cell once however many orders it expands. Writes are logged and undone per search.
   */
  private readonly unvisited: Int32Array[];
  private readonly writtenProcess: number[] = [];
  private readonly writtenPosition: number[] = [];

  /** `workBudget`: cell visits all searches together may spend; then every search gives up at once. */
  constructor(
    private readonly state: AllocationState,
    private workBudget = Infinity,
  ) {
    const cells = state.model.free.length;
    this.visited = new Int32Array(cells);
    this.parentCell = new Int32Array(cells);
    this.parentSegment = new Int32Array(cells);
    this.dead = new Uint8Array(cells);
    this.queue = new Int32Array(cells);
    const { model } = state;
    this.openLists = model.processListings.map((list) => list.filter((l) => model.minOrderQuantity[l] === 0));
    this.openPosition = new Int32Array(model.listingCount).fill(-1);
    this.openLists.forEach((list) => list.forEach((l, i) => (this.openPosition[l] = i)));
    this.unvisited = this.openLists.map((list) => {
      const next = new Int32Array((list.length + 1) * model.dayCount);
      for (let j = 0; j < next.length; j++) next[j] = j % (list.length + 1);
      return next;
    });
  }

  private findUnvisited(p: number, t: number, from: number): number {
    const next = this.unvisited[p];
    const base = t * (this.openLists[p].length + 1);
    let root = from;
    while (next[base + root] !== root) root = next[base + root];
    for (let i = from; next[base + i] !== root;) {
      const after = next[base + i];
      this.write(p, base + i, root);
      i = after;
    }
    return root;
  }

  private markVisited(cell: number): void {
    const T = this.state.model.dayCount;
    const l = Math.floor(cell / T);
    const i = this.openPosition[l];
    if (i < 0) return;
    const p = this.state.model.listingProcess[l];
    this.write(p, (cell % T) * (this.openLists[p].length + 1) + i, i + 1);
  }

  private write(p: number, position: number, value: number): void {
    this.unvisited[p][position] = value;
    this.writtenProcess.push(p);
    this.writtenPosition.push(position);
  }

  private resetUnvisited(): void {
    for (let j = 0; j < this.writtenProcess.length; j++) {
      const p = this.writtenProcess[j];
      const position = this.writtenPosition[j];
      this.unvisited[p][position] = position % (this.openLists[p].length + 1);
    }
    this.writtenProcess.length = 0;
    this.writtenPosition.length = 0;
  }

  /** True when a failed search already showed that no room can be made anywhere in the stage's window. */
  isDeadStage(k: number, lo: number, hi: number): boolean {
    return this.deadExpansions.has(this.expansionKey(k, lo, hi));
  }

  private expansionKey(k: number, lo: number, hi: number): number {
    const T = this.state.model.dayCount;
    return (k * T + lo) * T + hi;
  }

  /**
   * Finds a chain that frees room on one of `starts` (cells the caller wants to use) without moving units of
   * `excludeOrder`, and applies it for up to `units` units. Returns the start cell that got room and how many
   * units it got, or null. Gives up after `budget` cell visits without marking anything dead.
   */
  free(starts: readonly number[], excludeOrder: number, units: number, budget: number): [number, number] | null {
    const { state } = this;
    const { model, residual } = state;
    const T = model.dayCount;
    const stamp = ++this.stamp;
    this.expanded.clear();
    this.resetUnvisited();
    let tail = 0;
    for (const cell of starts) {
      if (this.visited[cell] === stamp || (this.dead[cell] && residual[cell] <= 0)) continue;
      this.visited[cell] = stamp;
      this.markVisited(cell);
      this.parentCell[cell] = -1;
      if (residual[cell] > 0) return [cell, Math.min(units, residual[cell])];
      this.queue[tail++] = cell;
    }
    if (this.workBudget <= 0) return null;
    let work = 0;
    for (let head = 0; head < tail; head++) {
      const from = this.queue[head];
      const fromListing = Math.floor(from / T);
      for (const segment of state.segmentsAt(from)) {
        const b = Math.floor(segment / state.stride);
        const s = segment % state.stride;
        const order = state.bundleOrder[b];
        if (order === excludeOrder) continue;
        const k = model.stageStart[order] + s;
        const minimum = model.minOrderQuantity[fromListing];
        if (minimum > 0 && state.pairUnitsOf(k, fromListing) <= minimum) continue;
        const [lo, hi] = this.window(b, s);
        const key = this.expansionKey(k, lo, hi);
        if (this.expanded.get(key) === stamp || this.deadExpansions.has(key)) continue;
        this.expanded.set(key, stamp);
        const visit = (cell: number): boolean => {
          this.visited[cell] = stamp;
          this.markVisited(cell);
          if (model.free[cell] <= 0 || (this.dead[cell] && residual[cell] <= 0)) return false;
          this.parentCell[cell] = from;
          this.parentSegment[cell] = segment;
          if (residual[cell] > 0) return true;
          this.queue[tail++] = cell;
          return false;
        };
        // Listings without a minimum, through the unvisited index, cheapest first.
        const p = model.stageProcess[k];
        const list = this.openLists[p];
        const ceiling = model.stageCeiling[k];
        for (let t = lo; t <= hi; t++) {
          for (let i = this.findUnvisited(p, t, 0); i < list.length; i = this.findUnvisited(p, t, i + 1)) {
            const l = list[i];
            if (model.effectiveCost[l] > ceiling) break;
            work++;
            if (model.price[l] > ceiling || !this.canReceive(k, l)) continue;
            const cell = l * T + t;
            if (this.visited[cell] !== stamp && visit(cell)) return this.finish(work, cell, units);
          }
        }
        // Listings with a minimum: only the ones this order stage already uses at or above it, and its own.
        for (const l of this.usedListings(b, s, fromListing)) {
          for (let t = lo; t <= hi; t++) {
            const cell = l * T + t;
            work++;
            if (this.visited[cell] !== stamp && visit(cell)) return this.finish(work, cell, units);
          }
        }
        if (work > budget) {
          this.workBudget -= work;
          return null;
        }
      }
    }
    this.workBudget -= work;
    for (let i = 0; i < tail; i++) this.dead[this.queue[i]] = 1;
    for (const [key, seen] of this.expanded) if (seen === stamp) this.deadExpansions.add(key);
    return null;
  }

  private finish(work: number, cell: number, units: number): [number, number] | null {
    this.workBudget -= work;
    return this.apply(cell, units);
  }

  /** Listings with a minimum that the bundle's order stage may move units to: its own, and those it already fills. */
  private usedListings(b: number, s: number, fromListing: number): number[] {
    const { state } = this;
    const { model } = state;
    const order = state.bundleOrder[b];
    const k = model.stageStart[order] + s;
    const listings = model.minOrderQuantity[fromListing] > 0 ? [fromListing] : [];
    for (const other of state.orderBundles[order]) {
      const l = Math.floor(state.bundleCell[other * state.stride + s] / model.dayCount);
      if (model.minOrderQuantity[l] > 0 && !listings.includes(l) && this.canReceive(k, l)) listings.push(l);
    }
    return listings;
  }

  /** A listing takes moved units only if it has fairness headroom and the split already meets its minimum. */
  private canReceive(k: number, l: number): boolean {
    const { state } = this;
    const minimum = state.model.minOrderQuantity[l];
    if (state.listingLeft[l] < 1) return false;
    if (state.model.stageConstrained[k] && !isEligiblePair(state.model, k, l)) return false;
    if (minimum > 0 && state.pairUnitsOf(k, l) < minimum) return false;
    return state.banned.size === 0 || !state.banned.has(state.pairKey(k, l));
  }

  /** Days a bundle's stage may move to without breaking the hand-over from and to its neighbouring stages. */
  private window(b: number, s: number): [number, number] {
    const { state } = this;
    const { model } = state;
    const T = model.dayCount;
    const order = state.bundleOrder[b];
    const k = model.stageStart[order] + s;
    const base = b * state.stride;
    let lo = model.stageFirstDay[k];
    let hi = model.stageLastDay[k];
    if (s > 0) lo = Math.max(lo, (state.bundleCell[base + s - 1] % T) + model.stageLead[k] + 1);
    if (k + 1 < model.stageStart[order + 1])
      hi = Math.min(hi, (state.bundleCell[base + s + 1] % T) - model.stageLead[k + 1] - 1);
    return [lo, hi];
  }

  private apply(end: number, wanted: number): [number, number] | null {
    const { state } = this;
    const { model } = state;
    const T = model.dayCount;
    let units = Math.min(wanted, state.residual[end]);
    const bundles = new Set<number>();
    let start = end;
    for (let cell = end; this.parentCell[cell] >= 0; cell = this.parentCell[cell]) {
      const segment = this.parentSegment[cell];
      const b = Math.floor(segment / state.stride);
      // Moving two stages of one bundle in one chain could break its hand-over: skip such chains.
      if (bundles.has(b)) return null;
      bundles.add(b);
      const k = model.stageStart[state.bundleOrder[b]] + (segment % state.stride);
      const from = Math.floor(this.parentCell[cell] / T);
      const to = Math.floor(cell / T);
      units = Math.min(units, state.bundleUnits[b]);
      if (from !== to) {
        units = Math.min(units, Math.floor(state.listingLeft[to]));
        if (model.minOrderQuantity[from] > 0) {
          units = Math.min(units, state.pairUnitsOf(k, from) - model.minOrderQuantity[from]);
        }
      }
      start = this.parentCell[cell];
    }
    if (units <= 0) return null;
    for (let cell = end; this.parentCell[cell] >= 0; cell = this.parentCell[cell]) {
      const segment = this.parentSegment[cell];
      state.moveSegment(Math.floor(segment / state.stride), segment % state.stride, cell, units);
    }
    return [start, units];
  }
}
