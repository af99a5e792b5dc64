import type { CapacityOffer, DailyFree, OrderDemand, RouteStage } from '../types';
import { dayNumberToIso, isoToDayNumber } from './day-number';
import type { EvaluationClass } from './replan-types';

export interface ReplanInstanceSpec {
  seed: number;
  firms: number;
  orders: number;
  /** 'single': every route has one stage; 'multi': routes of 1–4 stages. */
  stages: 'single' | 'multi';
  horizonDays?: number;
  startDate?: string;
  /** Demand / free capacity per process; by default drawn per process in [1.00, 1.10] (a busy season). */
  tightness?: number;
  parks?: number;
  /** Set false for an instance without minimum order quantities (all 0). */
  minOrderQuantities?: boolean;
}

export interface ReplanInstance {
  orders: OrderDemand[];
  offers: CapacityOffer[];
}

const PROCESSES = ['CUTTING', 'SEWING', 'PRINTING', 'WASHING', 'FINISHING', 'QC', 'PACKAGING'] as const;
type Process = (typeof PROCESSES)[number];

const LISTING_WEIGHT: Record<Process, number> = {
  CUTTING: 15,
  SEWING: 45,
  PRINTING: 8,
  WASHING: 8,
  FINISHING: 8,
  QC: 8,
  PACKAGING: 8,
};
const BASE_PRICE_FEN: Record<Process, number> = {
  CUTTING: 120,
  SEWING: 800,
  PRINTING: 200,
  WASHING: 150,
  FINISHING: 100,
  QC: 40,
  PACKAGING: 50,
};
const BASE_DAILY_UNITS: Record<Process, number> = {
  CUTTING: 600,
  SEWING: 150,
  PRINTING: 400,
  WASHING: 500,
  FINISHING: 400,
  QC: 800,
  PACKAGING: 800,
};
const MULTI_STAGE_ROUTES: [Process[], number][] = [
  [['SEWING'], 25],
  [['CUTTING', 'SEWING'], 20],
  [['SEWING', 'PACKAGING'], 10],
  [['CUTTING', 'SEWING', 'PACKAGING'], 15],
  [['CUTTING', 'PRINTING', 'SEWING', 'QC'], 10],
  [['SEWING', 'WASHING', 'FINISHING', 'PACKAGING'], 10],
  [['CUTTING', 'SEWING', 'FINISHING', 'QC'], 10],
];
const SINGLE_STAGE_WEIGHT: Record<Process, number> = {
  CUTTING: 8,
  SEWING: 60,
  PRINTING: 7,
  WASHING: 7,
  FINISHING: 6,
  QC: 6,
  PACKAGING: 6,
};
const CLASSES: [EvaluationClass, number][] = [
  ['A', 20],
  ['B', 30],
  ['C', 30],
  ['D', 20],
];

/** mulberry32: small, fast and the same on every platform. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded, deterministic park for benchmarks: F firms with one to three capacity listings, O open orders, a tight
 * season (demand per process at 100–110% of the free capacity), price ceilings that shut out the dearer firms and
 * minimum order quantities.
 */
