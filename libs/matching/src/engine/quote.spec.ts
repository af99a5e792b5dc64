import { daysBetween } from './calendar';
import { checkPlan } from '../../../../tests/fixtures/plan-check';
import { quote, type QuoteOptions } from './quote';
import { DEFAULT_SCORE_WEIGHTS } from './score';
import {
  START,
  day,
  makeOffer,
  makeOrder,
  seededRandom,
  shuffled,
  stage,
} from '../../../../tests/fixtures/matching-engine.fixtures';
import type { CapacityOffer, OrderDemand, Plan, ShortfallReason } from './types';

/** Quotes and insists the plan passes the checker, whatever the case is about. */
function validQuote(order: OrderDemand, offers: CapacityOffer[], options?: QuoteOptions): Plan {
  const plan = quote(order, offers, options);
  expect(checkPlan(order, offers, plan)).toEqual([]);
  return plan;
}

/** One line per assignment: `stage listing d<offset>:<units> …`. */
function lines(plan: Plan): string[] {
  return plan.assignments.map(
    (a) => `${a.stageSeq} ${a.listingId} ${a.days.map((d) => `d${daysBetween(START, d.date)}:${d.units}`).join(' ')}`,
  );
}

const offset = (date: string | null) => (date === null ? null : daysBetween(START, date));
const week = (units: number) => Array<number>(8).fill(units);

describe('quote: sequencing with lead times', () => {
  it.each<[string, OrderDemand, CapacityOffer[], string[], number]>([
    [
      'one stage, one firm: from the earliest start, earliest days first',
      makeOrder(250, [stage(1, 'cut')], 5),
      [makeOffer('a', 'cut', [100, 100, 100, 100])],
      ['1 a d0:100 d1:100 d2:50'],
      2,
    ],
    [
      'lead 0: the next stage works the day after',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'sew')], 5),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100))],
      ['1 a d0:100', '2 b d1:100'],
      1,
    ],
    [
      'lead 2: two idle days between the stages',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'sew', 2)], 5),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100))],
      ['1 a d0:100', '2 b d3:100'],
      3,
    ],
    [
      'pipelined: sewing starts on the first cut pieces, not after the whole batch',
      makeOrder(300, [stage(1, 'cut'), stage(2, 'sew')], 6),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100))],
      ['1 a d0:100 d1:100 d2:100', '2 b d1:100 d2:100 d3:100'],
      3,
    ],
    [
      'a fast stage never outruns a slow upstream',
      makeOrder(200, [stage(1, 'cut'), stage(2, 'sew')], 7),
      [makeOffer('a', 'cut', week(50)), makeOffer('b', 'sew', week(200))],
      ['1 a d0:50 d1:50 d2:50 d3:50', '2 b d1:50 d2:50 d3:50 d4:50'],
      4,
    ],
    [
      'three stages with different leads',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'sew', 1), stage(3, 'pack')], 7),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100)), makeOffer('c', 'pack', week(100))],
      ['1 a d0:100', '2 b d2:100', '3 c d3:100'],
      3,
    ],
    [
      'route given out of order: stages follow seq',
      makeOrder(100, [stage(2, 'sew'), stage(1, 'cut')], 5),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100))],
      ['1 a d0:100', '2 b d1:100'],
      1,
    ],
    [
      'free days before the earliest start are not used',
      makeOrder(100, [stage(1, 'cut')], 5),
      [makeOffer('a', 'cut', { [-2]: 100, [-1]: 100, 1: 100 })],
      ['1 a d1:100'],
      1,
    ],
    [
      'a cheaper cutter too late for the only sewing slot is passed over',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'sew')], 5),
      [
        makeOffer('cheap', 'cut', { 4: 100 }, { unitPriceFen: 300 }),
        makeOffer('early', 'cut', { 0: 100 }, { unitPriceFen: 600 }),
        makeOffer('s', 'sew', { 1: 100 }),
      ],
      ['1 early d0:100', '2 s d1:100'],
      1,
    ],
    [
      'the cheaper cutter still takes what the sewing schedule allows',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'sew')], 5),
      [
        makeOffer('cheap', 'cut', { 0: 40, 3: 100 }, { unitPriceFen: 300 }),
        makeOffer('early', 'cut', { 0: 100 }, { unitPriceFen: 600 }),
        makeOffer('s', 'sew', { 1: 60, 4: 40 }),
      ],
      ['1 cheap d0:40 d3:40', '1 early d0:20', '2 s d1:60 d4:40'],
      4,
    ],
  ])('%s', (_situation, order, offers, expected, completion) => {
    const plan = validQuote(order, offers);
    expect(plan.feasible).toBe(true);
    expect(plan.shortfall).toBeNull();
    expect(lines(plan)).toEqual(expected);
    expect(offset(plan.completionDate)).toBe(completion);
    expect(plan.unitsPlanned).toBe(order.quantity);
  });

  it('totals the cost in fen from every assignment', () => {
    const order = makeOrder(300, [stage(1, 'cut'), stage(2, 'sew')], 6);
    const offers = [
      makeOffer('a', 'cut', week(100), { unitPriceFen: 120 }),
      makeOffer('b', 'sew', week(200), { unitPriceFen: 345 }),
    ];
    expect(validQuote(order, offers).totalCostFen).toBe(300 * 120 + 300 * 345);
  });
});

