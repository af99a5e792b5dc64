import type { CapacityOffer, OrderDemand } from '../types';
import { dayNumberToIso, isoToDayNumber } from './day-number';
import { generateReplanInstance } from '../../../../../tests/fixtures/replan-instance-generator';
import { validateReplan } from '../../../../../tests/fixtures/replan-validation';
import { replan } from './index';
import { buildReplanModel, resolveFairness } from './replan-model';
import { SingleStageFlow } from './single-stage-flow';

const START = '2025-09-01';
const day = (n: number) => dayNumberToIso(isoToDayNumber(START) + n);

function offer(listingId: string, unitPriceFen: number, free: number[], minOrderQuantity = 0): CapacityOffer {
  return {
    listingId,
    firmId: `firm-${listingId}`,
    parkId: 'P1',
    groupIds: [],
    processCode: 'SEWING',
    unitPriceFen,
    minOrderQuantity,
    days: free.map((units, t) => ({ date: day(t), free: units })),
    onTimeRate: 0.9,
    qualityRate: 0.95,
    evaluationClass: 'B',
  };
}

function order(orderId: string, quantity: number, maxUnitPriceFen: number, due: number): OrderDemand {
  return {
    orderId,
    quantity,
    route: [{ seq: 1, processCode: 'SEWING', leadDays: 0, maxUnitPriceFen }],
    earliestStart: day(0),
    dueDate: day(due),
  };
}

function flowFor(orders: OrderDemand[], offers: CapacityOffer[], respectMinimums: boolean): SingleStageFlow {
  return new SingleStageFlow(buildReplanModel(orders, offers, resolveFairness(undefined)), respectMinimums);
}

const never = () => false;

describe('single-stage maximum flow', () => {
  // A and B tie on flexibility (2 listing-days each), so A fills first and takes the cheap X that B needs.
  const offers = [offer('X', 100, [10, 0]), offer('Y', 200, [10, 0])];
  const orders = [order('A', 10, 500, 0), order('B', 10, 100, 1)];

  it('an augmenting path moves the flexible order off the cell the other one needs', () => {
    const flow = flowFor(orders, offers, true);
    flow.fill(never);
    expect(flow.totalFilled()).toBe(10);
    expect(flow.augment(never)).toBe(true);
    expect(flow.totalFilled()).toBe(20);
    expect(flow.searches).toBe(2);

    const result = replan(orders, offers);
    expect(validateReplan(orders, offers, result)).toEqual([]);
    expect(result.totals.unitsFilled).toBe(20);
    const listingsOf = (orderId: string) =>
      result.plans.find((p) => p.orderId === orderId)!.assignments.map((a) => a.listingId);
    expect(listingsOf('A')).toEqual(['Y']);
    expect(listingsOf('B')).toEqual(['X']);
  });

  it('keeps minimums: no path opens a split below one or shrinks a split below it', () => {
    // Moving 5 of A's 10 units on X to Y would leave A 5 on X and give B 5 there, both below X's minimum of 10.
    const minimums = [offer('X', 100, [10, 0], 10), offer('Y', 200, [5, 0])];
    const wants = [order('A', 10, 500, 0), order('B', 10, 100, 1)];
    const flow = flowFor(wants, minimums, true);
    flow.fill(never);
    flow.augment(never);
    expect(flow.totalFilled()).toBe(10);
    expect(flow.dropSplitsBelowMinimum()).toBe(0);

    const relaxed = flowFor(wants, minimums, false);
    relaxed.fill(never);
    relaxed.augment(never);
    expect(relaxed.totalFilled()).toBe(15);
  });

  it.each([51, 52, 53, 54, 55, 56])(
    'seed %i: with minimums kept no split is below one, fills no more than with them relaxed, and is what replan plans',
    (seed) => {
      const { orders: generated, offers: generatedOffers } = generateReplanInstance({
        seed,
        firms: 40,
        orders: 30,
        stages: 'single',
      });
      const relaxed = flowFor(generated, generatedOffers, false);
      relaxed.fill(never);
      expect(relaxed.augment(never)).toBe(true);

      const kept = flowFor(generated, generatedOffers, true);
      kept.fill(never);
      kept.augment(never);
      expect(kept.dropSplitsBelowMinimum()).toBe(0);
      expect(kept.totalFilled()).toBeLessThanOrEqual(relaxed.totalFilled());
      const result = replan(generated, generatedOffers);
      expect(validateReplan(generated, generatedOffers, result)).toEqual([]);
      expect(result.totals.unitsFilled).toBe(kept.totalFilled());
    },
  );
});
