import type { Decimal } from 'decimal.js';
import { Exact } from './exact-decimal';

/** 1 mu = 10000/15 m², so mu = m² × 15 / 10000 = m² × 0.0015, exactly (one multiplication, no rounding). */
const MU_PER_SQUARE_METRE = new Exact('0.0015');

export function landMuFromSquareMetres(squareMetres: Decimal): Decimal {
  return squareMetres.times(MU_PER_SQUARE_METRE);
}
