import { buildReplanModel, replan, resolveFairness, singleStageMaximumFill } from '@vg/matching';
import { generateReplanInstance } from '../../tests/fixtures/replan-instance-generator';
import { validateReplan } from '../../tests/fixtures/replan-validation';
import { buildReplanLp, lpBound, replanLpText } from './lp-bound';
import { processBound } from './process-bound';

/**
 * The re-plan engine against its yardsticks on instances small enough for HiGHS to solve the LP exactly: the
 * quality claims of the README's re-plan section, kept true by every `npm test`.
 */
describe('against the LP bound (HiGHS)', () => {
  it.each([
    ['single', 21, false, 0.999],
    ['single', 22, true, 0.95],
    ['multi', 23, false, 0.95],
    // The LP relaxes minimum order quantities, so with them it can be out of reach by more than 5%.
    ['multi', 24, true, 0.92],
  ] as const)(
    '%s-stage seed %i (minimum orders %s) fills at least %d of the LP optimum',
    async (stages, seed, moq, share) => {
      const { orders, offers } = generateReplanInstance({
        seed,
        firms: 40,
        orders: 25,
        stages,
        minOrderQuantities: moq,
      });
      const bound = await lpBound(orders, offers);
      expect(bound.status).toBe('optimal/optimal');
      const result = replan(orders, offers);
      expect(result.totals.unitsFilled).toBeLessThanOrEqual(bound.filledUnits + 1e-6);
      expect(result.totals.unitsFilled).toBeGreaterThanOrEqual(share * bound.filledUnits);
    },
  );

  it.each([23, 24, 25])(
    'multi-stage seed %i: the per-process bound lies between the LP optimum and the demand',
    async (seed) => {
      const { orders, offers } = generateReplanInstance({ seed, firms: 40, orders: 25, stages: 'multi' });
      const lp = await lpBound(orders, offers);
      const bound = processBound(orders, offers);
      expect(bound.filledUnits).toBeGreaterThanOrEqual(lp.filledUnits - 1e-6);
      expect(bound.filledUnits).toBeLessThanOrEqual(orders.reduce((sum, order) => sum + order.quantity, 0));
      expect(replan(orders, offers).totals.unitsFilled).toBeLessThanOrEqual(bound.filledUnits);
    },
  );

  it('single-stage without minimum orders: the engine is exactly optimal (fill and cost)', async () => {
    const { orders, offers } = generateReplanInstance({
      seed: 31,
      firms: 40,
      orders: 25,
      stages: 'single',
      minOrderQuantities: false,
    });
    const bound = await lpBound(orders, offers);
    const result = replan(orders, offers);
    expect(result.totals.unitsFilled).toBe(Math.round(bound.filledUnits));
    expect(result.totals.costFen).toBeLessThanOrEqual(bound.costFen * 1.001);
  });

  it('writes an LP that a solver reads back to the same optimum', async () => {
    const { orders, offers } = generateReplanInstance({ seed: 41, firms: 20, orders: 10, stages: 'multi' });
    const lp = buildReplanLp(orders, offers, { candidatesPerStage: 5 });
    const text = replanLpText(lp);
    expect(text).toMatch(/^\\.*\nMinimize\n/);
    expect(text).toContain('Subject To');
    expect(text.trimEnd().endsWith('End')).toBe(true);
    const loadHighs: typeof import('highs').default = require('highs');
    const solved = (await loadHighs()).solve(text, { output_flag: false });
    expect(solved.Status).toBe('Optimal');
    const bound = await lpBound(orders, offers, { candidatesPerStage: 5 });
    expect((solved.Columns.filled as { Primal: number }).Primal).toBeCloseTo(bound.filledUnits, 3);
  });
});

describe('single-stage maximum flow against the LP (HiGHS)', () => {
  it.each([51, 52, 53, 54, 55, 56])(
    'seed %i: with minimums relaxed the flow fills exactly the LP optimum; replan, keeping them, fills no more',
    async (seed) => {
      const { orders, offers } = generateReplanInstance({ seed, firms: 40, orders: 30, stages: 'single' });
      const bound = await lpBound(orders, offers);
      expect(bound.status).toBe('optimal/optimal');
      const relaxed = singleStageMaximumFill(buildReplanModel(orders, offers, resolveFairness(undefined)));
      expect(relaxed).toBe(Math.round(bound.filledUnits));
      const result = replan(orders, offers);
      expect(validateReplan(orders, offers, result)).toEqual([]);
      expect(result.totals.unitsFilled).toBeLessThanOrEqual(relaxed);
    },
  );
});
