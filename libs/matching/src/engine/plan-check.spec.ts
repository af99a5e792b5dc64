import { checkPlan } from './plan-check';
import { quote } from './quote';
import { day, makeOffer, makeOrder, stage } from './test-fixtures';
import type { Assignment, CapacityOffer, OrderDemand, Plan } from './types';

interface Case {
  order: OrderDemand;
  offers: CapacityOffer[];
  plan: Plan;
}

/** Cutting by one firm, sewing split between two: a valid quote to break in one way at a time. */
function validCase(): Case {
  const order = makeOrder(200, [stage(1, 'cut', 0, 400), stage(2, 'sew', 1, 600)], 4);
  const offers = [
    makeOffer('a', 'cut', [120, 120, 120, 120], { unitPriceFen: 300, minOrderQuantity: 50 }),
    makeOffer('b', 'cut', [100, 100, 100, 100]),
    makeOffer('c', 'sew', [0, 0, 60, 60, 60, 60, 60], { unitPriceFen: 500 }),
    makeOffer('d', 'sew', [0, 0, 200, 200, 200, 200, 200], { unitPriceFen: 550 }),
  ];
  return { order, offers, plan: quote(order, offers) };
}

const cut = (plan: Plan) => plan.assignments[0];
const firstSewing = (plan: Plan) => plan.assignments.find((a) => a.stageSeq === 2) as Assignment;