describe('quote: when the order cannot be met', () => {
  interface Expected {
    reason: ShortfallReason;
    stageSeq: number;
    unitsPlanned: number;
    earliest: number | null;
  }
  it.each<[string, OrderDemand, CapacityOffer[], Expected]>([
    [
      'no firm offers a process of the route',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'print')], 5),
      [makeOffer('a', 'cut', week(100)), makeOffer('z', 'embroider', week(100))],
      { reason: 'NO_CANDIDATE', stageSeq: 2, unitsPlanned: 0, earliest: null },
    ],
    [
      'every offer is above the ceiling',
      makeOrder(100, [stage(1, 'cut', 0, 400)], 5),
      [
        makeOffer('a', 'cut', week(100), { unitPriceFen: 450 }),
        makeOffer('b', 'cut', week(100), { unitPriceFen: 401 }),
      ],
      { reason: 'PRICE_CEILING', stageSeq: 1, unitsPlanned: 0, earliest: null },
    ],
    [
      'every firm wants more than the whole order',
      makeOrder(100, [stage(1, 'cut')], 5),
      [makeOffer('a', 'cut', week(100), { minOrderQuantity: 500 })],
      { reason: 'MIN_ORDER_QUANTITY', stageSeq: 1, unitsPlanned: 0, earliest: null },
    ],
    [
      'a minimum order quantity blocks by the due date but not later',
      makeOrder(100, [stage(1, 'cut')], 1),
      [makeOffer('a', 'cut', [40, 40, 40, 40]), makeOffer('b', 'cut', [30, 30, 30, 30, 30], { minOrderQuantity: 90 })],
      { reason: 'MIN_ORDER_QUANTITY', stageSeq: 1, unitsPlanned: 80, earliest: 2 },
    ],
    [
      'too little free capacity in the whole horizon',
      makeOrder(300, [stage(1, 'cut')], 10),
      [makeOffer('a', 'cut', [50, 50, 50, 50])],
      { reason: 'CAPACITY', stageSeq: 1, unitsPlanned: 200, earliest: null },
    ],
    [
      'the second stage lacks capacity',
      makeOrder(300, [stage(1, 'cut'), stage(2, 'sew')], 10),
      [makeOffer('a', 'cut', week(300)), makeOffer('b', 'sew', [0, 100, 50])],
      { reason: 'CAPACITY', stageSeq: 2, unitsPlanned: 150, earliest: null },
    ],
    [
      'enough capacity, but only after the due date',
      makeOrder(500, [stage(1, 'cut')], 2),
      [makeOffer('a', 'cut', Array<number>(10).fill(100))],
      { reason: 'DUE_DATE', stageSeq: 1, unitsPlanned: 300, earliest: 4 },
    ],
    [
      'a lead time pushes the route past the due date',
      makeOrder(200, [stage(1, 'cut'), stage(2, 'sew', 2)], 3),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100))],
      { reason: 'DUE_DATE', stageSeq: 1, unitsPlanned: 100, earliest: 4 },
    ],
    [
      'the slow stage is named, not the first one',
      makeOrder(300, [stage(1, 'cut'), stage(2, 'sew')], 3),
      [makeOffer('a', 'cut', week(300)), makeOffer('b', 'sew', week(60))],
      { reason: 'DUE_DATE', stageSeq: 2, unitsPlanned: 180, earliest: 5 },
    ],
    [
      'the due date leaves no room for the lead times at all',
      makeOrder(100, [stage(1, 'cut'), stage(2, 'sew', 3)], 2),
      [makeOffer('a', 'cut', week(100)), makeOffer('b', 'sew', week(100))],
      { reason: 'DUE_DATE', stageSeq: 1, unitsPlanned: 0, earliest: 4 },
    ],
    [
      'the due date lies before the earliest start',
      makeOrder(100, [stage(1, 'cut')], -3),
      [makeOffer('a', 'cut', week(100))],
      { reason: 'DUE_DATE', stageSeq: 1, unitsPlanned: 0, earliest: 0 },
    ],
  ])('%s', (_situation, order, offers, expected) => {
    const plan = validQuote(order, offers);
    expect(plan.feasible).toBe(false);
    expect(plan.shortfall).toMatchObject({ reason: expected.reason, stageSeq: expected.stageSeq });
    expect(plan.unitsPlanned).toBe(expected.unitsPlanned);
    expect(plan.shortfall?.unitsShort).toBe(order.quantity - expected.unitsPlanned);
    expect(offset(plan.shortfall?.earliestFeasibleDueDate ?? null)).toBe(expected.earliest);
    expect(plan.shortfall?.message).toContain(`Stage ${expected.stageSeq}`);
    if (expected.earliest !== null) {
      expect(validQuote({ ...order, dueDate: day(expected.earliest) }, offers).feasible).toBe(true);
      expect(validQuote({ ...order, dueDate: day(expected.earliest - 1) }, offers).feasible).toBe(false);
    }
  });

  it('plans nothing and completes nowhere when nothing fits', () => {
    const plan = validQuote(makeOrder(100, [stage(1, 'cut')], 5), []);
    expect(plan).toMatchObject({ assignments: [], totalCostFen: 0, completionDate: null, unitsPlanned: 0 });
  });
});

