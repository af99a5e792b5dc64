import { todayInChina } from '@vg/core';

/** Months as whole numbers (year × 12 + month − 1), so windows are plain arithmetic. */
export function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** 'YYYY-MM' */
export function monthLabel(number: number): string {
  return `${Math.floor(number / 12)}-${String((number % 12) + 1).padStart(2, '0')}`;
}

export const firstDayOf = (month: string): string => `${month.slice(0, 7)}-01`;

/** The last complete month in China: the month before today's. */
export function lastCompleteMonth(now: Date = new Date()): string {
  return monthLabel(monthNumber(todayInChina(now)) - 1);
}

/** True when the month (YYYY-MM or its first day) has not begun yet in China: output cannot be known for it. */
export function isFutureMonth(month: string, now: Date = new Date()): boolean {
  return monthNumber(month) > monthNumber(todayInChina(now));
}
