import { SupplierSiteFacts } from '@vg/firms';
import { CapacityOffer } from './engine';
import { NEUTRAL_RATING, SupplierRating } from './supplier-rating';

/**
 * What an offer carries for the buyer's constraints: its firm's site, its rating and every certification on record
 * (the engines check validity day by day). A firm without a site is never within a distance limit.
 */
export function offerQualifications(
  site: SupplierSiteFacts | undefined,
  rated: SupplierRating | undefined,
): Pick<CapacityOffer, 'location' | 'rating' | 'certifications'> {
  return {
    location:
      site && site.latitude !== null && site.longitude !== null ? { lat: site.latitude, lng: site.longitude } : null,
    rating: rated?.rating ?? NEUTRAL_RATING,
    certifications: (site?.certifications ?? []).map((held) => ({
      type: held.type,
      validFrom: held.validFrom,
      validTo: held.validTo,
    })),
  };
}
