import { Decimal } from 'decimal.js';
import { EvaluationInputError } from './evaluation-input.error';

/**
 * Decimal constructor used throughout the engine. 40 significant digits keep every quotient far beyond the
 * 4–6 published decimals, so rounding happens only on output. A clone, so the global Decimal config of other
 * modules is neither used nor changed.
 */
export const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const SCORE_DECIMALS = 4;
export const VALUE_DECIMALS = 6;

const ZERO = new Exact(0);

// Plain decimal notation only: exponents, hex, NaN and Infinity are not figures anyone certifies.
const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

export function parseDecimal(text: unknown, what: string): Decimal {
  if (typeof text !== 'string' || !DECIMAL_STRING.test(text)) {
    throw new EvaluationInputError(`${what}: ${JSON.stringify(text)} is not a decimal string`);
  }
  return new Exact(text);
}

export function roundHalfUp(value: Decimal, decimals: number): Decimal {
  return value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}

function formatFixed(value: Decimal, decimals: number): string {
  const rounded = roundHalfUp(value, decimals);
  // A tiny negative rounds to zero; print it without the sign.
  return (rounded.isZero() ? ZERO : rounded).toFixed(decimals);
}

export function formatScore(value: Decimal): string {
  return formatFixed(value, SCORE_DECIMALS);
}

export function formatValue(value: Decimal): string {
  return formatFixed(value, VALUE_DECIMALS);
}

/** For quantities that are exact by construction (figures as given, land in mu). */
export function formatExact(value: Decimal): string {
  return value.toFixed();
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}
