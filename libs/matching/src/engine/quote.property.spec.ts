import { daysBetween } from './calendar';
import { checkPlan } from '../../../../tests/fixtures/plan-check';
import { quote } from './quote';
import {
  START,
  day,
  makeOffer,
  makeOrder,
  seededRandom,
  shuffled,
  stage,
} from '../../../../tests/fixtures/matching-engine.fixtures';
import type { CapacityOffer, OrderDemand, Plan } from './types';

interface Instance {
  order: OrderDemand;
  offers: CapacityOffer[];
}

const HORIZON = 14;

/**
 * Small random orders: 1–3 stages, 0–4 offers per process over two weeks with gaps, random ceilings, lead times and
 * due dates (some before the start). `repeatProcesses` lets a route use one process twice (shared listings).
 */
function randomInstance(
  random: () => number,
  { minOrders, repeatProcesses }: { minOrders: boolean; repeatProcesses: boolean },
): Instance {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const stageCount = 1 + Math.floor(random() * 3);
  const processes = repeatProcesses
    ? Array.from({ length: stageCount }, () => pick(['cut', 'sew']))
    : ['cut', 'sew', 'pack'].slice(0, stageCount);
  const route = processes.map((process, i) =>
    stage(i + 1, process, Math.floor(random() * 3), 300 + Math.floor(random() * 5) * 50),
  );
  const order = makeOrder(10 + Math.floor(random() * 190), route, Math.floor(random() * HORIZON) - 1, {
    preferredParkId: 'p1',
    preferredGroupId: 'g1',
  });
  const offers: CapacityOffer[] = [];
  for (const process of new Set(processes)) {
    const count = Math.floor(random() * 5);
    for (let i = 0; i < count; i++) {
      const free: Record<number, number> = {};
      for (let offset = -1; offset < HORIZON; offset++) if (random() < 0.6) free[offset] = Math.floor(random() * 40);
      offers.push(
        makeOffer(`${process}-${i}`, process, free, {
          parkId: pick(['p1', 'p2']),
          groupIds: random() < 0.5 ? ['g1'] : [],
          unitPriceFen: 250 + Math.floor(random() * 6) * 50,
          minOrderQuantity: minOrders && random() < 0.5 ? Math.floor(random() * 80) : 0,
          onTimeRate: random() < 0.2 ? null : Math.round(random() * 100) / 100,
          qualityRate: random() < 0.2 ? null : Math.round(random() * 100) / 100,
        }),
      );
    }
  }
  return { order, offers };
}

/**
 * Independent oracle without minimum order quantities: every stage as early as the free capacity within its ceiling
 * and the upstream allow. Returns the pieces through the whole route by each day offset.
 */
function earliestFlow({ order, offers }: Instance): number[] {
  const days = HORIZON + 1;
  let upstream: number[] | null = null;
  for (const step of [...order.route].sort((a, b) => a.seq - b.seq)) {
    const capacity = Array<number>(days).fill(0);
    for (const offer of offers) {
      if (offer.processCode !== step.processCode || offer.unitPriceFen > step.maxUnitPriceFen) continue;
      for (const { date, free } of offer.days) {
        const offset = daysBetween(START, date);
        if (offset >= 0 && offset < days) capacity[offset] += Math.max(0, free);
      }
    }
    const done: number[] = [];
    for (let d = 0; d < days; d++) {
      const released =
        upstream === null ? order.quantity : d - step.leadDays - 1 >= 0 ? upstream[d - step.leadDays - 1] : 0;
      done.push(Math.min(released, (d > 0 ? done[d - 1] : 0) + capacity[d]));
    }
    upstream = done;
  }
  return upstream ?? [];
}

function expectSound(instance: Instance, plan: Plan): void {
  const { order, offers } = instance;
  expect(checkPlan(order, offers, plan)).toEqual([]);
  expect(plan.shortfall?.unitsShort ?? 0).toBe(order.quantity - plan.unitsPlanned);
  const earliest = plan.shortfall?.earliestFeasibleDueDate ?? null;
  if (earliest !== null) {
    expect(earliest > order.dueDate).toBe(true);
    const later = { ...order, dueDate: earliest };
    const laterPlan = quote(later, offers);
    expect(checkPlan(later, offers, laterPlan)).toEqual([]);
    expect(laterPlan.feasible).toBe(true);
  }
}

describe('quote on random instances', () => {
  it('always returns a valid plan, an honest shortfall and an earliest due date that works (400 cases)', () => {
    const random = seededRandom(20250303);
    const reasons = new Map<string, number>();
    for (let n = 0; n < 400; n++) {
      const instance = randomInstance(random, { minOrders: true, repeatProcesses: n % 2 === 0 });
      const plan = quote(instance.order, instance.offers);
      expectSound(instance, plan);
      const reason = plan.shortfall?.reason ?? 'FEASIBLE';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (n % 10 === 0) expect(quote(instance.order, shuffled(instance.offers, random))).toEqual(plan);
    }
    // The generator must exercise every outcome, or the loop above proves little.
    expect([...reasons.keys()].sort()).toEqual(
      ['CAPACITY', 'DUE_DATE', 'FEASIBLE', 'MIN_ORDER_QUANTITY', 'NO_CANDIDATE', 'PRICE_CEILING'].sort(),
    );
  });

  it('matches the earliest-flow oracle when no minimum order quantity applies (400 cases)', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 400; n++) {
      const instance = randomInstance(random, { minOrders: false, repeatProcesses: false });
      const { order } = instance;
      const plan = quote(order, instance.offers);
      expectSound(instance, plan);
      const flow = earliestFlow(instance);
      const dueOffset = daysBetween(START, order.dueDate);
      const byDue = dueOffset < 0 ? 0 : flow[Math.min(dueOffset, flow.length - 1)];
      const finish = flow.findIndex((units) => units >= order.quantity);
      const context = `case ${n}: ${JSON.stringify(plan.shortfall)}`;
      expect([context, plan.unitsPlanned]).toEqual([context, byDue]);
      expect([context, plan.feasible]).toEqual([context, byDue === order.quantity]);
      if (plan.shortfall?.reason === 'DUE_DATE') {
        expect([context, plan.shortfall.earliestFeasibleDueDate]).toEqual([context, day(finish)]);
      }
      if (plan.shortfall?.reason === 'CAPACITY') expect([context, finish]).toEqual([context, -1]);
    }
  });
});
