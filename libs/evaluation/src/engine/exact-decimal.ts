import { Decimal } from 'decimal.js';
import { EvaluationInputError } from './evaluation-input.error';

/**
 * Decimal constructor used throughout the engine. 40 significant digits keep every quotient far beyond the
 * 4–6 published decimals, so rounding happens only on output. A clone, so the global Decimal config of other
 * modules is neither used nor changed.
 */
export const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const SCORE_DECIMALS = 4;
const VALUE_DECIMALS = 6;

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

const NEGATIVE_ZERO = /^-0\.?0*$/;

function formatFixed(value: Decimal, decimals: number): string {
  const text = value.toFixed(decimals, Decimal.ROUND_HALF_UP);
  // A tiny negative rounds to zero; print it without the sign.
  return NEGATIVE_ZERO.test(text) ? text.slice(1) : text;
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

export const ZERO: Decimal = new Exact(0);

export function sum(values: Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), ZERO);
}

/**
 * 100 × part / whole to 4 decimals, half up, for counts of firms. Integer arithmetic (BigInt) is exact here and
 * spares 12,000 Decimal round trips.
 */
export function formatPercent(part: number, whole: number): string {
  const tenThousandths = (2n * BigInt(part) * 1_000_000n + BigInt(whole)) / (2n * BigInt(whole));
  const text = tenThousandths.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}
