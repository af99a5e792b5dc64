import {
  buildReplanModel,
  resolveFairness,
  type CapacityOffer,
  type OrderDemand,
  type ReplanFairness,
} from '@vg/matching';

/**
 * The yardstick: the LP relaxation of the re-plan, time-indexed. Variables x[stage, listing, day] ≥ 0 are units of
 * one order stage done by one listing on one day; y[stage, day] are their running totals, so the pipelined hand-over
 * "done at stage s by day d ≤ done at stage s-1 by day d - lead - 1" is one row per stage and day. Rows: capacity
 * per listing-day, the fairness cap per listing, demand per stage, and two bookkeeping rows defining `filled`
 * (units through the last stage) and `listcost` (fen at list prices plus transport). Eligibility and costs are
 * the engine's own (`buildReplanModel`: buyer constraints included, cost per piece with transport). Minimum order quantities are relaxed.
 * Objective: maximise filled, then minimise effective cost. The LP text uses one big-M objective so that any LP
 * solver (e.g. native clp) can take it; `lpBound` solves the two levels in turn with HiGHS instead, which is exact.
 * Not used by the engine.
 */
export interface ReplanLpOptions {
  fairness?: Partial<ReplanFairness>;
  /** Only the N cheapest eligible listings per order stage (to measure how candidate pruning hurts). */
  candidatesPerStage?: number;
}

export interface ReplanLp {
  numCols: number;
  numRows: number;
  /** Effective cost per column (0 for y, filled and listcost). */
  colCost: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSR rows. */
  rowStarts: Int32Array;
  rowIndex: Int32Array;
  rowValue: Float64Array;
  filledColumn: number;
  costColumn: number;
  /** Weight of one filled unit in the single big-M objective; larger than any unit's cost along its route. */
  bigM: number;
}

export interface LpBoundResult {
  status: string;
  filledUnits: number;
  /** Fen at list prices of the LP optimum (second level). */
  costFen: number;
  columns: number;
  rows: number;
}

