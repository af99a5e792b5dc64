import Decimal from 'decimal.js';
import { LandAreaUnit } from './land-plot.entity';

/** 1 mu = 10000/15 m²: mu = m² × 0.0015 exactly; m² = mu ÷ 0.0015 is a repeating decimal, rounded only for display. */
export const MU_PER_SQUARE_METRE = '0.0015';

/** A plot's area as stored: exactly one of the two is set, in the unit it was given in. */
export interface StoredArea {
  areaM2: string | null;
  areaMu: string | null;
}

export function areaUnitOf(area: StoredArea): LandAreaUnit {
  return area.areaMu !== null ? LandAreaUnit.MU : LandAreaUnit.M2;
}

/** The area in mu without any rounding (at most 6 decimals: m² have 2). */
export function exactMu(area: StoredArea): Decimal {
  return area.areaMu !== null
    ? new Decimal(area.areaMu)
    : new Decimal(area.areaM2 as string).times(MU_PER_SQUARE_METRE);
}

/** Mu to 4 decimals, half up: exact for an area given in mu. */
export function muForDisplay(mu: Decimal): string {
  return mu.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/** M² to 2 decimals, half up: exact for an area (or a sum of areas) given in m². */
export function squareMetresForDisplay(mu: Decimal): string {
  return mu.dividedBy(MU_PER_SQUARE_METRE).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** SQL for a plot's exact mu, for set-based sums (the same rule as `exactMu`). */
export const EXACT_MU_SQL = (alias: string) => `COALESCE(${alias}.area_mu, ${alias}.area_m2 * ${MU_PER_SQUARE_METRE})`;
