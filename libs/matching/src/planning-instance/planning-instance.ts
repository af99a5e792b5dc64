import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIsoDate } from '../engine/calendar';
import type { ReplanResult } from '../engine/replan/replan-types';
import type { CapacityOffer, DistanceMode, IsoDate, Location, OrderDemand } from '../engine/types';
import { type SchemaError, validateAgainstSchema } from './schema-validator';

export const PLANNING_INSTANCE_FORMAT = 'vg-planning-instance/1';
export const PLAN_FORMAT = 'vg-plan/1';
/** The JSON Schema file in the repo (copied next to the built code), read once. */
export const PLANNING_INSTANCE_SCHEMA_FILE = join(__dirname, 'vg-planning-instance-1.schema.json');
let schema: object | null = null;

/** A `vg-planning-instance/1` file: self-contained, no database needed to plan it. Money in yuan, Decimal strings. */
export interface PlanningInstance {
  format: typeof PLANNING_INSTANCE_FORMAT;
  name: string;
  horizon: { start: IsoDate; end: IsoDate };
  distanceMode: DistanceMode;
  transportRatePerUnitKm: string;
  firms: PlanningInstanceFirm[];
  listings: PlanningInstanceListing[];
  orders: PlanningInstanceOrder[];
}

export interface PlanningInstanceFirm {
  id: string;
  name: string;
  location: Location | null;
  rating: number | null;
  class: 'A' | 'B' | 'C' | 'D' | null;
  certifications: { type: string; validFrom: IsoDate; validTo: IsoDate }[];
}

export interface PlanningInstanceListing {
  id: string;
  firmId: string;
  processCode: string;
  unitPrice: string;
  minOrderQuantity: number;
  freeUnits: { date: IsoDate; units: number }[];
}

export interface PlanningInstanceOrder {
  id: string;
  quantity: number;
  earliestStart: IsoDate;
  dueDate: IsoDate;
  deliveryLocation: Location | null;
  maxDistanceKm: number | null;
  minRating: number | null;
  excludedFirmIds: string[];
  preferredFirmIds: string[];
  route: {
    seq: number;
    processCode: string;
    leadDays: number;
    maxUnitPrice: string;
    requiredCertifications: string[];
  }[];
}

/** A `vg-plan/1` file: what `replan:file` writes. Money in yuan, Decimal strings. */
export interface VgPlan {
  format: typeof PLAN_FORMAT;
  solveMs: number;
  totals: { demandUnits: number; filledUnits: number; goodsCost: string; transportCost: string };
  allocations: VgPlanAllocation[];
}

export interface VgPlanAllocation {
  orderId: string;
  stageSeq: number;
  listingId: string;
  date: IsoDate;
  units: number;
  unitPrice: string;
  transportCost: string;
}

/** A file that is not a valid planning instance; `errors` name the JSON path of each problem. */
export class PlanningInstanceError extends Error {
  constructor(readonly errors: SchemaError[]) {
    super(
      `Not a valid ${PLANNING_INSTANCE_FORMAT} file:\n` +
        errors.map((error) => `  ${error.path}: ${error.message}`).join('\n'),
    );
    this.name = 'PlanningInstanceError';
  }
}

/**
 * Validates a parsed JSON value as a planning instance: first against the JSON Schema in the repo, then the rules
 * a schema cannot say (real calendar dates, prices in whole fen, unique ids, listings of known firms, unique
 * stage numbers). Throws a PlanningInstanceError listing every problem found (up to 20) with its path.
 */
