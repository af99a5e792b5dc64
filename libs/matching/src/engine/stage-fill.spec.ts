import { fillStage, type StageCandidate, type StageWindow } from './stage-fill';
import { seededRandom } from '../../../../tests/fixtures/matching-engine.fixtures';

function window(available: number[], required: number[], quantity: number): StageWindow {
  return { available: Float64Array.from(available), required: Float64Array.from(required), quantity };
}

/** A candidate free on the given days (by index), all days listed even when zero. */
function candidate(free: number[], minOrderQuantity = 0): StageCandidate {
  return { days: [...free.keys()], free, from: 0, to: free.length, minOrderQuantity };
}

function taken(candidates: readonly StageCandidate[], fill: ReturnType<typeof fillStage>): number[][] {
  return candidates.map((_, i) => fill.taken.get(i) ?? []);
}

describe('fillStage', () => {
  it.each<[string, StageWindow, StageCandidate[], number[][]]>([
    [
      'the best candidate takes all that fits, earliest days first',
      window([25, 25, 25], [0, 0, 25], 25),
      [candidate([10, 10, 10]), candidate([100, 100, 100])],
      [[10, 10, 5], []],
    ],
    [
      'nothing before the upstream releases it',
      window([0, 10, 30], [0, 0, 30], 30),
      [candidate([100, 100, 100])],
      [[0, 10, 20]],
    ],
    [
      'a downstream deadline makes a worse candidate work early',
      window([30, 30, 30], [20, 20, 30], 30),
      [candidate([0, 0, 100]), candidate([100, 100, 100])],
      [
        [0, 0, 10],
        [20, 0, 0],
      ],
    ],
    [
      'units the best candidate cannot reach in time go to the next',
      window([30, 30, 30], [10, 20, 30], 30),
      [candidate([5, 5, 100]), candidate([100, 100, 100])],
      [
        [5, 5, 10],
        [10, 0, 0],
      ],
    ],
    [
      'a candidate below its minimum is passed over',
      window([30, 30], [0, 30], 30),
      [candidate([10, 10], 25), candidate([100, 100])],
      [[], [30, 0]],
    ],
    [
      'the best candidate gives way so a minimum can be met',
      window([100], [100], 100),
      [candidate([90]), candidate([100], 20)],
      [[80], [20]],
    ],
  ])('%s', (_situation, stageWindow, candidates, expected) => {
    const fill = fillStage(stageWindow, candidates);
    expect(fill.total).toBe(stageWindow.quantity);
    expect(taken(candidates, fill)).toEqual(expected);
  });

  it('uses only the positions from..to of a candidate', () => {
    const candidates = [{ ...candidate([50, 50, 50, 50]), from: 1, to: 3 }, candidate([0, 0, 0, 100])];
    const fill = fillStage(window([100, 100, 100, 100], [0, 0, 0, 100], 100), candidates);
    expect(taken(candidates, fill)).toEqual([[50, 50], []]);
  });

  it('comes up short, and says so, when the window cannot hold the quantity', () => {
    const candidates = [candidate([10, 10])];
    const fill = fillStage(window([50, 50], [0, 50], 50), candidates);
    expect(fill.total).toBe(20);
    expect(fill.blockedByMinOrder).toEqual([]);
  });

  it('reports the candidates its minimum order quantity kept out', () => {
    const candidates = [candidate([40]), candidate([15], 20)];
    const fill = fillStage(window([50], [50], 50), candidates);
    expect(fill.total).toBe(40);
    expect(fill.blockedByMinOrder).toEqual([1]);
  });
});

describe('fillStage on random windows', () => {
  /** Random non-decreasing cumulative series ending at `quantity`, reaching it by day `full`. */
  function cumulative(random: () => number, days: number, quantity: number, full: number): number[] {
    const series: number[] = [];
    let value = 0;
    for (let day = 0; day < days; day++) {
      value = day >= full ? quantity : Math.min(quantity, value + Math.floor(random() * (quantity / 2)));
      series.push(value);
    }
    return series;
  }

  it('stays within released and free units, meets every deadline when full, and is full whenever it can be (500 cases)', () => {
    const random = seededRandom(42);
    for (let n = 0; n < 500; n++) {
      const days = 1 + Math.floor(random() * 8);
      const quantity = 1 + Math.floor(random() * 60);
      const available = cumulative(random, days, quantity, Math.floor(random() * days));
      // A requirement never ahead of what is released, as the quote's backward pass guarantees.
      const required = available.map((units, day) => (day === days - 1 ? quantity : Math.floor(units * random())));
      for (let day = 1; day < days; day++) required[day] = Math.max(required[day], required[day - 1]);
      const candidates = Array.from({ length: Math.floor(random() * 4) }, () =>
        candidate(Array.from({ length: days }, () => (random() < 0.3 ? 0 : Math.floor(random() * 25)))),
      );
      const fill = fillStage(window(available, required, quantity), candidates);

      const perDay = Array<number>(days).fill(0);
      candidates.forEach((c, i) =>
        (fill.taken.get(i) ?? []).forEach((units, k) => {
          expect(units).toBeLessThanOrEqual(c.free[c.from + k]);
          perDay[c.days[c.from + k]] += units;
        }),
      );
      let done = 0;
      let possible = 0;
      let feasible = true;
      for (let day = 0; day < days; day++) {
        done += perDay[day];
        expect(done).toBeLessThanOrEqual(available[day]);
        if (fill.total === quantity) expect(done).toBeGreaterThanOrEqual(required[day]);
        // Oracle: all candidates together, as early as released; a deadline missed this way is missed anyway.
        possible = Math.min(available[day], possible + candidates.reduce((sum, c) => sum + c.free[day], 0));
        if (possible < required[day]) feasible = false;
      }
      expect(fill.total).toBe(done);
      expect([n, fill.total === quantity]).toEqual([n, feasible && possible === quantity]);
    }
  });
});
