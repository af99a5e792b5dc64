import { assertMonths, ratio } from './cockpit-figures';
import { categoryOf, ParkEventCategory } from './dto/park-event.model';

describe('cockpit figures', () => {
  it.each([
    ['a third', 1, 3, '0.3333'],
    ['two thirds, rounded half up', 2, 3, '0.6667'],
    ['an exact half', '1', '2', '0.5000'],
    ['nothing over nothing', 0, 0, '0.0000'],
    ['decimal strings, exactly', '0.1', '0.3', '0.3333'],
    ['a ratio above one', 7, 4, '1.7500'],
  ])('ratio of %s', (_situation, numerator, denominator, expected) => {
    expect(ratio(numerator, denominator)).toBe(expected);
  });

  it.each([
    ['one month', '2026-01', '2026-01', 1],
    ['across a year end', '2025-11', '2026-02', 4],
    ['three years', '2023-10', '2026-09', 36],
  ])('counts the months of %s', (_situation, from, to, months) => {
    expect(assertMonths(from, to, 60)).toBe(months);
  });

  it.each([
    ['when the window ends before it starts', '2026-02', '2026-01'],
    ['when the window is too long', '2020-01', '2026-01'],
  ])('refuses a window %s, naming toMonth', (_situation, from, to) => {
    expect(() => assertMonths(from, to, 60)).toThrow(expect.objectContaining({ field: 'toMonth' }));
  });

  it.each([
    ['PROPOSAL_MADE', ParkEventCategory.ALLOCATION],
    ['STAGE_DELIVERED', ParkEventCategory.ALLOCATION],
    ['PLAN_MADE', ParkEventCategory.ORDER],
    ['ORDER_CONFIRMED', ParkEventCategory.ORDER],
    ['GROUP_FORMED', ParkEventCategory.GROUP],
    ['MEMBER_LEFT', ParkEventCategory.GROUP],
    ['ROUND_PUBLISHED', ParkEventCategory.EVALUATION],
    ['SOMETHING_NEW', ParkEventCategory.OTHER],
  ])('files %s under %s', (type, category) => {
    expect(categoryOf(type)).toBe(category);
  });
});
