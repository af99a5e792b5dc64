import { checkPlan } from '../../../../../tests/fixtures/plan-check';
import { generateReplanInstance } from '../../../../../tests/fixtures/replan-instance-generator';
import { validateReplan } from '../../../../../tests/fixtures/replan-validation';
import type { CapacityOffer, OrderDemand, RouteStage } from '../types';
import { dayNumberToIso, isoToDayNumber } from './day-number';
import { greedyReplan, replan, type ReplanOptions, type ReplanResult } from './index';

const START = '2025-09-01';
const day = (n: number) => dayNumberToIso(isoToDayNumber(START) + n);

function offer(
  listingId: string,
  processCode: string,
  unitPriceFen: number,
  free: number[],
  extra: Partial<CapacityOffer> = {},
): CapacityOffer {
  return {
    listingId,
    firmId: `firm-${listingId}`,
    parkId: 'P1',
    groupIds: [],
    processCode,
    unitPriceFen,
    minOrderQuantity: 0,
    days: free.map((units, t) => ({ date: day(t), free: units })),
    onTimeRate: 0.9,
    qualityRate: 0.95,
    evaluationClass: 'B',
    ...extra,
  };
}

function order(
  orderId: string,
  quantity: number,
  route: [string, number, number][],
  due: number,
  start = 0,
): OrderDemand {
  return {
    orderId,
    quantity,
    route: route.map(([processCode, leadDays, maxUnitPriceFen], i): RouteStage => ({
      seq: i + 1,
      processCode,
      leadDays,
      maxUnitPriceFen,
    })),
    earliestStart: day(start),
    dueDate: day(due),
  };
}

/** Validates with both the folder's own checker and the quote engine's checkPlan. */
function expectValid(orders: OrderDemand[], offers: CapacityOffer[], result: ReplanResult): void {
  expect(validateReplan(orders, offers, result)).toEqual([]);
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  for (const plan of result.plans) expect(checkPlan(byId.get(plan.orderId)!, offers, plan)).toEqual([]);
}

function run(orders: OrderDemand[], offers: CapacityOffer[], options: ReplanOptions = {}): ReplanResult {
  const result = replan(orders, offers, options);
  expectValid(orders, offers, result);
  return result;
}

const planOf = (result: ReplanResult, orderId: string) => result.plans.find((p) => p.orderId === orderId)!;
const unitsOn = (result: ReplanResult, listingId: string) =>
  result.plans.flatMap((p) => p.assignments).reduce((sum, a) => sum + (a.listingId === listingId ? a.units : 0), 0);

