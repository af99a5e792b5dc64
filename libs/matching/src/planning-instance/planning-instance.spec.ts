import { replan } from '../engine/replan';
import {
  buildPlanningInstance,
  type PlanningInstance,
  PlanningInstanceError,
  readPlanningInstance,
  toEngineInputs,
  toVgPlan,
  yuanToFen,
} from './planning-instance';

/** The example instance, plus a second firm, listing and a two-stage order. */
function example(): PlanningInstance {
  return {
    format: 'vg-planning-instance/1',
    name: 'Linping demo',
    horizon: { start: '2025-09-01', end: '2025-09-30' },
    distanceMode: 'planar',
    transportRatePerUnitKm: '0.004',
    firms: [
      {
        id: 'F1',
        name: 'Qiaosi Sewing',
        location: { xKm: 12.5, yKm: 40.1 },
        rating: 3.85,
        class: 'B',
        certifications: [{ type: 'BSCI', validFrom: '2025-01-01', validTo: '2026-12-31' }],
      },
      {
        id: 'F2',
        name: 'Tangqi Cutting',
        location: { xKm: 9, yKm: 37 },
        rating: null,
        class: null,
        certifications: [],
      },
    ],
    listings: [
      {
        id: 'L1',
        firmId: 'F1',
        processCode: 'SEWING',
        unitPrice: '1.35',
        minOrderQuantity: 0,
        freeUnits: [
          { date: '2025-09-03', units: 420 },
          { date: '2025-09-04', units: 420 },
        ],
      },
      {
        id: 'L2',
        firmId: 'F2',
        processCode: 'CUTTING',
        unitPrice: '0.40',
        minOrderQuantity: 100,
        freeUnits: [{ date: '2025-09-02', units: 500 }],
      },
    ],
    orders: [
      {
        id: 'O1',
        quantity: 2000,
        earliestStart: '2025-09-02',
        dueDate: '2025-09-18',
        deliveryLocation: { xKm: 10.0, yKm: 38.2 },
        maxDistanceKm: 12,
        minRating: 2.5,
        excludedFirmIds: [],
        preferredFirmIds: [],
        route: [{ seq: 1, processCode: 'SEWING', leadDays: 0, maxUnitPrice: '1.60', requiredCertifications: ['BSCI'] }],
      },
      {
        id: 'O2',
        quantity: 300,
        earliestStart: '2025-09-01',
        dueDate: '2025-09-10',
        deliveryLocation: { xKm: 10.0, yKm: 38.2 },
        maxDistanceKm: null,
        minRating: null,
        excludedFirmIds: ['F9'],
        preferredFirmIds: ['F1'],
        route: [
          { seq: 1, processCode: 'CUTTING', leadDays: 0, maxUnitPrice: '0.50', requiredCertifications: [] },
          { seq: 2, processCode: 'SEWING', leadDays: 0, maxUnitPrice: '1.60', requiredCertifications: [] },
        ],
      },
    ],
  };
}

function errorsOf(value: unknown): string[] {
  try {
    readPlanningInstance(value);
  } catch (error) {
    if (error instanceof PlanningInstanceError) return error.errors.map((e) => `${e.path}: ${e.message}`);
    throw error;
  }
  return [];
}

