import { checkPlan } from '../../../../tests/fixtures/plan-check';
import {
  day,
  makeOffer,
  makeOrder,
  seededRandom,
  shuffled,
  stage,
} from '../../../../tests/fixtures/matching-engine.fixtures';
import { validateReplan } from '../../../../tests/fixtures/replan-validation';
import { distanceKm } from './eligibility';
import { quote } from './quote';
import { replan } from './replan';
import type { CapacityOffer, HeldCertification, OrderDemand, Plan, ShortfallReason } from './types';

/** Delivery at the origin of a planar grid; a firm `km` east of it. */
const at = (km: number) => ({ xKm: km, yKm: 0 });
const week = (units: number) => Array<number>(8).fill(units);
const bsci = (validFrom: number, validTo: number): HeldCertification => ({
  type: 'BSCI',
  validFrom: day(validFrom),
  validTo: day(validTo),
});

function firm(id: string, extra: Partial<CapacityOffer>, free = week(10)): CapacityOffer {
  return makeOffer(id, 'SEWING', free, { location: at(1), rating: 4, certifications: [bsci(-30, 60)], ...extra });
}

function constrainedOrder(
  quantity: number,
  extra: Partial<OrderDemand> = {},
  certifications: string[] = [],
): OrderDemand {
  return makeOrder(quantity, [{ ...stage(1, 'SEWING'), requiredCertifications: certifications }], 7, {
    deliveryLocation: at(0),
    transport: { distanceMode: 'planar', rateFenPerUnitKm: 0 },
    ...extra,
  });
}

/** Both engines, each plan checked independently of the engines (constraints and transport included). */
function plansOf(order: OrderDemand, offers: CapacityOffer[]): { engine: string; plan: Plan }[] {
  const quoted = quote(order, offers);
  expect(checkPlan(order, offers, quoted)).toEqual([]);
  const replanned = replan([order], offers);
  expect(validateReplan([order], offers, replanned)).toEqual([]);
  expect(checkPlan(order, offers, replanned.plans[0])).toEqual([]);
  return [
    { engine: 'quote', plan: quoted },
    { engine: 're-plan', plan: replanned.plans[0] },
  ];
}

const firmsUsed = (plan: Plan) => [...new Set(plan.assignments.map((a) => a.firmId))].sort();

describe('buyer constraints: each excludes exactly the firms it should, in both engines', () => {
  // Every case asks for one piece more than the eligible firms have free, so a plan uses all of them and an
  // ineligible firm with room would be used too if the constraint leaked.
  it.each<[string, Partial<OrderDemand>, string[], CapacityOffer[], string[]]>([
    [
      'distance: 12 km is within a 12 km limit, 12.001 km and an unknown site are not',
      { maxDistanceKm: 12 },
      [],
      [
        firm('a', { location: at(12) }),
        firm('b', { location: at(12.001) }),
        firm('c', { location: null }),
        firm('d', { location: { xKm: 3, yKm: 4 } }),
      ],
      ['firm-a', 'firm-d'],
    ],
    [
      'rating: a tie with the floor passes, just below and no rating do not',
      { minRating: 3.5 },
      [],
      [firm('a', { rating: 3.5 }), firm('b', { rating: 3.49 }), firm('c', { rating: null }), firm('d', { rating: 5 })],
      ['firm-a', 'firm-d'],
    ],
    [
      'certification: expiring mid-stage with free days after it excludes; a renewal or no later free day does not',
      {},
      ['BSCI'],
      [
        firm('a', { certifications: [bsci(0, 7)] }),
        firm('b', { certifications: [bsci(0, 3)] }),
        firm('c', { certifications: [bsci(0, 3)] }, [10, 10, 10, 10]),
        firm('d', { certifications: [bsci(-5, 3), bsci(4, 30)] }),
        firm('e', { certifications: [{ ...bsci(0, 30), type: 'GRS' }] }),
        firm('f', { certifications: [bsci(1, 30)] }),
      ],
      ['firm-a', 'firm-c', 'firm-d'],
    ],
    [
      'excluded: the buyer rules a firm out whatever else it offers',
      { excludedFirmIds: ['firm-b'] },
      [],
      [firm('a', {}), firm('b', { unitPriceFen: 100 }), firm('c', {})],
      ['firm-a', 'firm-c'],
    ],
  ])('%s', (_, constraints, certifications, offers, eligible) => {
    const eligibleFree = offers
      .filter((offer) => eligible.includes(offer.firmId))
      .reduce((sum, offer) => sum + offer.days.reduce((units, d) => units + d.free, 0), 0);
    const order = constrainedOrder(eligibleFree + 1, constraints, certifications);
    for (const { engine, plan } of plansOf(order, offers)) {
      expect({ engine, firms: firmsUsed(plan), units: plan.unitsPlanned }).toEqual({
        engine,
        firms: eligible,
        units: eligibleFree,
      });
    }
  });
});

