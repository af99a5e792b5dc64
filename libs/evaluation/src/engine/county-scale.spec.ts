import { countyOf } from '../../../../tests/fixtures/county-firms';
import { evaluate } from './evaluate';
import { HUANGYAN_2022_SCHEME } from './huangyan-2022.scheme';
import type { EvaluationResult } from './result.types';

/** The county-scale run at a tenth of the size; its time is measured by `npm run bench:evaluation-engine`. */
describe('evaluate a county (900 规上 + 300 规下 firms)', () => {
  let result: EvaluationResult;

  beforeAll(() => {
    result = evaluate(HUANGYAN_2022_SCHEME, countyOf(900, 300));
  });

  it('grades every firm', () => {
    expect(result.firms.filter((firm) => firm.status === 'graded')).toHaveLength(1200);
  });

  it.each([
    ['above-scale', [180, 540, 135, 45]],
    ['below-scale', [60, 180, 45, 15]],
  ])('fills the %s classes to A 20 / B 60 / C 15 / D 5 when totals are distinct', (populationId, firmsByClass) => {
    const summary = result.populations.find((p) => p.populationId === populationId);

    expect(summary?.rankingGroups[0].cuts.map((cut) => cut.firmsByRank)).toEqual(firmsByClass);
  });

  it('substitutes the average emission score for the tenth of 规上 firms without emission data', () => {
    const emission = result.populations[0].indicators.find((i) => i.indicatorId === 'valueAddedPerEmission');

    expect(emission?.firmsWithValue).toBe(810);
  });
});