describe('vg-planning-instance/1: validation names the path of every problem', () => {
  it('accepts the example', () => {
    expect(errorsOf(example())).toEqual([]);
  });

  it.each<[string, (instance: PlanningInstance & Record<string, unknown>) => void, string[]]>([
    [
      'wrong format',
      (i) => (i.format = 'vg-planning-instance/2' as never),
      ['$.format: must be "vg-planning-instance/1"'],
    ],
    [
      'missing field',
      (i) => delete (i.orders[0] as Partial<PlanningInstance['orders'][0]>).dueDate,
      ['$.orders[0].dueDate: is required'],
    ],
    ['unknown field', (i) => (i.extra = 1), ['$.extra: is not allowed here']],
    [
      'price as a number, not a Decimal string',
      (i) => (i.listings[1].unitPrice = 0.4 as never),
      ['$.listings[1].unitPrice: must be a string'],
    ],
    [
      'a price below the fen',
      (i) => (i.orders[1].route[1].maxUnitPrice = '1.605'),
      ['$.orders[1].route[1].maxUnitPrice: must be whole fen (≤ 2 decimals): 1.605'],
    ],
    [
      'a date that is not a calendar day',
      (i) => (i.listings[0].freeUnits[1].date = '2025-02-30'),
      ['$.listings[0].freeUnits[1].date: is not a calendar date: 2025-02-30'],
    ],
    [
      'a date in another form',
      (i) => (i.orders[0].earliestStart = '2025-9-2'),
      ['$.orders[0].earliestStart: must match ^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$, got "2025-9-2"'],
    ],
    [
      'a location of neither kind',
      (i) => (i.firms[0].location = { x: 1, y: 2 } as never),
      ['$.firms[0].location: must be an object with xKm, yKm or an object with lat, lng'],
    ],
    [
      'a latitude out of range',
      (i) => (i.orders[0].deliveryLocation = { lat: 91, lng: 120 }),
      ['$.orders[0].deliveryLocation.lat: must be ≤ 90'],
    ],
    ['a rating above 5', (i) => (i.firms[0].rating = 5.5), ['$.firms[0].rating: must be ≤ 5']],
    [
      'an unknown class',
      (i) => (i.firms[0].class = 'E' as never),
      ['$.firms[0].class: must be one of "A", "B", "C", "D"'],
    ],
    [
      'fractional units',
      (i) => (i.listings[0].freeUnits[0].units = 1.5),
      ['$.listings[0].freeUnits[0].units: must be an integer'],
    ],
    ['an empty route', (i) => (i.orders[0].route = []), ['$.orders[0].route: must have at least 1 item(s)']],
    ['a listing of no firm', (i) => (i.listings[1].firmId = 'F7'), ['$.listings[1].firmId: no firm "F7"']],
    ['duplicate ids', (i) => (i.orders[1].id = 'O1'), ['$.orders[1].id: duplicate id "O1"']],
    ['duplicate stage numbers', (i) => (i.orders[1].route[1].seq = 1), ['$.orders[1].route[1].seq: duplicate seq']],
  ])('%s', (_, spoil, expected) => {
    const instance = example() as PlanningInstance & Record<string, unknown>;
    spoil(instance);
    expect(errorsOf(instance)).toEqual(expected);
  });

  it('says what the whole file should be when it is not an object', () => {
    expect(errorsOf([])).toEqual(['$: must be an object']);
  });
});

describe('vg-planning-instance/1: converters', () => {
  it('turns yuan Decimal strings into fen exactly, and the rate into fractional fen', () => {
    expect(['1.35', '0.4', '2', '0.07', '1234.56'].map(yuanToFen)).toEqual([135, 40, 200, 7, 123456]);
    expect(toEngineInputs(example()).orders[0].transport).toEqual({ distanceMode: 'planar', rateFenPerUnitKm: 0.4 });
  });

  it('round-trips: instance → engine inputs → instance → JSON → engine inputs, and plans alike', () => {
    const { orders, offers } = toEngineInputs(readPlanningInstance(example()));
    const rebuilt = buildPlanningInstance(
      {
        name: 'Linping demo',
        horizon: { start: '2025-09-01', end: '2025-09-30' },
        distanceMode: 'planar',
        transportRatePerUnitKm: '0.004',
        firmNames: new Map([
          ['F1', 'Qiaosi Sewing'],
          ['F2', 'Tangqi Cutting'],
        ]),
      },
      orders,
      offers,
    );
    expect(rebuilt).toEqual(example());
    const again = toEngineInputs(readPlanningInstance(JSON.parse(JSON.stringify(rebuilt))));
    expect(again).toEqual({ orders, offers });
    expect(replan(again.orders, again.offers)).toEqual(replan(orders, offers));
  });

  it('writes vg-plan/1 whose allocations add up to the totals, transport spread exactly over the days', () => {
    const { orders, offers } = toEngineInputs(example());
    const result = replan(orders, offers);
    const plan = toVgPlan(result, 12);
    expect(plan.format).toBe('vg-plan/1');
    expect(plan.solveMs).toBe(12);
    const units = plan.allocations.reduce((sum, a) => sum + a.units, 0);
    const goods = plan.allocations.reduce((sum, a) => sum + a.units * yuanToFen(a.unitPrice), 0);
    const transport = plan.allocations.reduce((sum, a) => sum + yuanToFen(a.transportCost), 0);
    const stageUnits = result.plans.flatMap((p) => p.assignments).reduce((sum, a) => sum + a.units, 0);
    expect(units).toBe(stageUnits);
    expect(result.totals.unitsFilled).toBeGreaterThan(0);
    expect(yuanToFen(plan.totals.goodsCost)).toBe(goods);
    expect(yuanToFen(plan.totals.transportCost)).toBe(transport);
    expect(transport).toBeGreaterThan(0);
    expect(plan.totals).toMatchObject({ demandUnits: 2300, filledUnits: result.totals.unitsFilled });
  });
});
