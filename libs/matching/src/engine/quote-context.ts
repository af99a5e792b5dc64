import { toDayNumber } from './calendar';
import { BuyerConstraints } from './eligibility';
import { DEFAULT_UNRATED_RECORD, resolveWeights, type ScoreWeights } from './score';
import type { CapacityOffer, IsoDate, OrderDemand, RouteStage, ShortfallReason } from './types';

export interface QuoteOptions {
  /** Overrides of `DEFAULT_SCORE_WEIGHTS`. */
  weights?: Partial<ScoreWeights>;
  /** Score in [0, 1] for a firm without on-time or quality record; `DEFAULT_UNRATED_RECORD` unless given. */
  unratedRecord?: number;
}

/** An offer some stage may use; its days sit at positions start..end-1 of the context's shared day arrays. */
export interface PreparedOffer {
  offer: CapacityOffer;
  start: number;
  end: number;
}

export interface PreparedStage {
  stage: RouteStage;
  /** Offers for the stage's process, and the cheapest of them: for the shortfall message. */
  offerCount: number;
  cheapestOfferFen: number;
  /** Offers for the stage's process within its price ceiling that meet the buyer's constraints. */
  candidates: PreparedOffer[];
  /** Offers within the ceiling shut out by buyer constraints, and those that broke exactly one (with which). */
  constrainedOut: number;
  nearMisses: { prepared: PreparedOffer; reason: ShortfallReason; distanceKm: number | null }[];
  /** The constraint that shut out the most free units, when any did. */
  mainBlock: ShortfallReason | null;
  /** Days the flow needs before this stage can start / after it must finish: Σ (leadDays + 1) up / downstream. */
  lagBefore: number;
  lagAfter: number;
  /** A later stage has the same process, so the two draw on the same listings. */
  sharesListingsLater: boolean;
}

/** The order and its usable offers in numbers: day indexes count from the order's earliest start (index 0). */
export interface QuoteContext {
  order: OrderDemand;
  /** The route in seq order. */
  stages: PreparedStage[];
  startDay: number;
  dueIndex: number;
  /** Last day index on which any usable offer has free capacity (−1 if none). */
  horizon: number;
  /**
   * Days (ascending within each offer, repeats merged, empty days and days before the start dropped) and free units
   * of all usable offers back to back: two allocations per quote instead of two per offer keeps the garbage
   * collector out of the way with thousands of offers.
   */
  days: Int32Array;
  free: Float64Array;
  weights: ScoreWeights;
  unratedRecord: number;
  /** The order's buyer constraints, or null when it sets none. */
  constraints: BuyerConstraints | null;
  /** Transport per piece (fen) by listingId, when the order costs transport. */
  transportFenPerUnit: Map<string, number> | undefined;
}