export function readPlanningInstance(value: unknown): PlanningInstance {
  schema ??= JSON.parse(readFileSync(PLANNING_INSTANCE_SCHEMA_FILE, 'utf8')) as object;
  const errors = validateAgainstSchema(schema, value);
  if (errors.length > 0) throw new PlanningInstanceError(errors);
  const instance = value as PlanningInstance;
  const problems: SchemaError[] = [];
  const dateAt = (path: string, date: string) => {
    if (!isIsoDate(date)) problems.push({ path, message: `is not a calendar date: ${date}` });
  };
  const fenAt = (path: string, yuan: string) => {
    if (!/^\d+(\.\d{1,2})?$/.test(yuan)) problems.push({ path, message: `must be whole fen (≤ 2 decimals): ${yuan}` });
  };
  const unique = (path: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.push({ path: `${path}[${i}].id`, message: `duplicate id ${JSON.stringify(id)}` });
      seen.add(id);
    });
  };
  dateAt('$.horizon.start', instance.horizon.start);
  dateAt('$.horizon.end', instance.horizon.end);
  if (instance.horizon.start > instance.horizon.end) {
    problems.push({ path: '$.horizon', message: 'start is after end' });
  }
  unique(
    '$.firms',
    instance.firms.map((firm) => firm.id),
  );
  unique(
    '$.listings',
    instance.listings.map((listing) => listing.id),
  );
  unique(
    '$.orders',
    instance.orders.map((order) => order.id),
  );
  const firmIds = new Set(instance.firms.map((firm) => firm.id));
  instance.firms.forEach((firm, f) =>
    firm.certifications.forEach((cert, c) => {
      dateAt(`$.firms[${f}].certifications[${c}].validFrom`, cert.validFrom);
      dateAt(`$.firms[${f}].certifications[${c}].validTo`, cert.validTo);
    }),
  );
  instance.listings.forEach((listing, l) => {
    if (!firmIds.has(listing.firmId)) {
      problems.push({ path: `$.listings[${l}].firmId`, message: `no firm ${JSON.stringify(listing.firmId)}` });
    }
    fenAt(`$.listings[${l}].unitPrice`, listing.unitPrice);
    listing.freeUnits.forEach((free, d) => dateAt(`$.listings[${l}].freeUnits[${d}].date`, free.date));
  });
  instance.orders.forEach((order, o) => {
    dateAt(`$.orders[${o}].earliestStart`, order.earliestStart);
    dateAt(`$.orders[${o}].dueDate`, order.dueDate);
    const seqs = new Set<number>();
    order.route.forEach((stage, s) => {
      if (seqs.has(stage.seq)) problems.push({ path: `$.orders[${o}].route[${s}].seq`, message: `duplicate seq` });
      seqs.add(stage.seq);
      fenAt(`$.orders[${o}].route[${s}].maxUnitPrice`, stage.maxUnitPrice);
    });
  });
  if (problems.length > 0) throw new PlanningInstanceError(problems.slice(0, 20));
  return instance;
}

/** The engines' inputs for an instance: every order carries the instance's distance mode and transport rate. */
export function toEngineInputs(instance: PlanningInstance): { orders: OrderDemand[]; offers: CapacityOffer[] } {
  const firms = new Map(instance.firms.map((firm) => [firm.id, firm]));
  const rateFenPerUnitKm = yuanToFenNumber(instance.transportRatePerUnitKm);
  const offers = instance.listings.map((listing): CapacityOffer => {
    const firm = firms.get(listing.firmId)!;
    return {
      listingId: listing.id,
      firmId: listing.firmId,
      parkId: instance.name,
      groupIds: [],
      processCode: listing.processCode,
      unitPriceFen: yuanToFen(listing.unitPrice),
      minOrderQuantity: listing.minOrderQuantity,
      days: listing.freeUnits.map((free) => ({ date: free.date, free: free.units })),
      onTimeRate: null,
      qualityRate: null,
      evaluationClass: firm.class,
      location: firm.location,
      rating: firm.rating,
      certifications: firm.certifications,
    };
  });
  const orders = instance.orders.map((order): OrderDemand => ({
    orderId: order.id,
    quantity: order.quantity,
    earliestStart: order.earliestStart,
    dueDate: order.dueDate,
    route: order.route.map((stage) => ({
      seq: stage.seq,
      processCode: stage.processCode,
      leadDays: stage.leadDays,
      maxUnitPriceFen: yuanToFen(stage.maxUnitPrice),
      requiredCertifications: stage.requiredCertifications,
    })),
    deliveryLocation: order.deliveryLocation,
    maxDistanceKm: order.maxDistanceKm,
    minRating: order.minRating,
    excludedFirmIds: order.excludedFirmIds,
    preferredFirmIds: order.preferredFirmIds,
    transport: { distanceMode: instance.distanceMode, rateFenPerUnitKm },
  }));
  return { orders, offers };
}

/** What the park adds to the engines' inputs for an instance file. */
export interface PlanningInstanceMetadata {
  name: string;
  horizon: { start: IsoDate; end: IsoDate };
  distanceMode: DistanceMode;
  /** Yuan per piece-km, a Decimal string (e.g. "0.004"). */
  transportRatePerUnitKm: string;
  /** Display names by firm id; a firm without one is named by its id. */
  firmNames?: ReadonlyMap<string, string>;
}

/**
 * The instance for the engines' inputs (`exportPlanningInstance(parkId)`): firms from the offers (site, rating,
 * class, certifications of the first listing seen per firm), listings and orders as the engines see them, sorted
 * by id so that the same park state always gives the same file. Reading it back gives the same inputs, so
 * `replan:file` plans it as the in-app re-plan does.
 */
