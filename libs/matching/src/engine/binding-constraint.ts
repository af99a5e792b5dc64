import type { BuyerConstraints } from './eligibility';
import type { ShortfallReason } from './types';

/** A firm that fails exactly one buyer constraint for a stage, with the free units it has left in the window. */
export interface NearMissRoom {
  reason: ShortfallReason;
  firmId: string;
  distanceKm: number | null;
  rating: number | null;
  room: number;
}

export interface BindingConstraint {
  reason: ShortfallReason;
  /** e.g. "only 3 SEWING firms within 12 km hold BSCI; 1,800 pcs short; relaxing to 20 km would fill it". */
  message: string;
}

const CONSTRAINT_REASONS: ShortfallReason[] = ['DISTANCE', 'RATING', 'CERTIFICATION', 'EXCLUDED'];

/**
 * The buyer constraint that binds a short stage and what relaxing it would give, computed from the free units
 * left in the stage's window at the firms that fail only that constraint: the one whose relaxation frees the most
 * units binds. The hint is the least relaxation (smallest radius, highest rating floor) whose newly eligible firms
 * have room for the units short; when none suffices it says how many units relaxing fully would give. Null when
 * no near miss has room (capacity or dates bind, not the buyer).
 */
export function bindingConstraint(
  constraints: BuyerConstraints,
  processCode: string,
  requiredCertifications: readonly string[],
  eligibleFirms: number,
  unitsShort: number,
  nearMisses: readonly NearMissRoom[],
): BindingConstraint | null {
  let best: { reason: ShortfallReason; room: number } | null = null;
  for (const reason of CONSTRAINT_REASONS) {
    const room = nearMisses.reduce((sum, miss) => sum + (miss.reason === reason ? miss.room : 0), 0);
    if (room > 0 && (best === null || room > best.room)) best = { reason, room };
  }
  if (best === null) return null;
  const qualifiers: string[] = [];
  if (constraints.maxDistanceKm !== null) qualifiers.push(`within ${formatNumber(constraints.maxDistanceKm)} km`);
  if (constraints.minRating !== null) qualifiers.push(`rated ${formatNumber(constraints.minRating)} or better`);
  if (requiredCertifications.length > 0) qualifiers.push(`holding ${requiredCertifications.join(' and ')}`);
  if (constraints.excluded.size > 0) qualifiers.push('not excluded');
  const head =
    `only ${eligibleFirms} ${processCode} firm${eligibleFirms === 1 ? ' ' : 's '}${qualifiers.join(', ')} ` +
    `${eligibleFirms === 1 ? 'has' : 'have'} room; ${unitsShort.toLocaleString('en-US')} pcs short`;
  const misses = nearMisses.filter((miss) => miss.reason === best.reason && miss.room > 0);
  return { reason: best.reason, message: `${head}; ${hint(best.reason, misses, unitsShort, requiredCertifications)}` };
}

function hint(
  reason: ShortfallReason,
  misses: NearMissRoom[],
  unitsShort: number,
  requiredCertifications: readonly string[],
): string {
  const total = misses.reduce((sum, miss) => sum + miss.room, 0);
  const firms = new Set(misses.map((miss) => miss.firmId)).size;
  if (reason === 'DISTANCE') {
    const sorted = misses.filter((miss) => miss.distanceKm !== null).sort((a, b) => a.distanceKm! - b.distanceKm!);
    let room = 0;
    for (const miss of sorted) {
      room += miss.room;
      if (room >= unitsShort) return `relaxing to ${Math.ceil(miss.distanceKm!)} km would fill it`;
    }
    const farthest = sorted.at(-1)?.distanceKm ?? 0;
    return `relaxing to ${Math.ceil(farthest)} km would add ${room.toLocaleString('en-US')} pcs of room`;
  }
  if (reason === 'RATING') {
    const sorted = [...misses].sort((a, b) => (b.rating ?? -1) - (a.rating ?? -1));
    let room = 0;
    for (const miss of sorted) {
      room += miss.room;
      if (room >= unitsShort) return `lowering the rating floor to ${formatNumber(miss.rating ?? 0)} would fill it`;
    }
    return `lowering the rating floor to ${formatNumber(sorted.at(-1)?.rating ?? 0)} would add ${room.toLocaleString('en-US')} pcs of room`;
  }
  const what =
    reason === 'CERTIFICATION'
      ? `dropping ${requiredCertifications.join(' and ')} would admit ${firms} firm${firms === 1 ? '' : 's'}`
      : `admitting the ${firms} excluded firm${firms === 1 ? '' : 's'} would`;
  const verb = reason === 'CERTIFICATION' ? ' and' : '';
  return total >= unitsShort
    ? `${what}${verb} fill it`
    : `${what}${verb} add ${total.toLocaleString('en-US')} pcs of room`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}
