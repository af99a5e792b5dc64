import { BuyerConstraints, OfferSites } from '../eligibility';
import type { CapacityOffer, OrderDemand, RouteStage, ShortfallReason } from '../types';
import { isoToDayNumber } from './day-number';
import type { ReplanFairness } from './replan-types';

/**
 * The instance in flat typed arrays, indexed and sorted by id so that the engines are deterministic whatever the
 * input order. A "cell" is one listing on one day: `listing * dayCount + day`. A "stage" is one order's route step,
 * numbered across all orders (`stageStart[order] .. stageStart[order + 1] - 1`).
 */
export interface ReplanModel {
  dayBase: number;
  dayCount: number;
  orders: OrderDemand[];
  offers: CapacityOffer[];
  fairness: ReplanFairness;

  listingCount: number;
  price: Int32Array;
  /** Price minus the fairness bonus: what the engines minimise. */
  effectiveCost: Float64Array;
  minOrderQuantity: Int32Array;
  /** Free units per cell. */
  free: Int32Array;
  /** Free units per listing over the horizon. */
  freeTotal: Float64Array;
  /** Running totals of free units per listing, `listing * (dayCount + 1) + day`, for window sums in O(1). */
  freePrefix: Float64Array;
  /** Most units a listing may take under the fairness cap. */
  fairnessCap: Float64Array;
  preferredClass: Uint8Array;
  /** Listings of each process, cheapest effective cost first, and each listing's process and place in that list. */
  processListings: Int32Array[];
  listingProcess: Int32Array;
  listingPosition: Int32Array;

  orderCount: number;
  demand: Int32Array;
  stageStart: Int32Array;
  maxStages: number;

  stageCount: number;
  stageOrder: Int32Array;
  stageProcessCode: string[];
  /** The route step each stage came from (routes sorted by seq). */
  stageDefinition: RouteStage[];
  /** Index into processListings, or -1 when no listing offers the process. */
  stageProcess: Int32Array;
  stageLead: Int32Array;
  stageCeiling: Int32Array;
  /** Earliest and latest day the stage may work on so that the route fits between earliestStart and dueDate. */
  stageFirstDay: Int32Array;
  stageLastDay: Int32Array;
  /**
   * Eligible listings of stage k: `eligible[eligibleStart[k] .. eligibleStart[k + 1] - 1]`, cheapest first by
   * `eligibleCost` (effective cost plus transport per piece to the order's delivery point), the buyer's preferred
   * firms first among equals, then by listing.
   */
  eligibleStart: Int32Array;
  eligible: Int32Array;
  eligibleCost: Float64Array;
  /** km from the listing's firm to the delivery point, NaN when unknown. */
  eligibleDistance: Float64Array;
  /** Why a stage has no eligible listing at all, or null. */
  stageBlock: (ShortfallReason | null)[];
  /** The order's buyer constraints, or null when it sets none (then the stage's lists follow the process's order). */
  orderConstraints: (BuyerConstraints | null)[];
  /** 1 when the stage's order has buyer constraints: its eligible list is the only source of its listings. */
  stageConstrained: Uint8Array;
  /** Each stage's eligible listings again, ascending, for membership tests by binary search. */
  eligibleByListing: Int32Array;
}

