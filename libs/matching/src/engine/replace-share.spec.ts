import { replaceShare, ShareToReplace } from './replace-share';
import { day, makeOffer } from '../../../../tests/fixtures/matching-engine.fixtures';

const share: ShareToReplace = {
  orderId: 'order-1',
  stageSeq: 2,
  processCode: 'SEWING',
  maxUnitPriceFen: 1000,
  days: [
    { date: day(0), units: 30 },
    { date: day(1), units: 30 },
  ],
};

describe('replacing a declined share on its own days', () => {
  it('when one firm has room on both days, it takes the whole share', () => {
    const offers = [makeOffer('L1', 'SEWING', [50, 50], { unitPriceFen: 800 })];
    const result = replaceShare(share, offers);
    expect(result.unitsShort).toBe(0);
    expect(result.assignments).toHaveLength(1);
    expect(result.assignments[0].days).toEqual(share.days);
    expect(result.assignments[0].costFen).toBe(60 * 800);
  });

  it('when no firm has enough alone, it splits across firms and never uses other days', () => {
    const offers = [
      makeOffer('L1', 'SEWING', [20, 20, 100], { unitPriceFen: 800 }),
      makeOffer('L2', 'SEWING', [20, 5], { unitPriceFen: 900 }),
    ];
    const result = replaceShare(share, offers);
    const perDay = new Map<string, number>();
    for (const assignment of result.assignments) {
      for (const d of assignment.days) perDay.set(d.date, (perDay.get(d.date) ?? 0) + d.units);
    }
    expect(perDay.get(day(0))).toBe(30);
    expect(perDay.get(day(1))).toBe(25);
    expect(perDay.has(day(2))).toBe(false);
    expect(result.unitsShort).toBe(5);
  });

  it.each([
    ['the price is above the ceiling', { unitPriceFen: 1001, minOrderQuantity: 1 }],
    ['the minimum order is more than the firm could take', { unitPriceFen: 500, minOrderQuantity: 61 }],
    ['the process differs', { unitPriceFen: 500, minOrderQuantity: 1, processCode: 'CUTTING' }],
  ])('when %s, the offer is not used', (_situation, overrides) => {
    const offers = [makeOffer('L1', 'SEWING', [50, 50], overrides)];
    const result = replaceShare(share, offers);
    expect(result.assignments).toHaveLength(0);
    expect(result.unitsShort).toBe(60);
  });

  it('is deterministic whatever the order of the offers', () => {
    const offers = ['L3', 'L1', 'L2'].map((listingId) =>
      makeOffer(listingId, 'SEWING', [15, 15], { unitPriceFen: 800 }),
    );
    const forward = replaceShare(share, offers);
    const backward = replaceShare(share, [...offers].reverse());
    expect(backward).toEqual(forward);
    expect(forward.assignments.map((a) => a.listingId)).toEqual(['L1', 'L2']);
  });
});
