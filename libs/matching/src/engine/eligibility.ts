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
    return planarKm(from.xKm, from.yKm, to.xKm, to.yKm);
  }
  if (!('lat' in from) || !('lat' in to)) return null;
  return greatCircleKm(from.lat, from.lng, to.lat, to.lng);
}

function planarKm(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x1 - x2;
  const dy = y1 - y2;
  return Math.sqrt(dx * dx + dy * dy);
}

function greatCircleKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * DEGREE;
  const dLng = (lng2 - lng1) * DEGREE;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEGREE) * Math.cos(lat2 * DEGREE) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The offers' sites, ratings and certificates in flat arrays, for the re-plan's eligibility test over millions of
 * (stage, listing) pairs: the same rules as `BuyerConstraints.breaks`, without allocating per pair.
 */
export class OfferSites {
  /** 0 no site, 1 planar, 2 geographic. */
  private readonly kind: Uint8Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  /** NaN for no rating: NaN ≥ floor is false, as null fails a floor. */
  readonly rating: Float64Array;
  private readonly spans: (Map<string, number[]> | undefined)[];

  constructor(
    private readonly offers: readonly CapacityOffer[],
    private readonly toDay: (date: string) => number,
  ) {
    const n = offers.length;
    this.kind = new Uint8Array(n);
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.rating = new Float64Array(n);
    this.spans = new Array<Map<string, number[]> | undefined>(n);
    offers.forEach((offer, l) => {
      const site = offer.location;
      if (site && 'xKm' in site) {
        this.kind[l] = 1;
        this.a[l] = site.xKm;
        this.b[l] = site.yKm;
      } else if (site && 'lat' in site) {
        this.kind[l] = 2;
        this.a[l] = site.lat;
        this.b[l] = site.lng;
      }
      this.rating[l] = typeof offer.rating === 'number' ? offer.rating : NaN;
    });
  }

  /** km from listing l's site to the order's delivery point, as `distanceKm` measures it; null when unknown. */
  distance(l: number, constraints: BuyerConstraints): number | null {
    const to = constraints.order.deliveryLocation;
    if (!to || this.kind[l] === 0) return null;
    if (constraints.mode === 'planar') {
      return this.kind[l] === 1 && 'xKm' in to ? planarKm(this.a[l], this.b[l], to.xKm, to.yKm) : null;
    }
    return this.kind[l] === 2 && 'lat' in to ? greatCircleKm(this.a[l], this.b[l], to.lat, to.lng) : null;
  }

  /** Whether listing l's firm holds every required type valid on each of `days` (day numbers), as `certifiedOnDays`. */
  certifiedOn(l: number, required: readonly string[], days: readonly number[]): boolean {
    let spans = this.spans[l];
    if (spans === undefined) {
      spans = new Map<string, number[]>();
      for (const cert of this.offers[l].certifications ?? []) {
        const list = spans.get(cert.type) ?? [];
        list.push(this.toDay(cert.validFrom), this.toDay(cert.validTo));
        spans.set(cert.type, list);
      }
      this.spans[l] = spans;
    }
    for (const type of required) {
      const list = spans.get(type) ?? [];
      for (const day of days) {
        let covered = false;
        for (let i = 0; i < list.length && !covered; i += 2) covered = list[i] <= day && day <= list[i + 1];
        if (!covered) return false;
      }
    }
    return true;
  }
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