describe('replan on instances solved by hand', () => {
  it('gives the cheap firm to the order that cannot afford the dear one (greedy does not)', () => {
    const offers = [offer('CHEAP', 'SEWING', 100, [10, 10]), offer('DEAR', 'SEWING', 150, [10, 10])];
    const orders = [order('X', 20, [['SEWING', 0, 200]], 1), order('Y', 20, [['SEWING', 0, 120]], 2)];
    const greedy = greedyReplan(orders, offers);
    expectValid(orders, offers, greedy);
    expect(greedy.totals.unitsFilled).toBe(20);

    const result = run(orders, offers);
    expect(result.totals).toMatchObject({ unitsDemanded: 40, unitsFilled: 40, costFen: 20 * 150 + 20 * 100 });
    expect(planOf(result, 'Y').assignments.map((a) => a.listingId)).toEqual(['CHEAP']);
    expect(planOf(result, 'X').feasible).toBe(true);
  });

  it('pipelines a two-stage route with lead days and stops at what the due date allows', () => {
    // Cut units may be sewn from two days later on; sewing must end by day 4, so at most 3 sewing days × 10.
    const offers = [
      offer('CUT', 'CUTTING', 20, [10, 10, 10, 10, 10]),
      offer('SEW', 'SEWING', 300, [10, 10, 10, 10, 10]),
    ];
    const orders = [
      order(
        'A',
        40,
        [
          ['CUTTING', 0, 50],
          ['SEWING', 1, 400],
        ],
        4,
      ),
    ];
    const result = run(orders, offers);
    const plan = planOf(result, 'A');
    expect(plan.unitsPlanned).toBe(30);
    expect(plan.completionDate).toBe(day(4));
    expect(plan.totalCostFen).toBe(30 * 20 + 30 * 300);
    expect(plan.shortfall).toMatchObject({ unitsShort: 10, reason: 'CAPACITY' });
    const sewing = plan.assignments.find((a) => a.stageSeq === 2)!;
    expect(sewing.days).toEqual([2, 3, 4].map((t) => ({ date: day(t), units: 10 })));
  });

  it('plans no intermediate units that cannot reach the last stage', () => {
    const offers = [offer('CUT', 'CUTTING', 20, [50, 50, 50]), offer('SEW', 'SEWING', 300, [0, 0, 15])];
    const orders = [
      order(
        'A',
        100,
        [
          ['CUTTING', 0, 50],
          ['SEWING', 0, 400],
        ],
        2,
      ),
    ];
    const plan = planOf(run(orders, offers), 'A');
    expect(plan.unitsPlanned).toBe(15);
    expect(plan.assignments.map((a) => [a.stageSeq, a.units])).toEqual([
      [1, 15],
      [2, 15],
    ]);
  });

  it('respects minimum order quantities, splitting only where each split reaches the minimum', () => {
    const offers = [
      offer('BIG', 'SEWING', 100, [30, 30, 30], { minOrderQuantity: 80 }),
      offer('SMALL', 'SEWING', 120, [20, 20, 20]),
    ];
    const orders = [order('A', 100, [['SEWING', 0, 200]], 2), order('B', 50, [['SEWING', 0, 200]], 2)];
    const result = run(orders, offers);
    expect(result.totals.unitsFilled).toBe(150);
    expect(unitsOn(result, 'BIG')).toBe(90);
  });
});

describe('replan explains what it cannot plan', () => {
  const offers = [
    offer('SEW', 'SEWING', 300, [100, 100, 100, 100], { minOrderQuantity: 50 }),
    offer('CUT', 'CUTTING', 30, [100, 100, 100, 100]),
  ];
  const orders = [
    order('NO-FIRM', 10, [['EMBROIDERY', 0, 500]], 3),
    order('TOO-CHEAP', 10, [['SEWING', 0, 200]], 3),
    order('TOO-SMALL', 10, [['SEWING', 0, 400]], 3),
    order(
      'TOO-SOON',
      60,
      [
        ['CUTTING', 0, 50],
        ['SEWING', 2, 400],
      ],
      1,
    ),
    order('FINE', 100, [['SEWING', 0, 400]], 3),
  ];

  it('gives the reason per order and still plans the rest', () => {
    const result = run(orders, offers);
    expect(planOf(result, 'NO-FIRM').shortfall?.reason).toBe('NO_CANDIDATE');
    expect(planOf(result, 'TOO-CHEAP').shortfall?.reason).toBe('PRICE_CEILING');
    expect(planOf(result, 'TOO-SMALL').shortfall?.reason).toBe('MIN_ORDER_QUANTITY');
    expect(planOf(result, 'TOO-SOON').shortfall).toMatchObject({ reason: 'DUE_DATE', earliestFeasibleDueDate: day(3) });
    expect(planOf(result, 'FINE')).toMatchObject({ feasible: true, unitsPlanned: 100, shortfall: null });
    expect(result.totals).toMatchObject({ ordersFull: 1, ordersEmpty: 4, ordersPartial: 0 });
  });
});

