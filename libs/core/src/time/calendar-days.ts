import { isStrictIsoDate } from '../graphql/scalars';

const DAY_MS = 86_400_000;

/** Whole days as UTC midnights, so calendar arithmetic never meets a time zone or DST. */
export function toDayNumber(isoDate: string): number {
  if (!isStrictIsoDate(isoDate)) throw new Error(`Not a calendar day: ${isoDate}`);
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (isoDate: string, days: number): string => fromDayNumber(toDayNumber(isoDate) + days);

export const daysBetween = (from: string, to: string): number => toDayNumber(to) - toDayNumber(from);

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day++) days.push(fromDayNumber(day));
  return days;
}

/** Today in China Standard Time (UTC+8, no DST): the calendar our users live by. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