/** A listing that would be eligible for a stage but for one buyer constraint. */
export interface NearMiss {
  listing: number;
  reason: ShortfallReason;
  distanceKm: number | null;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function resolveFairness(fairness: Partial<ReplanFairness> | undefined): ReplanFairness {
  const share = fairness?.maxShareOfFirmFreeCapacity ?? 1;
  if (!(share > 0 && share <= 1)) throw new RangeError(`maxShareOfFirmFreeCapacity must be in (0, 1], got ${share}`);
  const bonus = fairness?.preferClassBonusFenPerUnit ?? 0;
  if (!(bonus >= 0)) throw new RangeError(`preferClassBonusFenPerUnit must be >= 0, got ${bonus}`);
  return {
    maxShareOfFirmFreeCapacity: share,
    preferClasses: [...new Set(fairness?.preferClasses ?? [])].sort(),
    preferClassBonusFenPerUnit: bonus,
  };
}

/**
 * The listing offers, inside the window [first, last], at least its minimum order quantity (and at least one unit)
 * and its fairness cap allows that much: otherwise no split of a stage on it could stand.
 */
function hasRoomForMinimum(
  dayCount: number,
  freePrefix: Float64Array,
  minOrderQuantity: Int32Array,
  fairnessCap: Float64Array,
  listing: number,
  first: number,
  last: number,
): boolean {
  const need = Math.max(1, minOrderQuantity[listing]);
  const base = listing * (dayCount + 1);
  const inWindow = first <= last ? freePrefix[base + last + 1] - freePrefix[base + first] : 0;
  return inWindow >= need && fairnessCap[listing] >= need;
}

/** Cost per piece of stage k on the listing: effective cost plus transport to the order's delivery point. */
export function pairCost(model: ReplanModel, k: number, listing: number): number {
  const constraints = model.orderConstraints[model.stageOrder[k]];
  if (constraints === null || constraints.rateFenPerUnitKm === 0) return model.effectiveCost[listing];
  return model.effectiveCost[listing] + constraints.transportFenPerUnit(constraints.distanceTo(model.offers[listing]));
}

/** Whether listing l is in stage k's eligible list (the list's sorted copy, by binary search). */
export function isEligiblePair(model: ReplanModel, k: number, listing: number): boolean {
  let lo = model.eligibleStart[k];
  let hi = model.eligibleStart[k + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (model.eligibleByListing[mid] < listing) lo = mid + 1;
    else hi = mid;
  }
  return lo < model.eligibleStart[k + 1] && model.eligibleByListing[lo] === listing;
}

function byListing(eligibleStart: Int32Array, eligible: number[]): Int32Array {
  const sorted = Int32Array.from(eligible);
  for (let k = 0; k + 1 < eligibleStart.length; k++) sorted.subarray(eligibleStart[k], eligibleStart[k + 1]).sort();
  return sorted;
}

/** Day numbers on which listing l has free units within day indexes [first, last]: the days it could work. */
function workDays(free: Int32Array, dayCount: number, dayBase: number, l: number, first: number, last: number) {
  const days: number[] = [];
  for (let t = Math.max(0, first); t <= Math.min(last, dayCount - 1); t++) {
    if (free[l * dayCount + t] > 0) days.push(dayBase + t);
  }
  return days;
}

/**
 * Listings stage k could use but for exactly one buyer constraint (process, ceiling, minimum and room all fit):
 * what relaxing that constraint would admit. Computed for short stages only, when the result is built.
 */
export function nearMissesOf(model: ReplanModel, k: number): NearMiss[] {
  const constraints = model.orderConstraints[model.stageOrder[k]];
  if (constraints === null || model.stageProcess[k] < 0) return [];
  const first = model.stageFirstDay[k];
  const last = model.stageLastDay[k];
  const misses: NearMiss[] = [];
  for (const l of model.processListings[model.stageProcess[k]]) {
    if (model.price[l] > model.stageCeiling[k] || model.minOrderQuantity[l] > model.demand[model.stageOrder[k]]) {
      continue;
    }
    if (
      !hasRoomForMinimum(model.dayCount, model.freePrefix, model.minOrderQuantity, model.fairnessCap, l, first, last)
    ) {
      continue;
    }
    const offer = model.offers[l];
    const distance = constraints.distanceTo(offer);
    const days = () => workDays(model.free, model.dayCount, model.dayBase, l, first, last);
    const broken = constraints.breaks(model.stageDefinition[k], offer, distance, days, isoToDayNumber);
    if (broken.length === 1) misses.push({ listing: l, reason: broken[0], distanceKm: distance });
  }
  return misses;
}

/** Whether stage k may use the listing at all: process, price ceiling, minimum order quantity, room in its window. */
export function isEligible(model: ReplanModel, k: number, listing: number): boolean {
  if (model.stageConstrained[k]) return isEligiblePair(model, k, listing);
  return (
    model.listingProcess[listing] === model.stageProcess[k] &&
    model.price[listing] <= model.stageCeiling[k] &&
    model.minOrderQuantity[listing] <= model.demand[model.stageOrder[k]] &&
    hasRoomForMinimum(
      model.dayCount,
      model.freePrefix,
      model.minOrderQuantity,
      model.fairnessCap,
      listing,
      model.stageFirstDay[k],
      model.stageLastDay[k],
    )
  );
}

export function buildReplanModel(
  inputOrders: OrderDemand[],
  inputOffers: CapacityOffer[],
  fairness: ReplanFairness,
): ReplanModel {
  const orders = [...inputOrders].sort((a, b) => compareIds(a.orderId, b.orderId));
  const offers = [...inputOffers].sort((a, b) => compareIds(a.listingId, b.listingId));

  let dayBase = Infinity;
  let dayEnd = -Infinity;
  for (const offer of offers) {
    for (const day of offer.days) {
      const n = isoToDayNumber(day.date);
      dayBase = Math.min(dayBase, n);
      dayEnd = Math.max(dayEnd, n);
    }
  }
  for (const order of orders) {
    dayBase = Math.min(dayBase, isoToDayNumber(order.earliestStart));
    dayEnd = Math.max(dayEnd, isoToDayNumber(order.dueDate));
  }
  if (!Number.isFinite(dayBase)) dayBase = dayEnd = 0;
  const dayCount = Math.max(1, dayEnd - dayBase + 1);

  const listingCount = offers.length;
  const price = new Int32Array(listingCount);
  const effectiveCost = new Float64Array(listingCount);
  const minOrderQuantity = new Int32Array(listingCount);
  const free = new Int32Array(listingCount * dayCount);
  const freeTotal = new Float64Array(listingCount);
  const fairnessCap = new Float64Array(listingCount);
  const preferredClass = new Uint8Array(listingCount);
  const listingsByProcess = new Map<string, number[]>();
  const preferred = new Set<string>(fairness.preferClasses);

  offers.forEach((offer, l) => {
    price[l] = offer.unitPriceFen;
    preferredClass[l] = offer.evaluationClass && preferred.has(offer.evaluationClass) ? 1 : 0;
    effectiveCost[l] = offer.unitPriceFen - (preferredClass[l] ? fairness.preferClassBonusFenPerUnit : 0);
    minOrderQuantity[l] = Math.max(0, offer.minOrderQuantity);
    for (const day of offer.days) {
      const t = isoToDayNumber(day.date) - dayBase;
      const units = Math.max(0, Math.floor(day.free));
      free[l * dayCount + t] += units;
      freeTotal[l] += units;
    }
    fairnessCap[l] =
      fairness.maxShareOfFirmFreeCapacity >= 1
        ? freeTotal[l]
        : Math.floor(freeTotal[l] * fairness.maxShareOfFirmFreeCapacity);
    const list = listingsByProcess.get(offer.processCode) ?? [];
    list.push(l);
    listingsByProcess.set(offer.processCode, list);
  });
  const processCodes = [...listingsByProcess.keys()].sort(compareIds);
  const processListings = processCodes.map((code) =>
    Int32Array.from(listingsByProcess.get(code)!.sort((a, b) => effectiveCost[a] - effectiveCost[b] || a - b)),
  );
  const listingProcess = new Int32Array(listingCount);
  const listingPosition = new Int32Array(listingCount);
  processListings.forEach((list, p) =>
    list.forEach((l, i) => {
      listingProcess[l] = p;
      listingPosition[l] = i;
    }),
  );

  // Prefix sums of free units per listing, to test "any capacity inside the stage window" in O(1).
  const freePrefix = new Float64Array(listingCount * (dayCount + 1));
  for (let l = 0; l < listingCount; l++) {
    for (let t = 0; t < dayCount; t++) {
      freePrefix[l * (dayCount + 1) + t + 1] = freePrefix[l * (dayCount + 1) + t] + free[l * dayCount + t];
    }
  }

  const orderCount = orders.length;
  const demand = new Int32Array(orderCount);
  const stageStart = new Int32Array(orderCount + 1);
  const routes = orders.map((order) => [...order.route].sort((a, b) => a.seq - b.seq));
  routes.forEach((route, o) => (stageStart[o + 1] = stageStart[o] + route.length));
  const stageCount = stageStart[orderCount];
  const maxStages = routes.reduce((most, route) => Math.max(most, route.length), 1);

  const stageOrder = new Int32Array(stageCount);
  const stageProcessCode: string[] = new Array<string>(stageCount);
  const stageDefinition: RouteStage[] = new Array<RouteStage>(stageCount);
  const stageProcess = new Int32Array(stageCount);
  const stageLead = new Int32Array(stageCount);
  const stageCeiling = new Int32Array(stageCount);
  const stageFirstDay = new Int32Array(stageCount);
  const stageLastDay = new Int32Array(stageCount);
  const eligibleStart = new Int32Array(stageCount + 1);
  const eligibleList: number[] = [];
  const costList: number[] = [];
  const distanceList: number[] = [];
  const orderConstraints = orders.map((order) => {
    const constraints = new BuyerConstraints(order);
    return constraints.active ? constraints : null;
  });
  const stageConstrained = new Uint8Array(stageCount);
  const sites = new OfferSites(offers, isoToDayNumber);
  const grids = new SiteGrids(offers, processListings);
  const stageBlock: (ShortfallReason | null)[] = new Array<ShortfallReason | null>(stageCount).fill(null);

  orders.forEach((order, o) => {
    const route = routes[o];
    demand[o] = Math.max(0, Math.floor(order.quantity));
    const release = isoToDayNumber(order.earliestStart) - dayBase;
    const due = isoToDayNumber(order.dueDate) - dayBase;
    const k0 = stageStart[o];
    route.forEach((stage, s) => {
      const k = k0 + s;
      stageOrder[k] = o;
      stageProcessCode[k] = stage.processCode;
      stageDefinition[k] = stage;
      stageProcess[k] = processCodes.indexOf(stage.processCode);
      stageLead[k] = s === 0 ? 0 : Math.max(0, Math.floor(stage.leadDays));
      stageCeiling[k] = stage.maxUnitPriceFen;
      stageFirstDay[k] = s === 0 ? Math.max(0, release) : stageFirstDay[k - 1] + stageLead[k] + 1;
    });
    for (let s = route.length - 1; s >= 0; s--) {
      const k = k0 + s;
      stageLastDay[k] =
        s === route.length - 1 ? Math.min(dayCount - 1, due) : stageLastDay[k + 1] - stageLead[k + 1] - 1;
    }
    const constraints = orderConstraints[o];
    for (let s = 0; s < route.length; s++) {
      const k = k0 + s;
      const first = stageFirstDay[k];
      const last = stageLastDay[k];
      const candidates = stageProcess[k] >= 0 ? processListings[stageProcess[k]] : new Int32Array(0);
      // Under a distance limit only the grid squares near the delivery point can hold eligible listings; the
      // whole list is still scanned when none is eligible, so that the shortfall names the right reason.
      const nearby = constraints === null || stageProcess[k] < 0 ? null : grids.near(stageProcess[k], constraints);
      let priceOk = 0;
      let quantityOk = 0;
      const roomy: number[] = [];
      for (const l of nearby ?? candidates) {
        if (price[l] > stageCeiling[k]) continue;
        priceOk++;
        if (minOrderQuantity[l] > demand[o]) continue;
        quantityOk++;
        if (hasRoomForMinimum(dayCount, freePrefix, minOrderQuantity, fairnessCap, l, first, last)) roomy.push(l);
      }
      if (constraints === null) {
        for (const l of roomy) {
          eligibleList.push(l);
          costList.push(effectiveCost[l]);
          distanceList.push(NaN);
        }
      } else {
        stageConstrained[k] = 1;
        const stage = route[s];
        const required = stage.requiredCertifications ?? [];
        const { maxDistanceKm, minRating, excluded } = constraints;
        const passed: { l: number; cost: number; distance: number; preferred: number }[] = [];
        // The rules of BuyerConstraints.breaks, cheapest test first, without allocating for the many that fail.
        for (const l of roomy) {
          const distance = sites.distance(l, constraints);
          if (maxDistanceKm !== null && (distance === null || distance > maxDistanceKm)) continue;
          if (excluded.size > 0 && excluded.has(offers[l].firmId)) continue;
          if (minRating !== null && !(sites.rating[l] >= minRating)) continue;
          if (
            required.length > 0 &&
            !sites.certifiedOn(l, required, workDays(free, dayCount, dayBase, l, first, last))
          ) {
            continue;
          }
          passed.push({
            l,
            cost: effectiveCost[l] + constraints.transportFenPerUnit(distance),
            distance: distance ?? NaN,
            preferred: constraints.preferred.size > 0 && constraints.preferred.has(offers[l].firmId) ? 0 : 1,
          });
        }
        passed.sort((a, b) => a.cost - b.cost || a.preferred - b.preferred || a.l - b.l);
        for (const pair of passed) {
          eligibleList.push(pair.l);
          costList.push(pair.cost);
          distanceList.push(pair.distance);
        }
        if (passed.length === 0 && nearby !== null) {
          roomy.length = priceOk = quantityOk = 0;
          for (const l of candidates) {
            if (price[l] > stageCeiling[k]) continue;
            priceOk++;
            if (minOrderQuantity[l] > demand[o]) continue;
            quantityOk++;
            if (hasRoomForMinimum(dayCount, freePrefix, minOrderQuantity, fairnessCap, l, first, last)) roomy.push(l);
          }
        }
        if (passed.length === 0 && roomy.length > 0) {
          eligibleStart[k + 1] = eligibleList.length;
          // The constraint that shut out the most free capacity.
          const blockedBy = new Map<ShortfallReason, number>();
          for (const l of roomy) {
            const days = () => workDays(free, dayCount, dayBase, l, first, last);
            const [reason] = constraints.breaks(stage, offers[l], sites.distance(l, constraints), days, isoToDayNumber);
            blockedBy.set(reason, (blockedBy.get(reason) ?? 0) + freeTotal[l]);
          }
          stageBlock[k] = [...blockedBy].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))[0][0];
          continue;
        }
      }
      eligibleStart[k + 1] = eligibleList.length;
      if (eligibleStart[k + 1] > eligibleStart[k]) continue;
      stageBlock[k] =
        candidates.length === 0
          ? 'NO_CANDIDATE'
          : priceOk === 0
            ? 'PRICE_CEILING'
            : quantityOk === 0
              ? 'MIN_ORDER_QUANTITY'
              : first > last
                ? 'DUE_DATE'
                : 'CAPACITY';
    }
  });

  return {
    dayBase,
    dayCount,
    orders,
    offers,
    fairness,
    listingCount,
    price,
    effectiveCost,
    minOrderQuantity,
    free,
    freeTotal,
    freePrefix,
    fairnessCap,
    preferredClass,
    processListings,
    listingProcess,
    listingPosition,
    orderCount,
    demand,
    stageStart,
    maxStages,
    stageCount,
    stageOrder,
    stageProcessCode,
    stageDefinition,
    stageProcess,
    stageLead,
    stageCeiling,
    stageFirstDay,
    stageLastDay,
    eligibleStart,
    eligible: Int32Array.from(eligibleList),
    eligibleCost: Float64Array.from(costList),
    eligibleDistance: Float64Array.from(distanceList),
    stageBlock,
    orderConstraints,
    stageConstrained,
    eligibleByListing: byListing(eligibleStart, eligibleList),
  };
}

