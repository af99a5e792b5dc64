import type { IsoDate } from '../types';

const MS_PER_DAY = 86_400_000;

// A park's instance repeats the same few dozen dates hundreds of thousands of times: parse and format each once.
const dayNumbers = new Map<IsoDate, number>();
const isoDates = new Map<number, IsoDate>();

/** Days since 1970-01-01 for an ISO `YYYY-MM-DD` date (UTC, so no time-zone drift). */
export function isoToDayNumber(date: IsoDate): number {
  let dayNumber = dayNumbers.get(date);
  if (dayNumber === undefined) {
    const [year, month, day] = date.split('-').map(Number);
    dayNumber = Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
    if (dayNumbers.size < 100_000) dayNumbers.set(date, dayNumber);
  }
  return dayNumber;
}

export function dayNumberToIso(dayNumber: number): IsoDate {
  let date = isoDates.get(dayNumber);
  if (date === undefined) {
    date = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoDates.size < 100_000) isoDates.set(dayNumber, date);
  }
  return date;
}
