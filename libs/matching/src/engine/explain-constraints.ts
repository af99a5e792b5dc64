import { type BuyerConstraints, transportCostFen } from './eligibility';
import type { CapacityOffer, RouteStage } from './types';

/**
 * What made a firm eligible under the buyer's constraints and what moving its goods costs, for the explanation:
 * "8.2 km from the delivery point (limit 12 km), transport 32.80 yuan for 1,000 pcs; holds BSCI valid to
 * 2026-12-31; rated 3.85 (floor 2.5); preferred by the buyer". Empty when the order set nothing.
 */
export function qualificationsNote(
  constraints: BuyerConstraints,
  stage: RouteStage,
  offer: CapacityOffer,
  units: number,
): string {
  const parts: string[] = [];
  const distance = constraints.distanceTo(offer);
  if (distance !== null) {
    const limit = constraints.maxDistanceKm === null ? '' : ` (limit ${constraints.maxDistanceKm} km)`;
    const fen = transportCostFen(units, constraints.transportFenPerUnit(distance));
    const transport =
      constraints.rateFenPerUnitKm > 0 ? `, transport ${(fen / 100).toFixed(2)} yuan for ${units} pcs` : '';
    parts.push(`${distance.toFixed(1)} km from the delivery point${limit}${transport}`);
  } else if (constraints.rateFenPerUnitKm > 0) {
    parts.push('distance to the delivery point unknown, transport not costed');
  }
  for (const type of stage.requiredCertifications ?? []) {
    const validTo = (offer.certifications ?? [])
      .filter((cert) => cert.type === type)
      .map((cert) => cert.validTo)
      .sort()
      .at(-1);
    parts.push(`holds ${type}${validTo ? ` valid to ${validTo}` : ''}`);
  }
  if (constraints.minRating !== null) parts.push(`rated ${offer.rating} (floor ${constraints.minRating})`);
  if (constraints.preferred.has(offer.firmId)) parts.push('preferred by the buyer');
  return parts.join('; ');
}
