import { pairCost, type ReplanModel } from './replan-model';

/**
 * Work in progress of one re-plan: units are kept as "bundles", each a batch of one order's units with one cell
 * (listing-day) per route stage, the days strictly increasing by at least lead + 1. Any set of bundles is then a
 * valid pipelined flow, and only units that pass every stage are ever planned.
 * A "segment" is one stage of one bundle, encoded `bundle * stride + stage`.
 */
export class AllocationState {
  readonly stride: number;
  readonly residual: Int32Array;
  readonly listingLeft: Float64Array;
  readonly filled: Int32Array;
  readonly orderBundles: number[][];
  readonly cellSegments: (number[] | undefined)[];
  /** Units per (stage, listing), key `stage * listingCount + listing`: what minimum order quantities apply to. */
  readonly pairUnits = new Map<number, number>();
  /** (stage, listing) pairs the minimum-order repair took away; routing avoids them afterwards. */
  readonly banned: Set<number>;
  /** Told of every (listing, day) that got capacity back, so indexes of full cells can reopen it. */
  private readonly releaseListeners: ((listing: number, day: number) => void)[] = [];
  bundleCount = 0;
  bundleOrder = new Int32Array(1024);
  bundleUnits = new Int32Array(1024);
  bundleCell: Int32Array;

  constructor(
    readonly model: ReplanModel,
    banned: Set<number> = new Set(),
  ) {
    this.stride = model.maxStages;
    this.residual = model.free.slice();
    this.listingLeft = model.fairnessCap.slice();
    this.filled = new Int32Array(model.orderCount);
    this.orderBundles = Array.from({ length: model.orderCount }, () => []);
    this.cellSegments = new Array<number[] | undefined>(model.free.length);
    this.bundleCell = new Int32Array(1024 * this.stride);
    this.banned = banned;
  }

  onRelease(listener: (listing: number, day: number) => void): void {
    this.releaseListeners.push(listener);
  }

  pairKey(stage: number, listing: number): number {
    return stage * this.model.listingCount + listing;
  }

  /** Creates a bundle of `units` for `order` on `cells` (one per stage) and books the capacity. */
  addBundle(order: number, cells: ArrayLike<number>, units: number): number {
    const b = this.bundleCount++;
    if (b >= this.bundleUnits.length) this.grow();
    this.bundleOrder[b] = order;
    this.bundleUnits[b] = units;
    const k0 = this.model.stageStart[order];
    const stages = this.model.stageStart[order + 1] - k0;
    for (let s = 0; s < stages; s++) {
      const cell = cells[s];
      this.bundleCell[b * this.stride + s] = cell;
      this.book(k0 + s, cell, units);
      this.attach(cell, b * this.stride + s);
    }
    this.filled[order] += units;
    this.orderBundles[order].push(b);
    return b;
  }

  /** Takes `units` off a bundle at every stage and frees the capacity. */
  shrinkBundle(b: number, units: number): void {
    const order = this.bundleOrder[b];
    const k0 = this.model.stageStart[order];
    const stages = this.model.stageStart[order + 1] - k0;
    for (let s = 0; s < stages; s++) this.book(k0 + s, this.bundleCell[b * this.stride + s], -units);
    this.bundleUnits[b] -= units;
    this.filled[order] -= units;
    if (this.bundleUnits[b] > 0) return;
    for (let s = 0; s < stages; s++) this.detach(this.bundleCell[b * this.stride + s], b * this.stride + s);
    const list = this.orderBundles[order];
    list.splice(list.indexOf(b), 1);
  }

  /** Moves `units` of one stage of a bundle to another cell, splitting the bundle when only part moves. */
  moveSegment(b: number, s: number, cell: number, units: number): void {
    if (units <= 0) return;
    const order = this.bundleOrder[b];
    if (units < this.bundleUnits[b]) {
      const cells = this.bundleCell.slice(b * this.stride, b * this.stride + this.stride);
      cells[s] = cell;
      this.shrinkBundle(b, units);
      this.addBundle(order, cells, units);
      return;
    }
    const k = this.model.stageStart[order] + s;
    const old = this.bundleCell[b * this.stride + s];
    this.book(k, old, -units);
    this.detach(old, b * this.stride + s);
    this.bundleCell[b * this.stride + s] = cell;
    this.book(k, cell, units);
    this.attach(cell, b * this.stride + s);
  }

  /** The segments booked on a cell. */
  segmentsAt(cell: number): readonly number[] {
    return this.cellSegments[cell] ?? [];
  }

  pairUnitsOf(stage: number, listing: number): number {
    return this.pairUnits.get(this.pairKey(stage, listing)) ?? 0;
  }

  totalFilled(): number {
    let total = 0;
    for (let o = 0; o < this.filled.length; o++) total += this.filled[o];
    return total;
  }

  /** Sum over bundles of units × (effective cost + transport) of every stage: the engines' secondary objective. */
  totalEffectiveCost(): number {
    const { listingCount } = this.model;
    let cost = 0;
    for (const [key, units] of this.pairUnits) {
      cost += units * pairCost(this.model, Math.floor(key / listingCount), key % listingCount);
    }
    return cost;
  }

  private book(stage: number, cell: number, units: number): void {
    const listing = Math.floor(cell / this.model.dayCount);
    if (units < 0 && this.releaseListeners.length > 0) {
      const T = this.model.dayCount;
      // A listing at its fairness cap looked full on every day; with room again, every day of it may open.
      const days = this.listingLeft[listing] < 1 ? Array.from({ length: T }, (_, t) => t) : [cell % T];
      for (const listener of this.releaseListeners) for (const t of days) listener(listing, t);
    }
    this.residual[cell] -= units;
    this.listingLeft[listing] -= units;
    const key = this.pairKey(stage, listing);
    const next = (this.pairUnits.get(key) ?? 0) + units;
    if (next === 0) this.pairUnits.delete(key);
    else this.pairUnits.set(key, next);
  }

  private attach(cell: number, segment: number): void {
    const list = this.cellSegments[cell];
    if (list) list.push(segment);
    else this.cellSegments[cell] = [segment];
  }

  private detach(cell: number, segment: number): void {
    const list = this.cellSegments[cell]!;
    const i = list.indexOf(segment);
    list[i] = list[list.length - 1];
    list.pop();
  }

  private grow(): void {
    const size = this.bundleUnits.length * 2;
    const order = new Int32Array(size);
    order.set(this.bundleOrder);
    this.bundleOrder = order;
    const units = new Int32Array(size);
    units.set(this.bundleUnits);
    this.bundleUnits = units;
    const cells = new Int32Array(size * this.stride);
    cells.set(this.bundleCell);
    this.bundleCell = cells;
  }
}
