import { evaluate } from './evaluate';
import { EvaluationInputError } from './evaluation-input.error';
import {
  firm,
  gradedFirm,
  population,
  scheme,
  taxPerMu,
  THREE_MU_M2,
} from '../../../../tests/fixtures/evaluation-engine.fixtures';
import type { FirmYearInput } from './firm-input.types';
import type { EvaluationScheme, FigureKey } from './index';

const withOverride = (forcedClass: string) =>
  scheme({ overrideRules: [{ id: 'accident', reason: '重大事故', forcedClass }] });

describe('evaluate rejects a scheme it cannot apply', () => {
  it.each<[string, EvaluationScheme, string]>([
    ['without populations', scheme({ populations: [] }), 'no populations'],
    [
      'with two populations of one id',
      scheme({ populations: [population(), population()] }),
      "duplicate population id 'above-scale'",
    ],
    [
      'whose class shares do not sum to 100',
      scheme({
        populations: [
          population({
            classCuts: [
              { class: 'A', sharePercent: '20' },
              { class: 'B', sharePercent: '75' },
            ],
          }),
        ],
      }),
      'class shares sum to 95, not 100',
    ],
    [
      'with an unknown figure',
      scheme({ populations: [population({ indicators: [taxPerMu({ numerator: 'profit' as FigureKey })] })] }),
      "unknown figure 'profit'",
    ],
    [
      'with a zero fixed benchmark',
      scheme({
        populations: [
          population({
            indicators: [
              taxPerMu({ scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'fixed', value: '0' } } }),
            ],
          }),
        ],
      }),
      'benchmark must be positive',
    ],
    [
      'with a floor on an unknown indicator',
      scheme({ populations: [population({ floors: [{ indicatorId: 'waterPerMu', below: '1', class: 'D' }] })] }),
      "floor on unknown indicator 'waterPerMu'",
    ],
    ['with an override to a class no population has', withOverride('E'), "forces class 'E'"],
    [
      'with a weight that is not a decimal string',
      scheme({ populations: [population({ indicators: [taxPerMu({ weight: '3e1' })] })] }),
      'is not a decimal string',
    ],
  ])('%s', (_situation, badScheme, message) => {
    const run = () => evaluate(badScheme, [firm('a', '30')]);

    expect(run).toThrow(EvaluationInputError);
    expect(run).toThrow(message);
  });
});

describe('evaluate rejects firm data it cannot read', () => {
  const withRules = scheme({
    items: [{ id: 'extraTenant', name: '出租', pointsPerCount: '-5' }],
    overrideRules: [{ id: 'accident', reason: '重大事故', forcedClass: 'D' }],
  });

  it.each<[string, FirmYearInput[], string]>([
    ['a firm id given twice', [firm('a', '30'), firm('a', '60')], "firm 'a' appears twice"],
    ['a figure in exponent notation', [firm('a', '3e1')], '"3e1" is not a decimal string'],
    [
      'a negative land area',
      [firm('a', '30', { figures: { taxPaid: '30', landM2: '-2000' } })],
      'landM2 must not be negative',
    ],
    [
      'an unknown figure',
      [firm('a', '30', { figures: { taxPaid: '30', landM2: THREE_MU_M2, profit: '5' } as never })],
      "unknown figure 'profit'",
    ],
    ['an unknown item', [firm('a', '30', { itemCounts: { subletting: 1 } })], "unknown item 'subletting'"],
    ['a fractional item count', [firm('a', '30', { itemCounts: { extraTenant: 1.5 } })], 'must be a whole number'],
    [
      'an unknown override rule',
      [firm('a', '30', { overrides: [{ ruleId: 'fire', evidence: 'x' }] })],
      "unknown override rule 'fire'",
    ],
  ])('%s', (_situation, firms, message) => {
    const run = () => evaluate(withRules, firms);

    expect(run).toThrow(EvaluationInputError);
    expect(run).toThrow(message);
  });

  it('refuses a population-average benchmark that is not positive', () => {
    const averaged = scheme({
      populations: [
        population({
          indicators: [
            taxPerMu({
              scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'meanOfRatios' } },
            }),
          ],
        }),
      ],
    });

    expect(() => evaluate(averaged, [firm('a', '-30'), firm('b', '0')])).toThrow(
      "average benchmark of 'taxPerMu' is -5",
    );
  });

  it('accepts a negative tax figure (refunds) and scores it below zero', () => {
    expect(gradedFirm(evaluate(scheme(), [firm('a', '-3')]), 'a').total).toBe('-10.0000');
  });
});