class Growable {
  data: Float64Array;
  length = 0;
  constructor(size = 1024) {
    this.data = new Float64Array(size);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export function buildReplanLp(orders: OrderDemand[], offers: CapacityOffer[], options: ReplanLpOptions = {}): ReplanLp {
  const fairness = resolveFairness(options.fairness);
  const model = buildReplanModel(orders, offers, fairness);
  const T = model.dayCount;
  const perStage = options.candidatesPerStage ?? Infinity;

  // Columns x, enumerated stage → day → listing so that each (stage, day) is one contiguous range.
  const xListing = new Growable();
  const xCell = new Growable();
  // Cost per piece of the pair: effective cost plus transport to the order's delivery point.
  const xCost = new Growable();
  const stageDayStart = new Map<number, [number, number]>();
  const multiStage = (o: number) => model.stageStart[o + 1] - model.stageStart[o] > 1;
  for (let k = 0; k < model.stageCount; k++) {
    const end = Math.min(model.eligibleStart[k + 1], model.eligibleStart[k] + perStage);
    for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k]; t++) {
      const first = xListing.length;
      for (let i = model.eligibleStart[k]; i < end; i++) {
        const l = model.eligible[i];
        if (model.free[l * T + t] <= 0) continue;
        xListing.push(l);
        xCell.push(l * T + t);
        xCost.push(model.eligibleCost[i]);
      }
      stageDayStart.set(k * T + t, [first, xListing.length]);
    }
  }
  const xCount = xListing.length;
  const xStage = new Int32Array(xCount);
  for (let k = 0; k < model.stageCount; k++) {
    for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k]; t++) {
      const [a, b] = stageDayStart.get(k * T + t)!;
      xStage.fill(k, a, b);
    }
  }
  // Columns y (running totals) for stages of multi-stage orders.
  const yStart = new Int32Array(model.stageCount).fill(-1);
  let numCols = xCount;
  for (let k = 0; k < model.stageCount; k++) {
    if (!multiStage(model.stageOrder[k]) || model.stageFirstDay[k] > model.stageLastDay[k]) continue;
    yStart[k] = numCols;
    numCols += model.stageLastDay[k] - model.stageFirstDay[k] + 1;
  }
  const filledColumn = numCols++;
  const costColumn = numCols++;
  const y = (k: number, t: number) => yStart[k] + t - model.stageFirstDay[k];

  const colCost = new Float64Array(numCols);
  let maxRouteCost = 1;
  for (let o = 0; o < model.orderCount; o++) {
    let route = 0;
    for (let k = model.stageStart[o]; k < model.stageStart[o + 1]; k++) route += Math.abs(model.stageCeiling[k]);
    maxRouteCost = Math.max(maxRouteCost, route);
  }
  for (let j = 0; j < xCount; j++) colCost[j] = xCost.data[j];

  const starts = [0];
  const index = new Growable();
  const value = new Growable();
  const lower = new Growable();
  const upper = new Growable();
  const endRow = (lo: number, hi: number) => {
    lower.push(lo);
    upper.push(hi);
    starts.push(index.length);
  };
  const term = (column: number, coefficient: number) => {
    index.push(column);
    value.push(coefficient);
  };

  // Capacity per listing-day and fairness cap per listing: group x by cell / listing with a counting sort.
  const byCell = groupBy(xCell, model.free.length);
  for (let cell = 0; cell < model.free.length; cell++) {
    if (byCell.start[cell] === byCell.start[cell + 1]) continue;
    for (let i = byCell.start[cell]; i < byCell.start[cell + 1]; i++) term(byCell.items[i], 1);
    endRow(-Infinity, model.free[cell]);
  }
  if (fairness.maxShareOfFirmFreeCapacity < 1) {
    const byListing = groupBy(xListing, model.listingCount);
    for (let l = 0; l < model.listingCount; l++) {
      if (byListing.start[l] === byListing.start[l + 1]) continue;
      for (let i = byListing.start[l]; i < byListing.start[l + 1]; i++) term(byListing.items[i], 1);
      endRow(-Infinity, model.fairnessCap[l]);
    }
  }
  for (let k = 0; k < model.stageCount; k++) {
    const o = model.stageOrder[k];
    const stageColumns: number[] = [];
    for (let t = model.stageFirstDay[k]; t <= model.stageLastDay[k]; t++) {
      const [a, b] = stageDayStart.get(k * T + t)!;
      for (let j = a; j < b; j++) stageColumns.push(j);
      if (yStart[k] < 0) continue;
      // y[k,t] - y[k,t-1] - sum_l x[k,l,t] = 0
      term(y(k, t), 1);
      if (t > model.stageFirstDay[k]) term(y(k, t - 1), -1);
      for (let j = a; j < b; j++) term(j, -1);
      endRow(0, 0);
      if (k > model.stageStart[o]) {
        term(y(k, t), 1);
        term(y(k - 1, t - model.stageLead[k] - 1), -1);
        endRow(-Infinity, 0);
      }
    }
    if (stageColumns.length === 0) continue;
    for (const j of stageColumns) term(j, 1);
    endRow(-Infinity, model.demand[o]);
  }
  term(filledColumn, 1);
  for (let j = 0; j < xCount; j++) {
    const k = xStage[j];
    if (k === model.stageStart[model.stageOrder[k] + 1] - 1) term(j, -1);
  }
  endRow(0, 0);
  term(costColumn, 1);
  // Goods at list prices plus transport (the fairness bonus only steers; it is not paid).
  for (let j = 0; j < xCount; j++) {
    term(j, -(xCost.data[j] - model.effectiveCost[xListing.data[j]] + model.price[xListing.data[j]]));
  }
  endRow(0, 0);

  return {
    numCols,
    numRows: starts.length - 1,
    colCost,
    rowLower: lower.toArray(),
    rowUpper: upper.toArray(),
    rowStarts: Int32Array.from(starts),
    rowIndex: Int32Array.from(index.toArray()),
    rowValue: value.toArray(),
    filledColumn,
    costColumn,
    bigM: 100 * maxRouteCost,
  };
}

function groupBy(keys: Growable, keyCount: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (let j = 0; j < keys.length; j++) start[keys.data[j] + 1]++;
  for (let key = 0; key < keyCount; key++) start[key + 1] += start[key];
  const fill = start.slice(0, keyCount);
  const items = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) items[fill[keys.data[j]]++] = j;
  return { start, items };
}

const columnName = (lp: ReplanLp, j: number) =>
  j === lp.filledColumn ? 'filled' : j === lp.costColumn ? 'listcost' : `x${j}`;

/**
 * The LP in CPLEX LP format with the big-M objective, streamed in chunks (the big instances run to gigabytes);
 * `clp file.lp -primals` then reports `filled` and `listcost`.
 */