describe('quote: splits', () => {
  it.each<[string, OrderDemand, CapacityOffer[], string[]]>([
    [
      'one firm too small for the only day: two firms share it',
      makeOrder(100, [stage(1, 'cut')], 0),
      [makeOffer('a', 'cut', [60], { unitPriceFen: 400 }), makeOffer('b', 'cut', [70])],
      ['1 a d0:60', '1 b d0:40'],
    ],
    [
      'the best firm takes all it can, the next fills the rest',
      makeOrder(300, [stage(1, 'cut')], 4),
      [makeOffer('a', 'cut', [50, 50, 50, 50, 50], { unitPriceFen: 400 }), makeOffer('b', 'cut', week(100))],
      ['1 a d0:50 d1:50 d2:50 d3:50 d4:50', '1 b d0:50'],
    ],
    [
      'three small firms make one stage',
      makeOrder(150, [stage(1, 'cut')], 0),
      [
        makeOffer('a', 'cut', [50], { unitPriceFen: 400 }),
        makeOffer('b', 'cut', [50], { unitPriceFen: 450 }),
        makeOffer('c', 'cut', [50]),
      ],
      ['1 a d0:50', '1 b d0:50', '1 c d0:50'],
    ],
    [
      'a split at the second stage only',
      makeOrder(200, [stage(1, 'cut'), stage(2, 'sew')], 1),
      [
        makeOffer('a', 'cut', [200]),
        makeOffer('b', 'sew', [0, 120], { unitPriceFen: 400 }),
        makeOffer('c', 'sew', [0, 120]),
      ],
      ['1 a d0:200', '2 b d1:120', '2 c d1:80'],
    ],
  ])('%s', (_situation, order, offers, expected) => {
    const plan = validQuote(order, offers);
    expect(plan.feasible).toBe(true);
    expect(lines(plan)).toEqual(expected);
    expect(plan.assignments.at(-1)?.explanation.summary).toContain('split across firms');
  });
});