export function buildPlanningInstance(
  metadata: PlanningInstanceMetadata,
  orders: readonly OrderDemand[],
  offers: readonly CapacityOffer[],
): PlanningInstance {
  const byId =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  const firms = new Map<string, PlanningInstanceFirm>();
  for (const offer of offers) {
    if (firms.has(offer.firmId)) continue;
    firms.set(offer.firmId, {
      id: offer.firmId,
      name: metadata.firmNames?.get(offer.firmId) ?? offer.firmId,
      location: offer.location ?? null,
      rating: offer.rating ?? null,
      class: offer.evaluationClass ?? null,
      certifications: (offer.certifications ?? []).map((cert) => ({ ...cert })),
    });
  }
  return {
    format: PLANNING_INSTANCE_FORMAT,
    name: metadata.name,
    horizon: { ...metadata.horizon },
    distanceMode: metadata.distanceMode,
    transportRatePerUnitKm: metadata.transportRatePerUnitKm,
    firms: [...firms.values()].sort(byId((firm) => firm.id)),
    listings: [...offers].sort(byId((offer) => offer.listingId)).map((offer) => ({
      id: offer.listingId,
      firmId: offer.firmId,
      processCode: offer.processCode,
      unitPrice: fenToYuan(offer.unitPriceFen),
      minOrderQuantity: offer.minOrderQuantity,
      freeUnits: offer.days.map((day) => ({ date: day.date, units: Math.max(0, Math.floor(day.free)) })),
    })),
    orders: [...orders].sort(byId((order) => order.orderId)).map((order) => ({
      id: order.orderId,
      quantity: order.quantity,
      earliestStart: order.earliestStart,
      dueDate: order.dueDate,
      deliveryLocation: order.deliveryLocation ?? null,
      maxDistanceKm: order.maxDistanceKm ?? null,
      minRating: order.minRating ?? null,
      excludedFirmIds: [...(order.excludedFirmIds ?? [])],
      preferredFirmIds: [...(order.preferredFirmIds ?? [])],
      route: [...order.route]
        .sort((a, b) => a.seq - b.seq)
        .map((stage) => ({
          seq: stage.seq,
          processCode: stage.processCode,
          leadDays: stage.leadDays,
          maxUnitPrice: fenToYuan(stage.maxUnitPriceFen),
          requiredCertifications: [...(stage.requiredCertifications ?? [])],
        })),
    })),
  };
}

/**
 * The re-plan as a `vg-plan/1` object: one allocation per order, stage, listing and day, sorted. An assignment's
 * transport cost (rounded once, in whole fen) is spread over its days by cumulative rounding, so the allocations
 * add up to it exactly and the totals are the sums of the allocations.
 */
export function toVgPlan(result: ReplanResult, solveMs: number): VgPlan {
  const allocations: VgPlanAllocation[] = [];
  for (const plan of result.plans) {
    for (const assignment of plan.assignments) {
      const transport = assignment.transportCostFen ?? 0;
      let unitsSoFar = 0;
      let fenSoFar = 0;
      for (const day of assignment.days) {
        unitsSoFar += day.units;
        const fen = Math.round((transport * unitsSoFar) / assignment.units) - fenSoFar;
        fenSoFar += fen;
        allocations.push({
          orderId: assignment.orderId,
          stageSeq: assignment.stageSeq,
          listingId: assignment.listingId,
          date: day.date,
          units: day.units,
          unitPrice: fenToYuan(assignment.unitPriceFen),
          transportCost: fenToYuan(fen),
        });
      }
    }
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  allocations.sort(
    (a, b) =>
      compare(a.orderId, b.orderId) ||
      a.stageSeq - b.stageSeq ||
      compare(a.listingId, b.listingId) ||
      compare(a.date, b.date),
  );
  return {
    format: PLAN_FORMAT,
    solveMs,
    totals: {
      demandUnits: result.totals.unitsDemanded,
      filledUnits: result.totals.unitsFilled,
      goodsCost: fenToYuan(result.totals.costFen),
      transportCost: fenToYuan(result.totals.transportCostFen),
    },
    allocations,
  };
}

/** "1.35" → 135, exactly (the string is validated to whole fen). */
export function yuanToFen(yuan: string): number {
  const [whole, fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** "0.004" → 0.4: fen as a number, for rates that may be fractions of a fen. */
function yuanToFenNumber(yuan: string): number {
  const [whole, fraction = ''] = yuan.split('.');
  const digits = fraction.length;
  return ((Number(whole) * 10 ** digits + Number(fraction || '0')) * 100) / 10 ** digits;
}

/** 135 → "1.35"; -5 → "-0.05". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
