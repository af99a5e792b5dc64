import { badInput, daysBetween } from '@vg/core';
import Decimal from 'decimal.js';

/** A [from, to] window of calendar days, both included, checked once for every cockpit query. */
export function assertWindow(from: string, to: string, maxDays: number): void {
  const span = daysBetween(from, to);
  if (span < 0) throw badInput('to', 'to must not be before from');
  if (span >= maxDays) throw badInput('to', `At most ${maxDays} days at a time`);
}

/** Integers from SQL sums (bigint comes back as text). */
export const toInt = (value: string | number | null): number => (value === null ? 0 : Number(value));

/** a / b to 4 decimals, rounded half up, exactly. */
export function ratio(numerator: Decimal.Value, denominator: Decimal.Value): string {
  if (new Decimal(denominator).isZero()) return '0.0000';
  return new Decimal(numerator).dividedBy(denominator).toFixed(4, Decimal.ROUND_HALF_UP);
}

/** Months as whole numbers (year × 12 + month − 1), so windows are plain arithmetic. */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOfIndex = (index: number): string =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

export function assertMonths(fromMonth: string, toMonth: string, maxMonths: number): number {
  const months = monthIndex(toMonth) - monthIndex(fromMonth) + 1;
  if (months < 1) throw badInput('toMonth', 'toMonth must not be before fromMonth');
  if (months > maxMonths) throw badInput('toMonth', `At most ${maxMonths} months at a time`);
  return months;
}
