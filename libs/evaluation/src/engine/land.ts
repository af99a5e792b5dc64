import type { Decimal } from 'decimal.js';

/** 1 mu = 10000/15 m², so mu = m² × 15 / 10000; exact, since dividing by 10000 terminates. */
export function landMuFromSquareMetres(squareMetres: Decimal): Decimal {
  return squareMetres.times(15).div(10000);
}