describe('quote: price ceilings and minimum order quantities', () => {
  it.each<[string, OrderDemand, CapacityOffer[], string[]]>([
    [
      'an offer above the ceiling is not used even with the better record',
      makeOrder(100, [stage(1, 'cut', 0, 500)], 3),
      [
        makeOffer('a', 'cut', week(100), { unitPriceFen: 501, onTimeRate: 1, qualityRate: 1 }),
        makeOffer('b', 'cut', week(100), { unitPriceFen: 500, onTimeRate: 0.5, qualityRate: 0.5 }),
      ],
      ['1 b d0:100'],
    ],
    [
      'each stage has its own ceiling for the same process',
      makeOrder(100, [stage(1, 'iron', 0, 300), stage(2, 'sew'), stage(3, 'iron', 0, 800)], 6),
      [
        makeOffer('cheap-iron', 'iron', { 0: 100, 2: 40 }, { unitPriceFen: 300, onTimeRate: 0.1 }),
        makeOffer('dear-iron', 'iron', week(100), { unitPriceFen: 700, onTimeRate: 1 }),
        makeOffer('s', 'sew', week(100)),
      ],
      ['1 cheap-iron d0:100', '2 s d1:100', '3 dear-iron d2:100'],
    ],
    [
      'two stages of one process share a listing without overbooking it',
      makeOrder(200, [stage(1, 'iron'), stage(2, 'sew'), stage(3, 'iron')], 5),
      [
        makeOffer('i', 'iron', [100, 60, 100, 100, 100], { unitPriceFen: 100 }),
        makeOffer('j', 'iron', week(100)),
        makeOffer('s', 'sew', week(100)),
      ],
      ['1 i d0:100 d1:60 d2:40', '2 s d1:100 d2:60 d3:40', '3 i d2:60 d3:100 d4:40'],
    ],
    [
      'a firm whose minimum exceeds the order is skipped',
      makeOrder(100, [stage(1, 'cut')], 3),
      [
        makeOffer('a', 'cut', week(500), { unitPriceFen: 100, minOrderQuantity: 101 }),
        makeOffer('b', 'cut', week(100)),
      ],
      ['1 b d0:100'],
    ],
    [
      'a firm that cannot reach its minimum in the window is skipped',
      makeOrder(200, [stage(1, 'cut')], 1),
      [
        makeOffer('a', 'cut', [50, 50, 50, 50], { unitPriceFen: 100, minOrderQuantity: 150 }),
        makeOffer('b', 'cut', week(100)),
      ],
      ['1 b d0:100 d1:100'],
    ],
    [
      'a firm exactly at its minimum is used',
      makeOrder(100, [stage(1, 'cut')], 0),
      [makeOffer('a', 'cut', [60], { unitPriceFen: 100, minOrderQuantity: 60 }), makeOffer('b', 'cut', [100])],
      ['1 a d0:60', '1 b d0:40'],
    ],
    [
      'the better firm gives way so the rest meets a minimum',
      makeOrder(1000, [stage(1, 'cut')], 0),
      [
        makeOffer('a', 'cut', [900], { unitPriceFen: 100 }),
        makeOffer('b', 'cut', [1000], { unitPriceFen: 200, minOrderQuantity: 200 }),
      ],
      ['1 b d0:200', '1 a d0:800'],
    ],
  ])('%s', (_situation, order, offers, expected) => {
    const plan = validQuote(order, offers);
    expect(plan.feasible).toBe(true);
    expect(lines(plan).sort()).toEqual([...expected].sort());
  });
});

