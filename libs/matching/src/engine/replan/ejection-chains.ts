import type { AllocationState } from './allocation-state';

/**
 * Augmenting paths over the residual flow: to make room on a full cell, move another order's units off it to a
 * cell that the other order may use at that stage (eligible listing, a day between its own neighbouring stages),
 * and if that cell is full too, move someone off that one, and so on (breadth first, so chains stay short).
 * For single-stage orders this is exactly the augmenting-path step of max flow: when no chain exists from a set of
 * cells, every cell reached can never gain room again, so those cells are marked dead and skipped from then on.
 * Moves keep every split at or above its listing's minimum order quantity.
 */
export class EjectionChains {
  private readonly visited: Int32Array;
  private readonly parentCell: Int32Array;
  private readonly parentSegment: Int32Array;
  private readonly dead: Uint8Array;
  private readonly queue: Int32Array;
  private readonly expanded = new Map<number, number>();
  private stamp = 0;

  constructor(private readonly state: AllocationState) {
    const cells = state.model.free.length;
    this.visited = new Int32Array(cells);
    this.parentCell = new Int32Array(cells);
    this.parentSegment = new Int32Array(cells);
    this.dead = new Uint8Array(cells);
    this.queue = new Int32Array(cells);
  }

  isDead(cell: number): boolean {
    return this.dead[cell] === 1;
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
    let tail = 0;
    for (const cell of starts) {
      if (this.visited[cell] === stamp || this.dead[cell]) continue;
      this.visited[cell] = stamp;
      this.parentCell[cell] = -1;
      if (residual[cell] > 0) return [cell, Math.min(units, residual[cell])];
      this.queue[tail++] = cell;
    }
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
        const key = (k * T + lo) * T + hi;
        if (this.expanded.get(key) === stamp) continue;
        this.expanded.set(key, stamp);
        for (let i = model.eligibleStart[k]; i < model.eligibleStart[k + 1]; i++) {
          const l = model.eligible[i];
          if (l !== fromListing && !this.canReceive(k, l)) continue;
          for (let t = lo; t <= hi; t++) {
            const cell = l * T + t;
            work++;
            if (this.visited[cell] === stamp || this.dead[cell] || model.free[cell] <= 0) continue;
            this.visited[cell] = stamp;
            this.parentCell[cell] = from;
            this.parentSegment[cell] = segment;
            if (residual[cell] > 0) return this.apply(cell, units);
            this.queue[tail++] = cell;
          }
        }
        if (work > budget) return null;
      }
    }
    for (let i = 0; i < tail; i++) this.dead[this.queue[i]] = 1;
    return null;
  }

  /** A listing takes moved units only if it has fairness headroom and the split already meets its minimum. */
  private canReceive(k: number, l: number): boolean {
    const { state } = this;
    const minimum = state.model.minOrderQuantity[l];
    if (state.listingLeft[l] < 1) return false;
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
    if (k + 1 < model.stageStart[order + 1]) hi = Math.min(hi, (state.bundleCell[base + s + 1] % T) - model.stageLead[k + 1] - 1);
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
