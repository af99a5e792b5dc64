import { EvaluationInputError } from './evaluation-input.error';
import { firm, population, scheme, taxPerMu, THREE_MU_M2 } from '../../../../tests/fixtures/evaluation-engine.fixtures';
import { HUANGYAN_2022_SCHEME } from './huangyan-2022.scheme';
import type { EvaluationScheme } from './scheme.types';
import { whatIf } from './what-if';

/** Benchmark = population average (ratio of totals), missing data = population average score. */
const averaged: EvaluationScheme = scheme({
  populations: [
    population({
      indicators: [
        taxPerMu({
          scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'ratioOfTotals' } },
          missingData: 'populationAverageScore',
        }),
      ],
      floors: [{ indicatorId: 'taxPerMu', below: '2', class: 'D' }],
    }),
  ],
});

// Tax per mu 10…70: benchmark 840 / 21 = 40, totals 25 / 50 / … / 175, cut positions 1 / 6 / 7 / 7.
const seven = [10, 20, 30, 40, 50, 60, 70].map((value) => firm(`f${value}`, `${3 * value}`));

describe('whatIf', () => {
  const heldBenchmark = expect.objectContaining({ benchmark: '40.000000' });

  it.each([
    [
      'raising f10’s tax to 50 per mu (benchmark held at 40)',
      'f10',
      { taxPaid: '150' },
      heldBenchmark,
      '125.0000',
      3,
      'B',
    ],
    ['raising f10’s tax to 70 per mu: ties the top firm', 'f10', { taxPaid: '210' }, heldBenchmark, '175.0000', 1, 'A'],
    ['cutting f70’s tax to 20 per mu: ties f20', 'f70', { taxPaid: '60' }, heldBenchmark, '50.0000', 5, 'B'],
    ['f70 without a tax figure: the published average score', 'f70', { taxPaid: undefined }, null, '100.0000', 3, 'B'],
    ['f40 on 1.5 tax per mu: last, and below the floor', 'f40', { taxPaid: '4.5' }, heldBenchmark, '3.7500', 7, 'D'],
  ])(
    'places %s among the others’ published totals',
    (_situation, firmId, changedFigures, measured, total, rank, grade) => {
      const result = whatIf(averaged, seven, firmId, changedFigures);

      expect(result.hypothetical).toMatchObject({ total, rank, class: grade, rankingGroupSize: 7 });
      expect(result.hypothetical.indicators[0].measured).toEqual(measured);
    },
  );

  it('returns the published result unchanged when nothing changes', () => {
    const result = whatIf(averaged, seven, 'f30', {});

    expect(result.hypothetical).toEqual(result.published);
    expect(result.published).toMatchObject({ total: '75.0000', rank: 5, class: 'B' });
  });

  it('tells the lowest total that earns each class, given the other firms', () => {
    const result = whatIf(averaged, seven, 'f10', {});

    expect(result.classThresholds).toEqual([
      { class: 'A', cutPosition: 1, lowestTotal: '175.0000', reachable: true },
      { class: 'B', cutPosition: 6, lowestTotal: '50.0000', reachable: true },
      { class: 'C', cutPosition: 7, lowestTotal: null, reachable: true },
      { class: 'D', cutPosition: 7, lowestTotal: null, reachable: true },
    ]);
  });

  it('marks a class that is empty at this group size as unreachable', () => {
    const result = whatIf(averaged, seven.slice(0, 2), 'f10', {});

    expect(result.classThresholds[0]).toEqual({ class: 'A', cutPosition: 0, lowestTotal: null, reachable: false });
  });

  it.each([
    ['above the published maximum', { taxPaid: '300' }, '1.000000', '100.0000'],
    ['below the published minimum', { taxPaid: '0' }, '0.000000', '20.0000'],
  ])('holds the min–max range and clamps a value %s', (_situation, changedFigures, position, total) => {
    const minMax = scheme({ populations: [population({ indicators: [taxPerMu({ scoring: { method: 'minMax' } })] })] });

    const result = whatIf(minMax, seven, 'f40', changedFigures);

    expect(result.hypothetical.indicators[0].measured).toMatchObject({ min: '10.000000', max: '70.000000', position });
    expect(result.hypothetical.total).toBe(total);
  });

  it.each([
    ['a firm not in the population', averaged, seven, 'f99', {}],
    [
      'an exempt firm',
      { ...averaged, exemptionRules: [{ id: 'utility', reason: '公用事业' }] },
      [...seven, firm('water-works', '30', { exemption: { ruleId: 'utility', evidence: '供水企业' } })],
      'water-works',
      {},
    ],
    [
      'figures that take a 规下 firm under 3 亩',
      HUANGYAN_2022_SCHEME,
      [
        {
          firmId: 'b1',
          scale: 'below' as const,
          hasOwnLand: true,
          figures: { landM2: THREE_MU_M2, taxPaid: '30', electricityWankwh: '100' },
        },
      ],
      'b1',
      { landM2: '1000' },
    ],
  ])('refuses %s', (_situation, evaluationScheme, firms, firmId, changedFigures) => {
    expect(() => whatIf(evaluationScheme, firms, firmId, changedFigures)).toThrow(EvaluationInputError);
  });
});