describe('quote: determinism', () => {
  it('breaks a tie between identical offers by listingId', () => {
    const order = makeOrder(100, [stage(1, 'cut')], 3);
    const offers = [makeOffer('b', 'cut', week(100)), makeOffer('a', 'cut', week(100))];
    expect(lines(validQuote(order, offers))).toEqual(['1 a d0:100']);
  });

  it('breaks a tie in score by unit price before listingId', () => {
    const order = makeOrder(100, [stage(1, 'cut')], 3);
    const offers = [makeOffer('a', 'cut', week(100), { unitPriceFen: 600 }), makeOffer('b', 'cut', week(100))];
    expect(lines(validQuote(order, offers, { weights: { price: 0 } }))).toEqual(['1 b d0:100']);
  });

  it.each([1, 2, 3, 4, 5])('gives the same plan for shuffled offers and days (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const processes = ['cut', 'sew', 'pack'];
    const order = makeOrder(400, [stage(1, 'cut'), stage(2, 'sew', 1), stage(3, 'pack')], 9);
    const offers = Array.from({ length: 24 }, (_, i) =>
      makeOffer(
        `l${String(i).padStart(2, '0')}`,
        processes[i % 3],
        Array.from({ length: 12 }, () => Math.floor(random() * 4) * 25),
        {
          unitPriceFen: 400 + Math.floor(random() * 3) * 50,
          onTimeRate: random() < 0.3 ? null : 0.8,
          minOrderQuantity: random() < 0.3 ? 50 : 0,
        },
      ),
    );
    const reference = validQuote(order, offers);
    for (let round = 0; round < 5; round++) {
      const reordered = shuffled(offers, random).map((offer) => ({ ...offer, days: shuffled(offer.days, random) }));
      expect(quote(order, reordered)).toEqual(reference);
    }
  });
});

describe('quote: explanations', () => {
  const order = makeOrder(100, [stage(1, 'cut')], 0, { preferredParkId: 'home', preferredGroupId: 'g1' });
  // Each winner can do only 60 of the 100, so the runner-up appears too and the two explanations compare.
  it.each<[string, Partial<CapacityOffer>, Partial<CapacityOffer>, keyof typeof DEFAULT_SCORE_WEIGHTS, string]>([
    ['the cheaper firm', { unitPriceFen: 400 }, { unitPriceFen: 500 }, 'price', 'lowest price 4.00 yuan/pc'],
    ['the firm more often on time', { onTimeRate: 0.99 }, { onTimeRate: 0.6 }, 'onTimeRecord', '99% on time'],
    ['the firm with fewer defects', { qualityRate: 1 }, { qualityRate: 0.7 }, 'qualityRecord', '100% defect-free'],
    ['the firm in the preferred park', { parkId: 'home' }, { parkId: 'away' }, 'samePark', "buyer's preferred park"],
    ['the member of the order group', { groupIds: ['g1'] }, { groupIds: ['g2'] }, 'sameGroup', "order's group"],
    [
      'a firm with a record over an unrated one',
      { onTimeRate: 0.9 },
      { onTimeRate: null },
      'onTimeRecord',
      '90% on time',
    ],
    ['an unrated firm over a poor one', { onTimeRate: null }, { onTimeRate: 0.2 }, 'onTimeRecord', 'no on-time record'],
  ])('%s wins, and its explanation says why', (_situation, better, worse, part, phrase) => {
    // The worse firm's listingId sorts first so only the score can put the better one ahead.
    const offers = [makeOffer('a', 'cut', [100], worse), makeOffer('b', 'cut', [60], better)];
    const [winner, runnerUp] = validQuote(order, offers).assignments;
    expect([winner.listingId, winner.units, runnerUp.listingId, runnerUp.units]).toEqual(['b', 60, 'a', 40]);
    expect(winner.explanation[part]).toBeGreaterThan(runnerUp.explanation[part]);
    expect(winner.explanation.total).toBeGreaterThan(runnerUp.explanation.total);
    expect(winner.explanation.summary).toContain(phrase);
    expect(winner.explanation.summary).toMatch(/^Ranked 1 of 2 eligible cut offers/);
    expect(runnerUp.explanation.summary).toMatch(/^Ranked 2 of 2 eligible cut offers/);
  });

  it('makes the total the weighted mean of the parts, with the fairness part at 0', () => {
    const weights = { ...DEFAULT_SCORE_WEIGHTS, price: 2, samePark: 0.5 };
    const offers = [makeOffer('a', 'cut', [100], { parkId: 'home', onTimeRate: 0.7, qualityRate: null })];
    const { explanation } = validQuote(order, offers, { weights, unratedRecord: 0.4 }).assignments[0];
    expect(explanation).toMatchObject({ price: 1, onTimeRecord: 0.7, qualityRecord: 0.4, samePark: 1, sameGroup: 0 });
    expect(explanation.fairness).toBe(0);
    const parts = ['price', 'dueDateSlack', 'onTimeRecord', 'qualityRecord', 'samePark', 'sameGroup'] as const;
    const weightSum = parts.reduce((sum, p) => sum + weights[p], 0);
    const mean = parts.reduce((sum, p) => sum + weights[p] * explanation[p], 0) / weightSum;
    expect(explanation.total).toBeCloseTo(mean, 12);
  });

  it('rewards due-date slack: the firm that could finish the stage alone sooner', () => {
    const slackOrder = makeOrder(100, [stage(1, 'cut')], 4);
    const offers = [makeOffer('a', 'cut', [0, 0, 0, 100]), makeOffer('b', 'cut', [100])];
    const [chosen] = validQuote(slackOrder, offers, { weights: { price: 0 } }).assignments;
    expect(chosen.listingId).toBe('b');
    expect(chosen.explanation.dueDateSlack).toBe(1);
    expect(chosen.explanation.summary).toContain('could finish the stage alone 4 days before its last day');
  });

  it('lists the strongest reasons first', () => {
    const offers = [
      makeOffer('a', 'cut', [100], { parkId: 'home', groupIds: ['g1'], onTimeRate: 0.1, qualityRate: 0.1 }),
    ];
    const weights = { price: 0, dueDateSlack: 0, samePark: 3, sameGroup: 2, onTimeRecord: 1, qualityRecord: 0.5 };
    const { summary } = validQuote(order, offers, { weights }).assignments[0].explanation;
    expect(summary).toContain(
      "in the buyer's preferred park, member of the order's group, 10% on time, 10% defect-free.",
    );
  });
});

