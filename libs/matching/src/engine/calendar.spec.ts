import { addDays, daysBetween, isIsoDate, toDayNumber, toIsoDate } from './calendar';

describe('calendar', () => {
  it.each([
    ['the epoch', '1970-01-01', 0],
    ['the day before the epoch', '1969-12-31', -1],
    ['a leap day', '2024-02-29', 19_782],
    ['a century leap day', '2000-02-29', 11_016],
    ['the last day of a year', '2025-12-31', 20_453],
  ])('%s: %s is day %i and back', (_situation, iso, dayNumber) => {
    expect(toDayNumber(iso)).toBe(dayNumber);
    expect(toIsoDate(dayNumber)).toBe(iso);
  });

  it('agrees with Date on every day from 1999-01-01 to 2103-01-01', () => {
    const mismatches: string[] = [];
    for (let day = 10_592; day <= 48_577; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (toDayNumber(iso) !== day || toIsoDate(day) !== iso) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['a day past the month end', '2025-02-29'],
    ['a non-leap century', '1900-02-29'],
    ['month 13', '2025-13-01'],
    ['day zero', '2025-01-00'],
    ['missing zero padding', '2025-3-01'],
    ['a timestamp', '2025-03-01T00:00:00Z'],
    ['slashes', '2025/03/01'],
    ['letters', '2025-0a-01'],
    ['a signed digit', '2025-+3-01'],
    ['the empty string', ''],
  ])('rejects %s (%s)', (_situation, text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => toDayNumber(text)).toThrow(RangeError);
  });

  it('rejects what is not a string', () => {
    expect(isIsoDate(20250301)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it.each([
    ['across a month end', '2025-01-30', 3, '2025-02-02'],
    ['across a leap day', '2024-02-28', 2, '2024-03-01'],
    ['backwards across a year end', '2025-01-01', -1, '2024-12-31'],
  ])('adds days %s', (_situation, from, days, to) => {
    expect(addDays(from, days)).toBe(to);
    expect(daysBetween(from, to)).toBe(days);
  });

  it('refuses a fractional day number', () => {
    expect(() => toIsoDate(1.5)).toThrow(RangeError);
  });
});
