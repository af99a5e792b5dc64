import { addDays } from './calendar';
import type { CapacityOffer, IsoDate, OrderDemand, RouteStage } from './types';

/** Builders for the engine specs: days are offsets from `START`, so cases read as small tables. */

export const START: IsoDate = '2025-03-03';

export function day(offset: number): IsoDate {
  return addDays(START, offset);
}

export function stage(seq: number, processCode: string, leadDays = 0, maxUnitPriceFen = 1_000): RouteStage {
  return { seq, processCode, leadDays, maxUnitPriceFen };
}

export function makeOrder(
  quantity: number,
  route: RouteStage[],
  dueOffset: number,
  extra: Partial<OrderDemand> = {},
): OrderDemand {
  return { orderId: 'order-1', quantity, route, earliestStart: START, dueDate: day(dueOffset), ...extra };
}

/** `free` maps day offsets to free units; an array lists days 0, 1, 2… */
export function makeOffer(
  listingId: string,
  processCode: string,
  free: number[] | Record<number, number>,
  extra: Partial<CapacityOffer> = {},
): CapacityOffer {
  return {
    listingId,
    firmId: `firm-${listingId}`,
    parkId: 'park-x',
    groupIds: [],
    processCode,
    unitPriceFen: 500,
    minOrderQuantity: 0,
    days: Object.entries(free).map(([offset, units]) => ({ date: day(Number(offset)), free: units })),
    onTimeRate: 0.9,
    qualityRate: 0.95,
    ...extra,
  };
}

/** Mulberry32: a tiny seeded PRNG so randomized specs replay exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
