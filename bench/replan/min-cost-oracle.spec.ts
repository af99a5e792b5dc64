import { buildReplanModel, replan, resolveFairness, toEngineInputs } from '@vg/matching';
import { generateClusterInstance } from '../../tests/fixtures/replan-cluster-instance';
import { validateReplan } from '../../tests/fixtures/replan-validation';
import { lpBound } from './lp-bound';
import { buildMinCostNetwork, COST_SCALE, solveSmall } from './min-cost-network';

/**
 * The bench's minimum-cost yardstick (the segment-tree network LEMON solves at 8,000 × 5,000) against HiGHS on the
 * time-indexed LP of the same small constrained instances: the same maximum fill and the same minimum cost at that
 * fill. Both take eligibility and cost per piece (with transport) from the engine's own model, and the engine's
 * plans pass the independent constraint checks of `validateReplan`, so the yardstick measures the engine under
 * exactly its own rules.
 */
describe('single-stage minimum-cost yardstick against the LP (HiGHS)', () => {
  it.each([61, 62, 63])('seed %i: same maximum fill and minimum cost; the engine fills no more', async (seed) => {
    const { orders, offers } = toEngineInputs(
      generateClusterInstance({ seed, firms: 90, orders: 40, stages: 'single' }),
    );
    const model = buildReplanModel(orders, offers, resolveFairness(undefined));
    const yardstick = solveSmall(buildMinCostNetwork(model));
    const lp = await lpBound(orders, offers);
    expect(lp.status).toBe('optimal/optimal');
    expect(yardstick.maxFlow).toBe(Math.round(lp.filledUnits));
    expect(yardstick.maxFlow).toBeGreaterThan(0);
    // Costs go to the network in whole micro-fen per piece; lpBound's second level may fill up to a millionth
    // less than the first (its tolerance), which lowers its cost by as much.
    const dearest = model.eligibleCost.reduce((most, cost) => Math.max(most, cost), 0);
    const rounding = yardstick.maxFlow / COST_SCALE;
    expect(lp.costFen).toBeLessThanOrEqual(yardstick.costFen + rounding);
    expect(lp.costFen).toBeGreaterThanOrEqual(yardstick.costFen - rounding - 1e-6 * yardstick.maxFlow * dearest);
    const result = replan(orders, offers);
    expect(validateReplan(orders, offers, result)).toEqual([]);
    expect(result.totals.unitsFilled).toBeLessThanOrEqual(yardstick.maxFlow);
  });
});