/** Validates the input (throwing RangeError on nonsense) and turns it into a QuoteContext. */
export function prepareQuote(
  order: OrderDemand,
  offers: readonly CapacityOffer[],
  options: QuoteOptions,
): QuoteContext {
  if (!Number.isSafeInteger(order.quantity) || order.quantity <= 0) {
    throw new RangeError(`Order ${order.orderId}: quantity must be a positive integer, got ${order.quantity}`);
  }
  if (order.route.length === 0) throw new RangeError(`Order ${order.orderId}: the route has no stages`);
  const route = [...order.route].sort((a, b) => a.seq - b.seq);
  route.forEach((stage, i) => {
    if (i > 0 && stage.seq === route[i - 1].seq) {
      throw new RangeError(`Order ${order.orderId}: stage ${stage.seq} twice`);
    }
    if (!Number.isInteger(stage.leadDays) || stage.leadDays < 0) {
      throw new RangeError(`Order ${order.orderId}: stage ${stage.seq} leadDays must be an integer ≥ 0`);
    }
  });
  const unratedRecord = options.unratedRecord ?? DEFAULT_UNRATED_RECORD;
  if (!(unratedRecord >= 0 && unratedRecord <= 1)) throw new RangeError(`unratedRecord must be in [0, 1]`);
  const startDay = toDayNumber(order.earliestStart);

  let lagBefore = 0;
  const stages = route.map((stage, i): PreparedStage => {
    if (i > 0) lagBefore += stage.leadDays + 1;
    return {
      stage,
      offerCount: 0,
      cheapestOfferFen: Infinity,
      candidates: [],
      constrainedOut: 0,
      nearMisses: [],
      mainBlock: null,
      lagBefore,
      lagAfter: 0,
      sharesListingsLater: route.slice(i + 1).some((later) => later.processCode === stage.processCode),
    };
  });
  for (const prepared of stages) prepared.lagAfter = lagBefore - prepared.lagBefore;

  // Input order never matters later (ranking breaks ties by listingId), so the offers are not sorted.
  const listingIds = new Set<string>();
  const usable: CapacityOffer[] = [];
  let entries = 0;
  for (const offer of offers) {
    if (listingIds.has(offer.listingId)) throw new RangeError(`Listing ${offer.listingId} is offered twice`);
    listingIds.add(offer.listingId);
    let isUsable = false;
    for (const prepared of stages) {
      if (prepared.stage.processCode !== offer.processCode) continue;
      prepared.offerCount++;
      prepared.cheapestOfferFen = Math.min(prepared.cheapestOfferFen, offer.unitPriceFen);
      isUsable ||= offer.unitPriceFen <= prepared.stage.maxUnitPriceFen;
    }
    if (!isUsable) continue;
    usable.push(offer);
    entries += offer.days.length;
  }

  const days = new Int32Array(entries);
  const free = new Float64Array(entries);
  const dayIndexes = new DayIndexes(startDay);
  let horizon = -1;
  let cursor = 0;
  const built = new BuyerConstraints(order);
  const constraints = built.active ? built : null;
  const transportFenPerUnit = constraints && constraints.rateFenPerUnitKm > 0 ? new Map<string, number>() : undefined;
  const dueIndex = toDayNumber(order.dueDate) - startDay;
  const blockedUnits = stages.map(() => new Map<ShortfallReason, number>());
  for (const offer of usable) {
    const prepared: PreparedOffer = { offer, start: cursor, end: cursor };
    cursor = prepared.end = readDays(offer, days, free, cursor, dayIndexes);
    if (prepared.end > prepared.start) horizon = Math.max(horizon, days[prepared.end - 1]);
    const distance = constraints?.distanceTo(offer) ?? null;
    transportFenPerUnit?.set(offer.listingId, constraints!.transportFenPerUnit(distance));
    stages.forEach((stage, s) => {
      if (stage.stage.processCode !== offer.processCode || offer.unitPriceFen > stage.stage.maxUnitPriceFen) return;
      if (constraints === null) {
        stage.candidates.push(prepared);
        return;
      }
      // The days the firm could work this stage: its free days inside the stage's window.
      const first = stage.lagBefore;
      const last = dueIndex - stage.lagAfter;
      const workDays = () => {
        const inWindow: number[] = [];
        for (let k = prepared.start; k < prepared.end; k++) {
          if (days[k] >= first && days[k] <= last) inWindow.push(startDay + days[k]);
        }
        return inWindow;
      };
      const broken = constraints.breaks(stage.stage, offer, distance, workDays, toDayNumber);
      if (broken.length === 0) {
        stage.candidates.push(prepared);
        return;
      }
      stage.constrainedOut++;
      let units = 0;
      for (let k = prepared.start; k < prepared.end; k++) units += free[k];
      blockedUnits[s].set(broken[0], (blockedUnits[s].get(broken[0]) ?? 0) + units);
      if (broken.length === 1) stage.nearMisses.push({ prepared, reason: broken[0], distanceKm: distance });
    });
  }
  stages.forEach((stage, s) => {
    const ranked = [...blockedUnits[s]].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    stage.mainBlock = ranked.length > 0 ? ranked[0][0] : null;
  });

  return {
    order,
    stages,
    startDay,
    dueIndex,
    horizon,
    days,
    free,
    weights: resolveWeights(options.weights),
    unratedRecord,
    constraints,
    transportFenPerUnit,
  };
}

/** Writes the offer's useful days from position `start` on and returns the position after the last one. */
function readDays(
  offer: CapacityOffer,
  days: Int32Array,
  free: Float64Array,
  start: number,
  dayIndexes: DayIndexes,
): number {
  let end = start;
  let ascending = true;
  for (let position = 0; position < offer.days.length; position++) {
    const entry = offer.days[position];
    if (!Number.isSafeInteger(entry.free)) {
      throw new RangeError(`Listing ${offer.listingId}: free on ${entry.date} is ${entry.free}`);
    }
    const day = dayIndexes.of(entry.date, position);
    // Negative free (overbooked) counts as none; days before the earliest start are of no use to this order.
    if (day < 0 || entry.free <= 0) continue;
    if (end > start && day <= days[end - 1]) ascending = false;
    days[end] = day;
    free[end++] = entry.free;
  }
  if (ascending) return end;
  // Rare: dates out of order or repeated (repeats add up).
  const freeByDay = new Map<number, number>();
  for (let k = start; k < end; k++) freeByDay.set(days[k], (freeByDay.get(days[k]) ?? 0) + free[k]);
  let k = start;
  for (const day of [...freeByDay.keys()].sort((a, b) => a - b)) {
    days[k] = day;
    free[k++] = freeByDay.get(day) ?? 0;
  }
  return k;
}

/**
 * Day indexes from the order's earliest start. Offers mostly list the same dates in the same order, so remembering
 * the date last seen at each position turns most of the hundreds of thousands of parses into one string comparison.
 */
class DayIndexes {
  private readonly dates: string[] = [];
  private readonly indexes: number[] = [];

  constructor(private readonly startDay: number) {}

  of(date: IsoDate, position: number): number {
    if (this.dates[position] === date) return this.indexes[position];
    const index = toDayNumber(date) - this.startDay;
    this.dates[position] = date;
    this.indexes[position] = index;
    return index;
  }
}
