import { fillStage, type StageCandidate, type StageWindow } from './stage-fill';

function window(available: number[], required: number[], quantity: number): StageWindow {
  return { available: Float64Array.from(available), required: Float64Array.from(required), quantity };
}

/** A candidate free on the given days (by index), all days listed even when zero. */
function candidate(free: number[], minOrderQuantity = 0): StageCandidate {
  return { days: Int32Array.from(free.keys()), free: Int32Array.from(free), minOrderQuantity };
}

function taken(candidates: readonly StageCandidate[], fill: ReturnType<typeof fillStage>): number[][] {
  return candidates.map((_, i) => Array.from(fill.taken.get(i) ?? []));
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