describe('transport in the objective', () => {
  it.each<[string, number, CapacityOffer[], string]>([
    [
      'without transport two equal firms tie and the listing id decides',
      0,
      [firm('a', { location: at(10) }), firm('b', { location: at(2) })],
      'firm-a',
    ],
    [
      'transport makes the nearer of two otherwise equal firms win',
      0.4,
      [firm('a', { location: at(10) }), firm('b', { location: at(2) })],
      'firm-b',
    ],
    [
      'transport outweighs a small price difference: 5.00 + 0.08 yuan beats 4.99 + 0.40 yuan',
      1,
      [firm('a', { location: at(40), unitPriceFen: 499 }), firm('b', { location: at(8), unitPriceFen: 500 })],
      'firm-b',
    ],
    [
      'among equals the buyer’s preferred firm wins',
      0.4,
      [firm('a', { location: at(5) }), firm('b', { location: at(5) })],
      'firm-b',
    ],
  ])('%s', (name, rate, offers, chosen) => {
    const preferred = name.includes('preferred') ? ['firm-b'] : [];
    const order = constrainedOrder(80, {
      transport: { distanceMode: 'planar', rateFenPerUnitKm: rate },
      preferredFirmIds: preferred,
    });
    for (const { engine, plan } of plansOf(order, offers)) {
      expect({ engine, firms: firmsUsed(plan) }).toEqual({ engine, firms: [chosen] });
      const [assignment] = plan.assignments;
      const km = assignment.distanceKm!;
      expect(assignment.transportCostFen).toBe(Math.round(80 * rate * km));
      expect(plan.totalCostFen).toBe(assignment.costFen + assignment.transportCostFen!);
      if (rate > 0) expect(assignment.explanation.summary).toContain(`${km.toFixed(1)} km from the delivery point`);
    }
  });

  it('rounds transport once per assignment, half up, from the unrounded distance', () => {
    // 3 pcs × 0.5 fen/km × 5 km = 7.5 fen → 8; per piece rounding would give 3 × 3 = 9.
    const order = constrainedOrder(3, { transport: { distanceMode: 'planar', rateFenPerUnitKm: 0.5 } });
    for (const { plan } of plansOf(order, [firm('a', { location: { xKm: 3, yKm: 4 } })])) {
      expect(plan.assignments.map((a) => a.transportCostFen)).toEqual([8]);
    }
  });

  it('measures great-circle distance with the haversine on R = 6371.0088 km', () => {
    expect(distanceKm({ lat: 30, lng: 120 }, { lat: 31, lng: 120 }, 'great-circle')).toBeCloseTo(111.1951, 3);
    expect(distanceKm({ lat: 30.42, lng: 120.3 }, { lat: 30.42, lng: 120.3 }, 'great-circle')).toBe(0);
    expect(distanceKm({ xKm: 0, yKm: 0 }, { lat: 30, lng: 120 }, 'great-circle')).toBeNull();
  });
});

