/**
 * Plain data shared by the quote and the re-plan engines. No Nest, no SQL: the matching service maps rows to
 * these shapes and back.
 *
 * Time model (the same for quote and re-plan): calendar days as ISO `YYYY-MM-DD` strings; the engines turn them
 * into day numbers internally. Units flow through an order's route as they are done ("pipelined"): units finished
 * at stage s on day d may be worked at stage s+1 from day d + leadDays(s+1) + 1 on. A plan is valid when, for
 * every stage s > 1 and every day d, the cumulative units done at stage s by day d never exceed the cumulative
 * units done at stage s-1 by day d - leadDays(s) - 1; stage 1 starts no earlier than `earliestStart`; the last
 * stage is done by `dueDate`.
 *
 * Money is integer fen (1 yuan = 100 fen) and quantities are integer pieces, so the engines never round.
 */

export type IsoDate = string;

export interface RouteStage {
  /** 1-based position in the route. */
  seq: number;
  processCode: string;
  /** Whole days between finishing units at the previous stage and starting them here (transport, drying…). */
  leadDays: number;
  /** The buyer's ceiling for this stage, per piece, in fen. */
  maxUnitPriceFen: number;
}

export interface OrderDemand {
  orderId: string;
  quantity: number;
  route: RouteStage[];
  earliestStart: IsoDate;
  dueDate: IsoDate;
  /** Park the buyer prefers; candidates there score higher. */
  preferredParkId?: string | null;
  /** Virtual group the order was posted to; its members are tried first. */
  preferredGroupId?: string | null;
}

export interface DailyFree {
  date: IsoDate;
  /** Units still free that day (capacity − booked − held by other plans). */
  free: number;
}

/** One firm's capacity listing for one process: what the engines may draw on. */
export interface CapacityOffer {
  listingId: string;
  firmId: string;
  parkId: string;
  /** Virtual groups the firm belongs to. */
  groupIds: string[];
  processCode: string;
  unitPriceFen: number;
  /** Smallest total a firm accepts for one order stage from this listing. */
  minOrderQuantity: number;
  days: DailyFree[];
  /** Share of past stages delivered on time, 0..1; null when the firm has no record yet. */
  onTimeRate: number | null;
  /** Share of delivered units without defects, 0..1; null when the firm has no record yet. */
  qualityRate: number | null;
  /** Evaluation class of the latest published round, used by the re-plan fairness lever. */
  evaluationClass?: 'A' | 'B' | 'C' | 'D' | null;
}

export interface DailyUnits {
  date: IsoDate;
  units: number;
}

/** Why this firm was chosen: the parts of its score, each in [0, 1] before weighting. */
export interface ScoreExplanation {
  total: number;
  price: number;
  dueDateSlack: number;
  onTimeRecord: number;
  qualityRecord: number;
  samePark: number;
  sameGroup: number;
  /** Extra term the re-plan adds (fairness lever), 0 in a quote. */
  fairness: number;
  /** Plain-language sentence for people. */
  summary: string;
}

export interface Assignment {
  orderId: string;
  stageSeq: number;
  processCode: string;
  listingId: string;
  firmId: string;
  unitPriceFen: number;
  units: number;
  costFen: number;
  days: DailyUnits[];
  firstDay: IsoDate;
  lastDay: IsoDate;
  explanation: ScoreExplanation;
}

export type ShortfallReason = 'NO_CANDIDATE' | 'PRICE_CEILING' | 'MIN_ORDER_QUANTITY' | 'CAPACITY' | 'DUE_DATE';

export interface Shortfall {
  stageSeq: number;
  processCode: string;
  reason: ShortfallReason;
  unitsShort: number;
  /** Earliest due date on which the whole order would be feasible with today's free capacity; null if none in the horizon. */
  earliestFeasibleDueDate: IsoDate | null;
  message: string;
}

export interface Plan {
  orderId: string;
  feasible: boolean;
  assignments: Assignment[];
  totalCostFen: number;
  /** Last day of the last stage, or null when nothing of the last stage is planned. */
  completionDate: IsoDate | null;
  unitsPlanned: number;
  shortfall: Shortfall | null;
}
