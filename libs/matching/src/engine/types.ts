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

/**
 * Where a production site or a delivery point is. Planar points (km on a local grid) come from planning instance
 * files; geographic points (WGS-84 degrees) from the firms' registered sites. One plan uses one kind: the order's
 * `transport.distanceMode` says which distance applies.
 */
export type Location = { xKm: number; yKm: number } | { lat: number; lng: number };

export type DistanceMode = 'planar' | 'great-circle';

/** How moving goods is costed for an order: set by its park, copied onto every order the engines see. */
export interface TransportTerms {
  distanceMode: DistanceMode;
  /** Cost of moving one piece one km, in fen; may be fractional (0.004 yuan = 0.4 fen). */
  rateFenPerUnitKm: number;
}

/** A qualification a firm holds; it counts on a day only within `validFrom … validTo` (inclusive). */
export interface HeldCertification {
  type: string;
  validFrom: IsoDate;
  validTo: IsoDate;
}

export interface RouteStage {
  /** 1-based position in the route. */
  seq: number;
  processCode: string;
  /** Whole days between finishing units at the previous stage and starting them here (transport, drying…). */
  leadDays: number;
  /** The buyer's ceiling for this stage, per piece, in fen. */
  maxUnitPriceFen: number;
  /** Certification types a firm must hold, valid on every day it works this stage. */
  requiredCertifications?: string[];
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
  /** Where the finished goods go; with `maxDistanceKm` and `transport` it bounds and costs the firms chosen. */
  deliveryLocation?: Location | null;
  /** Firms farther than this from the delivery location are not eligible; null means no limit. */
  maxDistanceKm?: number | null;
  /** Firms rated below this (0–5) are not eligible; null means no floor. */
  minRating?: number | null;
  /** Firms the buyer ruled out. */
  excludedFirmIds?: string[];
  /** Firms the buyer prefers: eligible under the same rules, chosen first among equals. */
  preferredFirmIds?: string[];
  /** Transport costing; absent means goods are not costed for moving. */
  transport?: TransportTerms | null;
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
  /** The production site of this listing's firm; null when the firm has not set it (never within a distance limit). */
  location?: Location | null;
  /**
   * Supplier rating 0–5 from the firm's delivery record (the neutral value for firms without a record). Null
   * fails any rating floor: send the neutral value, not null, for firms without a record.
   */
  rating?: number | null;
  /** Certifications the firm holds, expired ones included (the engines check the dates). */
  certifications?: HeldCertification[];
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
  /** km from the firm to the order's delivery location; null when either is unknown. */
  distanceKm?: number | null;
  /**
   * units × rate × distance in fen, rounded once per assignment (half up) from the unrounded distance; 0 when
   * transport is not costed or the distance is unknown. `costFen` stays the goods alone.
   */
  transportCostFen?: number;
  days: DailyUnits[];
  firstDay: IsoDate;
  lastDay: IsoDate;
  explanation: ScoreExplanation;
}

export type ShortfallReason =
  | 'NO_CANDIDATE'
  | 'PRICE_CEILING'
  | 'MIN_ORDER_QUANTITY'
  | 'CAPACITY'
  | 'DUE_DATE'
  | 'DISTANCE'
  | 'RATING'
  | 'CERTIFICATION'
  | 'EXCLUDED';

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
  /** Goods (Σ costFen) plus transport (Σ transportCostFen) of all assignments, in fen. */
  totalCostFen: number;
  /** Last day of the last stage, or null when nothing of the last stage is planned. */
  completionDate: IsoDate | null;
  unitsPlanned: number;
  shortfall: Shortfall | null;
}
