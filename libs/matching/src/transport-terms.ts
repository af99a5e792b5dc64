import Decimal from 'decimal.js';
import { TransportTerms } from './engine';

/** Yuan per piece-km when the order names no park (the parks' own default is the same). */
export const DEFAULT_TRANSPORT_RATE_PER_UNIT_KM = '0.004';

/** A park's transport settings as the engines take them (fen per piece-km; great-circle between WGS-84 sites). */
export function transportTerms(ratePerUnitKm: string = DEFAULT_TRANSPORT_RATE_PER_UNIT_KM): TransportTerms {
  return { distanceMode: 'great-circle', rateFenPerUnitKm: new Decimal(ratePerUnitKm).times(100).toNumber() };
}
