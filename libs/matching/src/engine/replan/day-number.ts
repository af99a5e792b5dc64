import type { IsoDate } from '../types';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO `YYYY-MM-DD` date (UTC, so no time-zone drift). */
export function isoToDayNumber(date: IsoDate): number {
  const [year, month, day] = date.split('-').map(Number);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function dayNumberToIso(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}
