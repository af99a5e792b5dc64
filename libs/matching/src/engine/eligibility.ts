import type {
  CapacityOffer,
  DistanceMode,
  HeldCertification,
  Location,
  OrderDemand,
  RouteStage,
  ShortfallReason,
} from './types';

/** Mean Earth radius (IUGG), km: the great-circle distance is the haversine on a sphere of this radius. */
export const EARTH_RADIUS_KM = 6371.0088;
const DEGREE = Math.PI / 180;

/**
 * km between two points: planar Euclidean on `xKm/yKm`, great-circle (haversine) on `lat/lng`. Null when a point
 * is missing or the two are not of the kind the mode measures (a planar point has no great-circle distance).
 */
export function distanceKm(
  from: Location | null | undefined,
  to: Location | null | undefined,
  mode: DistanceMode,
): number | null {
  if (!from || !to) return null;
  if (mode === 'planar') {
    if (!('xKm' in from) || !('xKm' in to)) return null;
    return Math.hypot(from.xKm - to.xKm, from.yKm - to.yKm);
  }
  if (!('lat' in from) || !('lat' in to)) return null;
  const dLat = (to.lat - from.lat) * DEGREE;
  const dLng = (to.lng - from.lng) * DEGREE;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(from.lat * DEGREE) * Math.cos(to.lat * DEGREE) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether every required certification type is held valid (validFrom ≤ day ≤ validTo) on every one of `days`
 * (day numbers). Several certificates of one type count together, so a renewal that starts the day after the old
 * one ends keeps the firm covered.
 */
export function certifiedOnDays(
  held: readonly HeldCertification[] | undefined,
  required: readonly string[],
  days: readonly number[],
  toDay: (date: string) => number,
): boolean {
  if (required.length === 0) return true;
  for (const type of required) {
    const spans = (held ?? [])
      .filter((cert) => cert.type === type)
      .map((cert) => [toDay(cert.validFrom), toDay(cert.validTo)]);
    for (const day of days) {
      if (!spans.some(([from, to]) => from <= day && day <= to)) return false;
    }
  }
  return true;
}

/**
 * The order's buyer constraints in the form both engines test them: once per order, then once per (stage, offer).
 *
 * Rules (the same in the quote, the re-plan, the planning-instance file and the bench's yardstick):
 * - excluded firms are never eligible;
 * - distance from the firm's site to the delivery location ≤ `maxDistanceKm` (boundary included); a firm or an
 *   order without a location is never within a limit; without a limit any firm passes, and one whose distance is
 *   unknown is not costed for transport;
 * - rating ≥ `minRating` (ties pass); a firm without a rating (null) does not pass a floor — the data side sends
 *   its stated neutral value for firms without a record, so null only means "not supplied";
 * - every required certification valid on every day the firm could work the stage: each day of the stage's window
 *   on which the listing has free capacity. A certificate expiring mid-window therefore excludes the firm when it
 *   still has free days after the expiry (the engines never split one firm's eligibility by day).
 */
export class BuyerConstraints {
  readonly excluded: ReadonlySet<string>;
  readonly preferred: ReadonlySet<string>;
  readonly maxDistanceKm: number | null;
  readonly minRating: number | null;
  readonly mode: DistanceMode;
  /** Fen per piece-km; 0 when transport is not costed. */
  readonly rateFenPerUnitKm: number;
  /** True when any constraint or transport applies: the engines take their general path for such orders. */
  readonly active: boolean;

  constructor(readonly order: OrderDemand) {
    this.excluded = new Set(order.excludedFirmIds ?? []);
    this.preferred = new Set(order.preferredFirmIds ?? []);
    this.maxDistanceKm = order.maxDistanceKm ?? null;
    this.minRating = order.minRating ?? null;
    this.mode = order.transport?.distanceMode ?? ('lat' in (order.deliveryLocation ?? {}) ? 'great-circle' : 'planar');
    this.rateFenPerUnitKm = order.transport?.rateFenPerUnitKm ?? 0;
    if (!(this.rateFenPerUnitKm >= 0)) throw new RangeError(`Order ${order.orderId}: transport rate must be ≥ 0`);
    this.active =
      this.excluded.size > 0 ||
      this.preferred.size > 0 ||
      this.maxDistanceKm !== null ||
      this.minRating !== null ||
      this.rateFenPerUnitKm > 0 ||
      order.route.some((stage) => (stage.requiredCertifications ?? []).length > 0);
  }

  distanceTo(offer: CapacityOffer): number | null {
    return distanceKm(offer.location, this.order.deliveryLocation, this.mode);
  }

  /** Transport per piece in fen (unrounded) for a firm at `distance` km; 0 when unknown or not costed. */
  transportFenPerUnit(distance: number | null): number {
    return distance === null ? 0 : this.rateFenPerUnitKm * distance;
  }

  /**
   * Every constraint the offer breaks for the stage, in the order excluded, distance, rating, certification; empty
   * when it passes all. `workDays` gives the day numbers the firm could work the stage (asked only when needed).
   */
  breaks(
    stage: RouteStage,
    offer: CapacityOffer,
    distance: number | null,
    workDays: () => readonly number[],
    toDay: (date: string) => number,
  ): ShortfallReason[] {
    const broken: ShortfallReason[] = [];
    if (this.excluded.has(offer.firmId)) broken.push('EXCLUDED');
    if (this.maxDistanceKm !== null && (distance === null || distance > this.maxDistanceKm)) broken.push('DISTANCE');
    if (this.minRating !== null && !(typeof offer.rating === 'number' && offer.rating >= this.minRating)) {
      broken.push('RATING');
    }
    const required = stage.requiredCertifications ?? [];
    if (required.length > 0 && !certifiedOnDays(offer.certifications, required, workDays(), toDay)) {
      broken.push('CERTIFICATION');
    }
    return broken;
  }
}

/** Transport cost of one assignment, in whole fen: rounded once (half up) from units × rate × km. */
export function transportCostFen(units: number, fenPerUnit: number): number {
  return Math.round(units * fenPerUnit);
}