describe('quote: input it refuses', () => {
  it.each<[string, OrderDemand, CapacityOffer[]]>([
    ['a quantity of zero', makeOrder(0, [stage(1, 'cut')], 3), []],
    ['a fractional quantity', makeOrder(10.5, [stage(1, 'cut')], 3), []],
    ['an empty route', makeOrder(10, [], 3), []],
    ['a stage listed twice', makeOrder(10, [stage(1, 'cut'), stage(1, 'sew')], 3), []],
    ['negative lead days', makeOrder(10, [stage(1, 'cut'), stage(2, 'sew', -1)], 3), []],
    ['a malformed due date', { ...makeOrder(10, [stage(1, 'cut')], 3), dueDate: '2025-3-9' }, []],
    [
      'a malformed offer day',
      makeOrder(10, [stage(1, 'cut')], 3),
      [makeOffer('a', 'cut', { 0: 5, 1: 5 }, { days: [{ date: '2025-02-30', free: 5 }] })],
    ],
    ['fractional free units', makeOrder(10, [stage(1, 'cut')], 3), [makeOffer('a', 'cut', [2.5])]],
    [
      'one listing offered twice',
      makeOrder(10, [stage(1, 'cut')], 3),
      [makeOffer('a', 'cut', [5]), makeOffer('a', 'sew', [5])],
    ],
  ])('%s', (_situation, order, offers) => {
    expect(() => quote(order, offers)).toThrow(RangeError);
  });

  it('takes negative free (an overbooked day) as none and adds up a date listed twice', () => {
    const order = makeOrder(100, [stage(1, 'cut')], 3);
    const offers = [
      makeOffer('a', 'cut', [], {
        days: [
          { date: day(0), free: -20 },
          { date: day(1), free: 30 },
          { date: day(1), free: 70 },
        ],
      }),
    ];
    expect(lines(validQuote(order, offers))).toEqual(['1 a d1:100']);
  });
});