export function writeReplanLp(lp: ReplanLp, write: (chunk: string) => void): void {
  const lines: string[] = [];
  const flush = (force = false) => {
    if (lines.length >= 4096 || (force && lines.length > 0)) {
      write(lines.join('\n') + '\n');
      lines.length = 0;
    }
  };
  const format = (coefficient: number, j: number) =>
    `${coefficient < 0 ? '-' : '+'} ${Math.abs(coefficient)} ${columnName(lp, j)}`;
  lines.push('\\ Virtual Group re-plan LP: maximise filled units, then minimise cost (big-M)', 'Minimize');
  const objective = [`obj: ${format(-lp.bigM, lp.filledColumn)}`];
  for (let j = 0; j < lp.numCols; j++) {
    if (lp.colCost[j] !== 0) objective.push(format(lp.colCost[j], j));
    if (objective.length >= 8) lines.push(' ' + objective.splice(0).join(' '));
  }
  if (objective.length > 0) lines.push(' ' + objective.join(' '));
  lines.push('Subject To');
  for (let r = 0; r < lp.numRows; r++) {
    // Long rows (the filled and cost definitions hold every column) continue over several lines.
    lines.push(` r${r}:`);
    const terms: string[] = [];
    for (let i = lp.rowStarts[r]; i < lp.rowStarts[r + 1]; i++) {
      terms.push(format(lp.rowValue[i], lp.rowIndex[i]));
      if (terms.length >= 8) {
        lines.push(`  ${terms.splice(0).join(' ')}`);
        flush();
      }
    }
    const lo = lp.rowLower[r];
    const hi = lp.rowUpper[r];
    const sense = lo === hi ? `= ${hi}` : lo === -Infinity ? `<= ${hi}` : `>= ${lo}`;
    lines.push(`  ${terms.join(' ')} ${sense}`);
    flush();
  }
  lines.push('Bounds', ' listcost free', 'End');
  flush(true);
}

export function replanLpText(lp: ReplanLp): string {
  const chunks: string[] = [];
  writeReplanLp(lp, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/**
 * Solves the LP with HiGHS (WebAssembly; fine up to a few hundred thousand columns): first the most units filled,
 * then, with filled fixed at that optimum, the least effective cost.
 */
export async function lpBound(
  orders: OrderDemand[],
  offers: CapacityOffer[],
  options: ReplanLpOptions = {},
): Promise<LpBoundResult> {
  const lp = buildReplanLp(orders, offers, options);
  // Required lazily so that importing this folder never loads the devDependency.
  const loadHighs: typeof import('highs').default = require('highs');
  const highs = await loadHighs();
  const fillOnly = new Float64Array(lp.numCols);
  fillOnly[lp.filledColumn] = -1;
  const colLower = new Float64Array(lp.numCols);
  colLower[lp.costColumn] = -highs.infinity;
  return highs.withModel(
    {
      numCols: lp.numCols,
      numRows: lp.numRows,
      colCost: fillOnly,
      colLower,
      colUpper: new Float64Array(lp.numCols).fill(highs.infinity),
      rowLower: lp.rowLower.map((x) => (x === -Infinity ? -highs.infinity : x)),
      rowUpper: lp.rowUpper.map((x) => (x === Infinity ? highs.infinity : x)),
      matrix: {
        format: 'csr',
        numRows: lp.numRows,
        numCols: lp.numCols,
        starts: lp.rowStarts,
        indices: lp.rowIndex,
        values: lp.rowValue,
      },
    },
    (model) => {
      const statusName = () =>
        Object.entries(highs.constants.modelStatus).find(([, code]) => code === model.getModelStatus())?.[0] ?? '?';
      model.options.set({ output_flag: false });
      model.run();
      let status = statusName();
      const filled = model.getSolution().colValue[lp.filledColumn];
      // Second level: keep the filled units (within solver tolerance) and minimise effective cost.
      model.changeColBounds(lp.filledColumn, filled - 1e-6 * Math.max(1, filled), highs.infinity);
      model.changeColsCost({ kind: 'range', from: 0, to: lp.numCols - 1 }, lp.colCost);
      model.run();
      status = `${status}/${statusName()}`;
      const solution = model.getSolution().colValue;
      return {
        status,
        filledUnits: filled,
        costFen: solution[lp.costColumn],
        columns: lp.numCols,
        rows: lp.numRows,
      };
    },
  );
}
