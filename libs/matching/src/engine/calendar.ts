import type { IsoDate } from './types';

/**
 * Calendar days as integers (days since 1970-01-01, UTC) so the engines do arithmetic on numbers, never on Date
 * objects or time zones. Parsing is strict: exactly `YYYY-MM-DD` naming a real calendar day.
 */

const DAY_MS = 86_400_000;
const CHAR_ZERO = 48;

/** Day number of a strict ISO date; throws a RangeError for anything else (`2025-2-1`, `2025-02-30`, a timestamp). */
export function toDayNumber(date: IsoDate): number {
  const day = parseDayNumber(date);
  if (day === null) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}

/** ISO date of a day number. */
export function toIsoDate(day: number): IsoDate {
  if (!Number.isInteger(day)) throw new RangeError(`Not a day number: ${day}`);
  const iso = new Date(day * DAY_MS).toISOString();
  if (iso.length !== 24) throw new RangeError(`Day number outside years 0000-9999: ${day}`);
  return iso.slice(0, 10);
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseDayNumber(value) !== null;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Hand-rolled rather than a regex + Date: the quote parses hundreds of thousands of offer days per call. */
function parseDayNumber(date: string): number | null {
  if (typeof date !== 'string' || date.length !== 10 || date[4] !== '-' || date[7] !== '-') return null;
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 7);
  const day = digits(date, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - CHAR_ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Howard Hinnant's days_from_civil (proleptic Gregorian). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