describe('the fairness lever', () => {
  const offers = [
    offer('A-CLASS', 'SEWING', 100, [10, 10], { evaluationClass: 'A' }),
    offer('D-CLASS', 'SEWING', 110, [10, 10], { evaluationClass: 'D' }),
  ];
  const orders = [order('O', 10, [['SEWING', 0, 200]], 1)];

  it('without it the cheapest firm gets the work', () => {
    const result = run(orders, offers);
    expect(unitsOn(result, 'A-CLASS')).toBe(10);
    expect(planOf(result, 'O').assignments[0].explanation.fairness).toBe(0);
  });

  it('a class bonus larger than the price gap moves the work to a C/D firm and says so', () => {
    const result = run(orders, offers, {
      fairness: { preferClasses: ['C', 'D'], preferClassBonusFenPerUnit: 20 },
    });
    expect(unitsOn(result, 'D-CLASS')).toBe(10);
    const explanation = planOf(result, 'O').assignments[0].explanation;
    expect(explanation.fairness).toBe(1);
    expect(explanation.summary).toContain('class D');
    expect(result.options.fairness).toEqual({
      maxShareOfFirmFreeCapacity: 1,
      preferClasses: ['C', 'D'],
      preferClassBonusFenPerUnit: 20,
    });
    // List prices are still what the firm is paid.
    expect(result.totals.costFen).toBe(10 * 110);
  });

  it('a cap on the share of free capacity spreads the work', () => {
    const big = [order('O', 20, [['SEWING', 0, 200]], 1)];
    expect(unitsOn(run(big, offers), 'A-CLASS')).toBe(20);
    const capped = run(big, offers, { fairness: { maxShareOfFirmFreeCapacity: 0.5 } });
    expect(unitsOn(capped, 'A-CLASS')).toBe(10);
    expect(unitsOn(capped, 'D-CLASS')).toBe(10);
    expect(capped.firms.find((f) => f.firmId === 'firm-A-CLASS')).toMatchObject({ assignedUnits: 10, share: 0.5 });
  });

  it('rejects a share outside (0, 1]', () => {
    expect(() => replan(orders, offers, { fairness: { maxShareOfFirmFreeCapacity: 0 } })).toThrow(RangeError);
  });
});

describe('replan on generated instances', () => {
  const shuffle = <T>(items: T[], seed: number): T[] => {
    const copy = [...items];
    let a = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      a = (a * 1103515245 + 12345) % 2147483648;
      const j = a % (i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };

  it.each(['single', 'multi'] as const)(
    '%s-stage is deterministic: shuffled input gives the identical result',
    (stages) => {
      const { orders, offers } = generateReplanInstance({ seed: 7, firms: 60, orders: 40, stages });
      const first = replan(orders, offers);
      const shuffled = shuffle(offers, 3).map((o) => ({ ...o, days: shuffle(o.days, 5) }));
      expect(replan(shuffle(orders, 11), shuffled)).toEqual(first);
      expect(first.plans.map((p) => p.orderId)).toEqual(orders.map((o) => o.orderId).sort());
    },
  );

  it.each([
    ['single', 1],
    ['single', 2],
    ['multi', 3],
    ['multi', 4],
    ['multi', 5],
  ] as const)(
    '%s-stage seed %i: every plan is valid and the engine fills at least what greedy fills',
    (stages, seed) => {
      const { orders, offers } = generateReplanInstance({ seed, firms: 80, orders: 50, stages });
      const result = run(orders, offers, { fairness: { maxShareOfFirmFreeCapacity: 0.8 } });
      const greedy = greedyReplan(orders, offers, { fairness: { maxShareOfFirmFreeCapacity: 0.8 } });
      expectValid(orders, offers, greedy);
      expect(result.totals.unitsFilled).toBeGreaterThanOrEqual(greedy.totals.unitsFilled);
      expect(result.totals.unitsFilled).toBeGreaterThan(0);
    },
  );

  it('reports progress and stops early with a valid plan when asked', () => {
    const { orders, offers } = generateReplanInstance({ seed: 9, firms: 60, orders: 40, stages: 'multi' });
    const fractions: number[] = [];
    const full = run(orders, offers, { onProgress: (fraction) => fractions.push(fraction) });
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(full.stats.stopped).toBe(false);

    let polls = 0;
    const stopped = run(orders, offers, { shouldStop: () => ++polls > 1 });
    expect(stopped.stats).toMatchObject({ stopped: true, passes: 1 });
  });
});
