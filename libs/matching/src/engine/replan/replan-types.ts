import type { CapacityOffer, Plan } from '../types';

export type EvaluationClass = NonNullable<CapacityOffer['evaluationClass']>;

/** The park admin's fairness lever. */
export interface ReplanFairness {
  /**
   * Cap on the units one listing (one firm's capacity for one process) may take, as a share of its free units
   * over the horizon, in (0, 1]. 1 means no cap.
   */
  maxShareOfFirmFreeCapacity: number;
  /** Evaluation classes to favour, e.g. ['C', 'D'] to give weaker firms work to grow on. */
  preferClasses: EvaluationClass[];
  /** Price-equivalent bonus per unit (fen) for a listing of a preferred class: it competes as if this much cheaper. */
  preferClassBonusFenPerUnit: number;
}

export type ReplanPhase = 'prepare' | 'route' | 'augment' | 'repair' | 'improve-cost' | 'report';

export interface ReplanOptions {
  fairness?: Partial<ReplanFairness>;
  /**
   * Most routing passes under adjusted congestion prices (default 12, fewer on big parks: two at 8,000 firms ×
   * 5,000 orders; passes also end once six in a row gain nothing). More passes fill more on tight multi-stage
   * instances; each costs about one greedy run. Single-stage re-plans are a maximum flow and take no passes.
   */
  pricingRounds?: number;
  /** Called between steps with the share of work done, for a worker thread to forward. */
  onProgress?: (fraction: number, phase: ReplanPhase) => void;
  /** Polled between steps; when it returns true the engine stops improving and returns its best valid result. */
  shouldStop?: () => boolean;
}

/** The options as the engine applied them (defaults filled in, callbacks left out). */
export interface ResolvedReplanOptions {
  fairness: ReplanFairness;
  pricingRounds: number;
}

export interface ReplanTotals {
  unitsDemanded: number;
  /** Units that pass every stage of their route by the due date. */
  unitsFilled: number;
  /** What the firms are paid, in fen (list prices; the class bonus only steers the choice). */
  costFen: number;
  /** What moving the goods to the delivery points costs, in fen (each assignment rounded once); 0 when not costed. */
  transportCostFen: number;
  ordersFull: number;
  ordersPartial: number;
  ordersEmpty: number;
}

export interface ListingUtilisation {
  listingId: string;
  processCode: string;
  freeUnits: number;
  assignedUnits: number;
}

export interface FirmUtilisation {
  firmId: string;
  evaluationClass: EvaluationClass | null;
  /** Free units over the horizon before the re-plan, all listings. */
  freeUnits: number;
  assignedUnits: number;
  /** assignedUnits / freeUnits, 0 when the firm has nothing free. */
  share: number;
  listings: ListingUtilisation[];
}

export interface ReplanStats {
  /** Routing passes actually run (fewer than asked when stopped). */
  passes: number;
  /** Units filled before dropping stage splits below a firm's minimum order quantity. */
  unitsFilledBeforeMoqRepair: number;
  /** True when `shouldStop` cut the work short; the result is still valid. */
  stopped: boolean;
}

export interface ReplanResult {
  /** One plan per order, sorted by orderId. */
  plans: Plan[];
  totals: ReplanTotals;
  /** One row per firm with an offer, sorted by firmId. */
  firms: FirmUtilisation[];
  options: ResolvedReplanOptions;
  stats: ReplanStats;
}