/** Side of a grid square, km: about a third of a typical buyer radius. */
const GRID_KM = 4;

/**
 * Listings of each process bucketed by the square of a planar km grid their site lies in, so that an order with a
 * distance limit looks only at the squares within reach instead of the whole process (8,000 firms, a 12 km radius:
 * a few hundred listings instead of thousands). Listings without a planar site are never within a limit.
 */
class SiteGrids {
  private readonly squares: Map<number, number[]>[];

  constructor(offers: readonly CapacityOffer[], processListings: readonly Int32Array[]) {
    this.squares = processListings.map((list) => {
      const squares = new Map<number, number[]>();
      for (const l of list) {
        const site = offers[l].location;
        if (!site || !('xKm' in site)) continue;
        const key = squareKey(Math.floor(site.xKm / GRID_KM), Math.floor(site.yKm / GRID_KM));
        const square = squares.get(key);
        if (square) square.push(l);
        else squares.set(key, [l]);
      }
      return squares;
    });
  }

  /** Listings of process p in the squares within the order's planar distance limit; null when no such limit. */
  near(p: number, constraints: BuyerConstraints): number[] | null {
    const to = constraints.order.deliveryLocation;
    const limit = constraints.maxDistanceKm;
    if (constraints.mode !== 'planar' || limit === null || !to || !('xKm' in to)) return null;
    const found: number[] = [];
    const squares = this.squares[p];
    for (let i = Math.floor((to.xKm - limit) / GRID_KM); i <= Math.floor((to.xKm + limit) / GRID_KM); i++) {
      for (let j = Math.floor((to.yKm - limit) / GRID_KM); j <= Math.floor((to.yKm + limit) / GRID_KM); j++) {
        const square = squares.get(squareKey(i, j));
        if (square) for (const l of square) found.push(l);
      }
    }
    return found;
  }
}

function squareKey(i: number, j: number): number {
  return (i + 100_000) * 200_003 + (j + 100_000);
}
