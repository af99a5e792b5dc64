import { isFutureMonth } from './month';

describe('isFutureMonth (China Standard Time)', () => {
  // 2026-11-30 17:00 UTC is already 2026-12-01 01:00 in China.
  const now = new Date('2026-11-30T17:00:00Z');

  it.each([
    ['2026-11', false],
    ['2026-12', false],
    ['2026-12-01', false],
    ['2027-01', true],
    ['2099-01', true],
  ])('says %s is %s', (month, future) => {
    expect(isFutureMonth(month, now)).toBe(future);
  });
});