export function generateReplanInstance(spec: ReplanInstanceSpec): ReplanInstance {
  const random = createRandom(spec.seed);
  const horizon = spec.horizonDays ?? 30;
  const startDay = isoToDayNumber(spec.startDate ?? '2025-09-01');
  const parks = spec.parks ?? Math.max(1, Math.round(spec.firms / 400));
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
  const integer = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = <T>(weighted: [T, number][]): T => {
    let x = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of weighted) if ((x -= w) < 0) return value;
    return weighted[weighted.length - 1][0];
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  const offers: CapacityOffer[] = [];
  for (let f = 0; f < spec.firms; f++) {
    const firmId = `F${pad(f, 5)}`;
    const parkId = `P${pad(f % parks, 3)}`;
    const groupIds = random() < 0.3 ? [`G${pad(integer(0, Math.max(0, Math.round(spec.firms / 50))), 4)}`] : [];
    const evaluationClass = pick(CLASSES);
    const size = Math.exp(0.5 * normal());
    const listingCount = pick([
      [1, 70],
      [2, 25],
      [3, 5],
    ]);
    const processes = new Set<Process>();
    while (processes.size < listingCount) processes.add(pick(PROCESSES.map((p) => [p, LISTING_WEIGHT[p]])));
    for (const process of processes) {
      const days: DailyFree[] = [];
      for (let t = 0; t < horizon; t++) {
        const free = random() < 0.15 ? 0 : BASE_DAILY_UNITS[process] * size * uniform(0.5, 1);
        days.push({ date: dayNumberToIso(startDay + t), free });
      }
      offers.push({
        listingId: `L${pad(f, 5)}-${process}`,
        firmId,
        parkId,
        groupIds,
        processCode: process,
        unitPriceFen: Math.max(1, Math.round(BASE_PRICE_FEN[process] * Math.exp(0.2 * normal()))),
        minOrderQuantity:
          spec.minOrderQuantities === false
            ? 0
            : pick([
                [0, 50],
                [100, 30],
                [300, 15],
                [1000, 5],
              ]),
        days,
        onTimeRate: random() < 0.1 ? null : Math.round(uniform(0.6, 1) * 100) / 100,
        qualityRate: random() < 0.1 ? null : Math.round(uniform(0.85, 1) * 100) / 100,
        evaluationClass,
      });
    }
  }

  const orders: OrderDemand[] = [];
  for (let o = 0; o < spec.orders; o++) {
    const processes =
      spec.stages === 'single' ? [pick(PROCESSES.map((p) => [p, SINGLE_STAGE_WEIGHT[p]]))] : pick(MULTI_STAGE_ROUTES);
    const route: RouteStage[] = processes.map((processCode, s) => ({
      seq: s + 1,
      processCode,
      leadDays:
        s === 0
          ? 0
          : pick([
              [0, 50],
              [1, 35],
              [2, 15],
            ]),
      maxUnitPriceFen: Math.round(BASE_PRICE_FEN[processCode] * Math.exp(0.15 + 0.2 * normal())),
    }));
    const minimalDays = route.reduce((sum, stage) => sum + stage.leadDays + 1, 0);
    const release = random() < 0.6 ? 0 : integer(1, 7);
    const due = Math.min(horizon - 1, release + minimalDays - 1 + integer(3, 22));
    orders.push({
      orderId: `O${pad(o, 5)}`,
      quantity: Math.min(5000, Math.max(50, Math.round((300 * Math.exp(0.8 * normal())) / 10) * 10)),
      route,
      earliestStart: dayNumberToIso(startDay + release),
      dueDate: dayNumberToIso(startDay + due),
      preferredParkId: random() < 0.5 ? `P${pad(integer(0, parks - 1), 3)}` : null,
      preferredGroupId: null,
    });
  }

  // Scale each process's capacity so that demand is 100–110% of the free capacity inside the due windows: each
  // day counts with the share of the process's demand whose stage may work on it (late days serve few orders).
  const demand = new Map<string, number>();
  const coverage = new Map<string, Float64Array>();
  for (const order of orders) {
    const release = isoToDayNumber(order.earliestStart) - startDay;
    const due = isoToDayNumber(order.dueDate) - startDay;
    let first = release;
    let last = due - order.route.slice(1).reduce((sum, stage) => sum + stage.leadDays + 1, 0);
    order.route.forEach((stage, s) => {
      if (s > 0) {
        first += stage.leadDays + 1;
        last += stage.leadDays + 1;
      }
      demand.set(stage.processCode, (demand.get(stage.processCode) ?? 0) + order.quantity);
      const days = coverage.get(stage.processCode) ?? new Float64Array(horizon);
      for (let t = Math.max(0, first); t <= Math.min(horizon - 1, last); t++) days[t] += order.quantity;
      coverage.set(stage.processCode, days);
    });
  }
  const capacity = new Map<string, number>();
  for (const offer of offers) {
    const days = coverage.get(offer.processCode);
    const total = demand.get(offer.processCode) ?? 0;
    const usable = offer.days.reduce((sum, day, t) => sum + (days && total > 0 ? (day.free * days[t]) / total : 0), 0);
    capacity.set(offer.processCode, (capacity.get(offer.processCode) ?? 0) + usable);
  }
  for (const process of PROCESSES) {
    const tightness = spec.tightness ?? uniform(1, 1.1);
    const scale = (demand.get(process) ?? 0) / tightness / Math.max(1, capacity.get(process) ?? 0);
    for (const offer of offers) {
      if (offer.processCode !== process) continue;
      for (const day of offer.days) day.free = Math.round(day.free * scale);
    }
  }
  return { orders, offers };
}
