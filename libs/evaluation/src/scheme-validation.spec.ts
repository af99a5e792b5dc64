import { HUANGYAN_2022_SCHEME } from './engine';
import { schemeProblem } from './scheme-validation';

const withPopulation = (change: Record<string, unknown>) => ({
  ...HUANGYAN_2022_SCHEME,
  populations: [{ ...HUANGYAN_2022_SCHEME.populations[0], ...change }],
});
const withIndicator = (change: Record<string, unknown>) =>
  withPopulation({ indicators: [{ ...HUANGYAN_2022_SCHEME.populations[0].indicators[0], ...change }] });

describe('a scheme typed by hand, checked before it is stored', () => {
  it('accepts the published Huangyan 2022 scheme', () => {
    expect(schemeProblem(JSON.parse(JSON.stringify(HUANGYAN_2022_SCHEME)))).toBeNull();
  });

  it.each([
    ['not an object', [], /JSON object/],
    ['without populations', { ...HUANGYAN_2022_SCHEME, populations: undefined }, /populations must be a list/],
    [
      'with a scale that is neither above nor below',
      withPopulation({ criteria: { scale: 'large' } }),
      /criteria.scale/,
    ],
    ['with an unknown scoring method', withIndicator({ scoring: { method: 'zScore' } }), /not a known method/],
    ['with an unknown missing-data rule', withIndicator({ missingData: 'skip' }), /missingData/],
    [
      'with a weight that is a number, not a decimal string',
      withIndicator({ weight: 30 }),
      /weight: 30 is not a decimal string/,
    ],
    ['with an unknown figure', withIndicator({ numerator: 'profit' }), /unknown figure 'profit'/],
    [
      'with class shares not summing to 100',
      withPopulation({ classCuts: [{ class: 'A', sharePercent: '50' }] }),
      /sum to 50/,
    ],
    [
      'with a floor on an unknown indicator',
      withPopulation({ floors: [{ indicatorId: 'x', below: '1', class: 'D' }] }),
      /unknown indicator/,
    ],
  ])('refuses a scheme %s, saying why', (_, definition, problem) => {
    expect(schemeProblem(definition)).toMatch(problem);
  });
});
