import { isStrictIsoDate } from '@vg/core';
import Decimal from 'decimal.js';
import { FirmScale } from '../firm-scale.entity';
import { LandTenure } from '../land-plot.entity';

/** A cell read as a value, or why it cannot be (in words naming what is expected, never echoing figures). */
export type Parsed<T> = { value: T } | { problem: string };

const ok = <T>(value: T): Parsed<T> => ({ value });
const problem = (text: string): Parsed<never> => ({ problem: text });

/** GB/T 4754: a section letter, then 2–4 digits; the division is the first two digits. */
export function parseIndustryCode(text: string): Parsed<string> {
  const match = /^[A-Ta-t]?\s*(\d{2})\d{0,2}$/.exec(text.trim());
  if (!match || match[1] === '00') return problem('must be a GB/T 4754 code such as C1810, 1810 or 18');
  return ok(match[1]);
}

/** 2019-03-08, 2019/3/8, 2019.3.8, 20190308, 2019年3月8日; a real calendar day from 1900 on. */
export function parseRegistryDate(text: string): Parsed<string> {
  const trimmed = text.trim();
  const match =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(trimmed) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(trimmed);
  const iso = match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : null;
  if (!iso || !isStrictIsoDate(iso) || iso < '1900-01-01') {
    return problem('must be a real date such as 2019-03-08, 2019/3/8, 20190308 or 2019年3月8日');
  }
  return ok(iso);
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** A positive decimal with at most `scale` decimals (thousands separators allowed), exactly as written. */
export function parsePositiveDecimal(text: string, scale: number, max: string): Parsed<string> {
  const plain = text.trim().replace(/,(?=\d{3}(?:\D|$))/g, '');
  if (!DECIMAL.test(plain)) return problem(`must be a positive number with at most ${scale} decimals`);
  const value = new Decimal(plain);
  if (value.lte(0) || value.gt(max)) return problem(`must be greater than 0 and at most ${max}`);
  if (value.decimalPlaces() > scale) return problem(`has more than ${scale} decimals`);
  return ok(value.toFixed(scale));
}

/** Degrees within ±limit, rounded half up to 6 decimals (about 0.1 m): a location, not an official figure. */
export function parseDegrees(text: string, limit: number): Parsed<string> {
  const trimmed = text.trim();
  if (!/^-?\d+(?:\.\d+)?$/.test(trimmed)) return problem(`must be decimal degrees between -${limit} and ${limit}`);
  const value = new Decimal(trimmed);
  if (value.abs().gt(limit)) return problem(`must be between -${limit} and ${limit} degrees`);
  return ok(value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6));
}

export function parseCount(text: string, max: number): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > max) return problem(`must be a whole number from 0 to ${max}`);
  return ok(Number(trimmed));
}

export function parseYear(text: string): Parsed<number> {
  const trimmed = text.trim();
  const year = /^\d{4}$/.test(trimmed) ? Number(trimmed) : NaN;
  return year >= 2000 && year <= 2100 ? ok(year) : problem('must be a year from 2000 to 2100, e.g. 2025');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseEmail(text: string): Parsed<string> {
  const trimmed = text.trim().toLowerCase();
  return EMAIL.test(trimmed) && trimmed.length <= 254 ? ok(trimmed) : problem('must be an email address');
}

/** A mobile or landline number: digits, with spaces, dashes or brackets between them and an optional leading +. */
export function parsePhone(text: string): Parsed<string> {
  const trimmed = text.trim();
  if (!/^\+?[\d\s\-()]+$/.test(trimmed)) return problem('must be a phone number (digits, optionally + first)');
  const digits = trimmed.replace(/[^\d+]/g, '');
  const count = digits.replace('+', '').length;
  return count >= 7 && count <= 15 ? ok(digits) : problem('must have 7 to 15 digits');
}

export type AreaUnitWord = 'MU' | 'M2';

export function parseAreaUnit(text: string): Parsed<AreaUnitWord> {
  const word = text.trim().toLowerCase();
  if (['亩', 'mu'].includes(word)) return ok('MU');
  if (['平方米', '㎡', 'm2', 'm²', '平米', 'sqm'].includes(word)) return ok('M2');
  return problem('must be 亩 (mu) or 平方米 (m²)');
}

export function parseTenure(text: string): Parsed<LandTenure> {
  const word = text.trim();
  if (['自有', '出让', '划拨', '自建', 'OWNED', 'owned'].includes(word)) return ok(LandTenure.OWNED);
  if (['租赁', '租用', '承租', 'LEASED', 'leased'].includes(word)) return ok(LandTenure.LEASED);
  return problem('must be 自有/出让/划拨 (owned) or 租赁/承租 (leased)');
}

export function parseScale(text: string): Parsed<FirmScale> {
  const word = text.trim();
  if (['规上', '规模以上', '是', 'Y', 'y', 'ABOVE', 'above'].includes(word)) return ok(FirmScale.ABOVE);
  if (['规下', '规模以下', '否', 'N', 'n', 'BELOW', 'below'].includes(word)) return ok(FirmScale.BELOW);
  return problem('must be 规上 (规模以上, 是) or 规下 (规模以下, 否)');
}

/** A register's list of names or codes: separated by 、 , ， ; ； or /. */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；/]/)
    .map((part) => part.trim())
    .filter(Boolean);
}