describe('checkPlan', () => {
  it('accepts the valid case it starts from', () => {
    const { order, offers, plan } = validCase();
    expect(plan.feasible).toBe(true);
    expect(plan.assignments.map((a) => `${a.stageSeq}${a.listingId}`)).toEqual(['1a', '2c', '2d']);
    expect(checkPlan(order, offers, plan)).toEqual([]);
  });

  it.each<[string, (c: Case) => void, RegExp]>([
    [
      'capacity of a listing-day exceeded',
      (c) => (c.offers[0].days[0].free = 100),
      /listing a: 120 units planned on 2025-03-03, only 100 free/,
    ],
    [
      'a day the listing does not offer',
      (c) => (c.offers[0].days = c.offers[0].days.slice(1)),
      /listing a: 120 units .* only 0 free/,
    ],
    [
      'price above the stage ceiling',
      (c) => (c.order.route[1].maxUnitPriceFen = 520),
      /unit price 550 fen above the ceiling 520/,
    ],
    [
      'a price that is not the listing price',
      (c) => (cut(c.plan).unitPriceFen = 299),
      /unit price 299 fen, the listing asks 300/,
    ],
    [
      'below the minimum order quantity',
      (c) => (c.offers[0].minOrderQuantity = 250),
      /listing a: 200 units below the minimum order quantity 250/,
    ],
    [
      'a later stage ahead of its upstream',
      (c) => (firstSewing(c.plan).days[0].date = day(1)),
      /stage 2: \d+ units done by 2025-03-04 but stage 1 released only 0/,
    ],
    ['a lead time ignored', (c) => (c.order.route[1].leadDays = 2), /stage 2: .* released only .*\(lead 2 days\)/],
    [
      'work before the earliest start',
      (c) => (c.order.earliestStart = day(1)),
      /works on 2025-03-03, before the earliest start 2025-03-04/,
    ],
    [
      'the last stage after the due date',
      (c) => (c.order.dueDate = day(3)),
      /last stage works on 2025-03-07, after the due date 2025-03-06/,
    ],
    ['units that do not match the days', (c) => (cut(c.plan).units += 1), /days add up to 200 units, not 201/],
    ['a cost that is not units × price', (c) => (cut(c.plan).costFen += 1), /cost 60001 fen ≠ 200 × 300/],
    ['a total cost that is not the sum', (c) => (c.plan.totalCostFen += 1), /totalCostFen \d+ ≠ sum of assignments/],
    [
      'a completion date that is not the last day',
      (c) => (c.plan.completionDate = day(9)),
      /completionDate 2025-03-12 ≠ last day of the last stage/,
    ],
    [
      'stages that do not carry the planned units',
      (c) => (c.plan.unitsPlanned = 190),
      /stage 1: 200 units planned, the plan says 190/,
    ],
    [
      'feasible though units are missing',
      (c) => (c.plan.unitsPlanned = 190),
      /feasible is true with 190 of 200 units planned/,
    ],
    ['infeasible without a shortfall', (c) => (c.plan.feasible = false), /an infeasible plan lacks its shortfall/],
    [
      'an unknown listing',
      (c) => (cut(c.plan).listingId = 'ghost'),
      /listing ghost\): no such listing among the offers/,
    ],
    [
      'a listing of another process',
      (c) => (cut(c.plan).listingId = 'c'),
      /the listing offers sew, the stage needs cut/,
    ],
    ['a process the stage does not need', (c) => (cut(c.plan).processCode = 'sew'), /process sew, the stage needs cut/],
    ['a stage the route does not have', (c) => (cut(c.plan).stageSeq = 7), /the route has no stage 7/],
    ['days out of order', (c) => cut(c.plan).days.reverse(), /days not in strictly ascending order/],
    [
      'a firstDay that is not the first day',
      (c) => (cut(c.plan).firstDay = day(5)),
      /firstDay\/lastDay 2025-03-08\/2025-03-04 do not match/,
    ],
    ['a day with zero units', (c) => cut(c.plan).days.push({ date: day(3), units: 0 }), /0 units on 2025-03-06/],
    ['a date that is not ISO', (c) => (cut(c.plan).days[0].date = '2025-3-3'), /"2025-3-3" is not an ISO date/],
    [
      'another firm than the listing’s',
      (c) => (cut(c.plan).firmId = 'firm-x'),
      /firm firm-x, listing's firm is firm-a/,
    ],
    ['an assignment of another order', (c) => (cut(c.plan).orderId = 'order-2'), /belongs to order order-2/],
    ['a plan for another order', (c) => (c.plan.orderId = 'order-2'), /plan is for order order-2, not order-1/],
    ['an explanation part out of range', (c) => (cut(c.plan).explanation.price = 1.5), /explanation price is 1.5/],
    ['an explanation without summary', (c) => (cut(c.plan).explanation.summary = ''), /explanation has no summary/],
    ['a listing offered twice', (c) => c.offers.push({ ...c.offers[3] }), /listing d is offered twice/],
  ])('finds %s', (_situation, breakIt, violation) => {
    const broken = structuredClone(validCase());
    breakIt(broken);
    expect(checkPlan(broken.order, broken.offers, broken.plan)).toContainEqual(expect.stringMatching(violation));
  });

  describe('plans of any origin', () => {
    const order = makeOrder(50, [stage(1, 'iron'), stage(2, 'iron')], 4);
    const assignment = (stageSeq: number, units: Record<number, number>): Assignment => {
      const days = Object.entries(units).map(([offset, n]) => ({ date: day(Number(offset)), units: n }));
      const total = days.reduce((sum, d) => sum + d.units, 0);
      return {
        orderId: 'order-1',
        stageSeq,
        processCode: 'iron',
        listingId: 'i',
        firmId: 'firm-i',
        unitPriceFen: 500,
        units: total,
        costFen: total * 500,
        days,
        firstDay: days[0].date,
        lastDay: days[days.length - 1].date,
        explanation: {
          total: 0.5,
          price: 1,
          dueDateSlack: 0,
          onTimeRecord: 0.5,
          qualityRecord: 0.5,
          samePark: 0,
          sameGroup: 0,
          fairness: 0.2,
          summary: 'by hand',
        },
      };
    };
    const planOf = (assignments: Assignment[]): Plan => ({
      orderId: 'order-1',
      feasible: true,
      assignments,
      totalCostFen: assignments.reduce((sum, a) => sum + a.costFen, 0),
      completionDate: assignments.filter((a) => a.stageSeq === 2).at(-1)?.lastDay ?? null,
      unitsPlanned: 50,
      shortfall: null,
    });

    it.each<[string, Record<number, number>, Assignment[], string[]]>([
      [
        'two stages on one listing within its free units, listed last stage first',
        { 0: 50, 1: 50 },
        [assignment(2, { 1: 50 }), assignment(1, { 0: 50 })],
        [],
      ],
      [
        'two stages on one listing overbooking the day they share',
        { 0: 30, 1: 40, 2: 20 },
        [assignment(1, { 0: 30, 1: 20 }), assignment(2, { 1: 30, 2: 20 })],
        ['listing i: 50 units planned on 2025-03-04, only 40 free'],
      ],
      [
        'a minimum order quantity met by two assignments together',
        { 0: 50, 1: 50 },
        [assignment(1, { 0: 25 }), assignment(1, { 0: 25 }), assignment(2, { 1: 50 })],
        [],
      ],
    ])('%s', (_situation, free, assignments, expected) => {
      const offers = [makeOffer('i', 'iron', free, { unitPriceFen: 500, minOrderQuantity: 40 })];
      expect(checkPlan(order, offers, planOf(assignments))).toEqual(expected);
    });
  });
});