describe('shortfall names the binding constraint with a computed relaxation hint', () => {
  it.each<[string, Partial<OrderDemand>, string[], CapacityOffer[], ShortfallReason, string]>([
    [
      'distance: the nearest farther firms with enough room set the radius',
      { maxDistanceKm: 12 },
      ['BSCI'],
      [
        firm('a', { location: at(5) }, week(25)),
        firm('b', { location: at(17.2) }, week(50)),
        firm('c', { location: at(30) }, week(500)),
      ],
      'DISTANCE',
      'only 1 SEWING firm within 12 km, holding BSCI has room; 300 pcs short; relaxing to 18 km would fill it',
    ],
    [
      'rating: the floor that admits enough room',
      { minRating: 4 },
      [],
      [
        firm('a', { rating: 4.5 }, week(25)),
        firm('b', { rating: 3.7 }, week(20)),
        firm('c', { rating: 3.2 }, week(100)),
      ],
      'RATING',
      'only 1 SEWING firm rated 4 or better has room; 300 pcs short; lowering the rating floor to 3.2 would fill it',
    ],
    [
      'certification: what dropping it would admit',
      {},
      ['BSCI'],
      [firm('a', {}, week(25)), firm('b', { certifications: [] }, week(20))],
      'CERTIFICATION',
      'only 1 SEWING firm holding BSCI has room; 300 pcs short; dropping BSCI would admit 1 firm and add 160 pcs of room',
    ],
  ])('%s', (_, constraints, certifications, offers, reason, message) => {
    const order = constrainedOrder(500, constraints, certifications);
    for (const { engine, plan } of plansOf(order, offers)) {
      expect({ engine, units: plan.unitsPlanned, reason: plan.shortfall?.reason }).toEqual({
        engine,
        units: 200,
        reason,
      });
      expect(plan.shortfall?.message).toContain(message);
    }
  });

  it('says which constraint shuts out every firm when none is eligible', () => {
    const order = constrainedOrder(10, { maxDistanceKm: 3 });
    for (const { plan } of plansOf(order, [firm('a', { location: at(4) })])) {
      expect(plan.shortfall?.reason).toBe('DISTANCE');
      expect(plan.shortfall?.message).toContain('relaxing to 4 km would fill it');
    }
  });
});

describe('determinism under constraints', () => {
  it('gives the same plans whatever the input order', () => {
    const random = seededRandom(7);
    const offers = Array.from({ length: 40 }, (_, i) =>
      makeOffer(`l${i}`, i % 2 ? 'SEWING' : 'CUTTING', week(20 + Math.floor(random() * 40)), {
        unitPriceFen: 400 + Math.floor(random() * 50),
        location: { xKm: random() * 30, yKm: random() * 30 },
        rating: Math.round(random() * 50) / 10,
        certifications: random() < 0.7 ? [bsci(-10, Math.floor(random() * 12))] : [],
      }),
    );
    const orders = Array.from({ length: 12 }, (_, i) => ({
      ...makeOrder(
        100 + Math.floor(random() * 300),
        i % 3 === 0
          ? [stage(1, 'CUTTING'), { ...stage(2, 'SEWING', 1), requiredCertifications: ['BSCI'] }]
          : [stage(1, 'SEWING')],
        7,
      ),
      orderId: `o${i}`,
      deliveryLocation: { xKm: random() * 30, yKm: random() * 30 },
      maxDistanceKm: 15,
      minRating: 2,
      transport: { distanceMode: 'planar' as const, rateFenPerUnitKm: 0.4 },
    }));
    const first = replan(orders, offers);
    expect(validateReplan(orders, offers, first)).toEqual([]);
    expect(first.totals.unitsFilled).toBeGreaterThan(0);
    const again = replan(shuffled(orders, random), shuffled(offers, random));
    expect(again.plans).toEqual(first.plans);
    for (const order of orders) {
      expect(quote(order, shuffled(offers, random))).toEqual(quote(order, offers));
    }
  });
});
