import { evaluate } from './evaluate';
import {
  firm,
  gradedFirm,
  population,
  scheme,
  taxPerMu,
  THREE_MU_M2,
} from '../../../../tests/fixtures/evaluation-engine.fixtures';
import type { FirmYearInput } from './firm-input.types';
import { HUANGYAN_2022_SCHEME } from './huangyan-2022.scheme';
import type { EvaluationScheme, IndicatorDefinition } from './scheme.types';

/** The domain notes' worked firm: 20 亩 (certified 13333.33 m² = 19.999995 mu), tax 600, value added 3000 … */
function workedAboveScaleFirm(firmId: string, emissionsT: string | null = '0.6'): FirmYearInput {
  return {
    firmId,
    scale: 'above',
    hasOwnLand: true,
    figures: {
      landM2: '13333.33',
      taxPaid: '600',
      valueAdded: '3000',
      energyTce: '1000',
      emissionsT: emissionsT ?? undefined,
      avgEmployees: '150',
      rdSpending: '300',
      revenue: '10000',
    },
  };
}

function belowScaleFirm(firmId: string, landM2: string, taxPaid: string, electricityWankwh: string): FirmYearInput {
  return { firmId, scale: 'below', hasOwnLand: true, figures: { landM2, taxPaid, electricityWankwh } };
}

/** Huangyan's indicators with every benchmark replaced by the population average. */
function huangyanWithPopulationAverages(method: 'ratioOfTotals' | 'meanOfRatios'): EvaluationScheme {
  return {
    ...HUANGYAN_2022_SCHEME,
    populations: HUANGYAN_2022_SCHEME.populations.map((definition) => ({
      ...definition,
      indicators: definition.indicators.map((indicator): IndicatorDefinition => ({
        ...indicator,
        scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method } },
      })),
    })),
  };
}

describe('evaluate: the worked cases of the domain notes (Huangyan 2022 benchmarks)', () => {
  it.each([
    ['a 规上 firm with indicators 30 / 150 / 3.0 / 5000 / 20 / 0.03', workedAboveScaleFirm('w1'), '112.7552'],
    [
      'a 规下 firm of 10 亩 (6666.67 m²), tax 50, electricity 500',
      belowScaleFirm('w2', '6666.67', '50', '500'),
      '42.8229',
    ],
    [
      'a 规下 firm exactly at both benchmarks (588 亩)',
      belowScaleFirm('w3', '392000', '6816.8016', '28983'),
      '100.0000',
    ],
  ])('%s scores %s', (_situation, input, expectedTotal) => {
    const result = evaluate(HUANGYAN_2022_SCHEME, [input]);

    expect(gradedFirm(result, input.firmId).total).toBe(expectedTotal);
  });

  it.each([
    ['taxPerMu', '30.000008', '24.097000', '1.244969', '37.3491'],
    ['valueAddedPerMu', '150.000038', '136.160000', '1.101645', '22.0329'],
    ['valueAddedPerEnergy', '3.000000', '2.694000', '1.113586', '22.2717'],
    ['valueAddedPerEmission', '5000.000000', '4929.810000', '1.014238', '10.1424'],
    ['labourProductivity', '20.000000', '18.140000', '1.102536', '11.0254'],
    ['rdIntensity', '0.030000', '0.030200', '0.993377', '9.9338'],
  ])(
    'explains the worked 规上 firm’s %s: value %s against %s, ratio %s, score %s',
    (id, value, benchmark, ratio, score) => {
      const result = evaluate(HUANGYAN_2022_SCHEME, [workedAboveScaleFirm('w1')]);

      const indicator = gradedFirm(result, 'w1').indicators.find((candidate) => candidate.indicatorId === id);
      expect(indicator).toMatchObject({ value, score, substitution: null });
      expect(indicator?.measured).toMatchObject({ method: 'ratioToBenchmark', benchmark, ratio, capped: false });
    },
  );

  it.each(['ratioOfTotals', 'meanOfRatios'] as const)(
    'scores 100.0000 for 规上 firms exactly at every population average (%s)',
    (method) => {
      const half = workedAboveScaleFirm('half');
      const double: FirmYearInput = {
        ...half,
        firmId: 'double',
        figures: {
          landM2: '26666.66',
          taxPaid: '1200',
          valueAdded: '6000',
          energyTce: '2000',
          emissionsT: '1.2',
          avgEmployees: '300',
          rdSpending: '600',
          revenue: '20000',
        },
      };

      const result = evaluate(huangyanWithPopulationAverages(method), [half, double]);

      expect(gradedFirm(result, 'half').total).toBe('100.0000');
      expect(gradedFirm(result, 'double').total).toBe('100.0000');
    },
  );
});

describe('evaluate: benchmarks', () => {
  it.each([
    ['ratioOfTotals', '16.666667', '60.0000', '120.0000'],
    ['meanOfRatios', '15.000000', '66.6667', '133.3333'],
  ] as const)('a population average by %s is %s', (method, benchmark, lowScore, highScore) => {
    const averaged = scheme({
      populations: [
        population({
          indicators: [
            taxPerMu({ scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method } } }),
          ],
        }),
      ],
    });
    const firms = [firm('low', '30'), firm('high', '120', { figures: { taxPaid: '120', landM2: '4000' } })];

    const result = evaluate(averaged, firms);

    expect(result.populations[0].indicators[0].basis).toEqual({
      method: 'ratioToBenchmark',
      benchmarkKind: 'populationAverage',
      benchmark,
    });
    expect(gradedFirm(result, 'low').total).toBe(lowScore);
    expect(gradedFirm(result, 'high').total).toBe(highScore);
  });
});

describe('evaluate: missing data', () => {
  const population3 = [
    workedAboveScaleFirm('with-0.6t'),
    workedAboveScaleFirm('with-1.2t', '1.2'),
    workedAboveScaleFirm('without-emissions', null),
  ];

  it('gives a firm without emission data the mean emission score of the firms that have it', () => {
    const result = evaluate(HUANGYAN_2022_SCHEME, population3);

    const emission = gradedFirm(result, 'without-emissions').indicators[3];
    expect(gradedFirm(result, 'with-0.6t').indicators[3].score).toBe('10.1424');
    expect(gradedFirm(result, 'with-1.2t').indicators[3].score).toBe('5.0712');
    expect(emission).toMatchObject({
      indicatorId: 'valueAddedPerEmission',
      value: null,
      measured: null,
      score: '7.6068',
      substitution: { reason: 'figureMissing', missingFigures: ['emissionsT'], rule: 'populationAverageScore' },
    });
    expect(gradedFirm(result, 'without-emissions').total).toBe('110.2196');
    expect(result.populations[0].indicators[3]).toMatchObject({ firmsWithValue: 2, averageScore: '7.6068' });
  });

  it.each([
    ['R&D spending is absent', { rdSpending: undefined }, 'figureMissing', ['rdSpending']],
    ['revenue is zero', { revenue: '0' }, 'zeroDenominator', []],
  ])('scores zero under the zero rule when %s', (_situation, change, reason, missingFigures) => {
    const input = workedAboveScaleFirm('w1');
    const result = evaluate(HUANGYAN_2022_SCHEME, [{ ...input, figures: { ...input.figures, ...change } }]);

    const rd = gradedFirm(result, 'w1').indicators[5];
    expect(rd).toMatchObject({ score: '0.0000', substitution: { reason, missingFigures, rule: 'zero' } });
    expect(gradedFirm(result, 'w1').total).toBe('102.8214');
  });
});

describe('evaluate: min–max scoring', () => {
  const minMax = scheme({
    populations: [population({ indicators: [taxPerMu({ weight: '30', scoring: { method: 'minMax' } })] })],
  });

  it.each([
    ['the lowest value', 'f10', '0.000000', '6.0000'],
    ['a quarter of the range', 'f15', '0.250000', '12.0000'],
    ['the middle', 'f20', '0.500000', '18.0000'],
    ['the highest value', 'f30', '1.000000', '30.0000'],
  ])('scores %s as w × (20 + 80 × position) / 100', (_situation, firmId, position, score) => {
    const firms = [firm('f10', '30'), firm('f15', '45'), firm('f20', '60'), firm('f30', '90')];

    const result = evaluate(minMax, firms);

    const indicator = gradedFirm(result, firmId).indicators[0];
    expect(indicator.measured).toMatchObject({ method: 'minMax', min: '10.000000', max: '30.000000', position });
    expect(indicator.score).toBe(score);
  });

  it('gives every firm full weight when all values are equal', () => {
    const result = evaluate(minMax, [firm('a', '60'), firm('b', '60')]);

    expect(result.firms.map((f) => (f.status === 'graded' ? f.total : null))).toEqual(['30.0000', '30.0000']);
  });
});

describe('evaluate: caps', () => {
  const capped = scheme({
    populations: [
      population({ indicators: [taxPerMu({ weight: '30', maxScore: '36', missingData: 'populationAverageScore' })] }),
    ],
  });
  const firms = [
    firm('over', '45'),
    firm('at', '36'),
    firm('under', '33'),
    firm('missing', '0', { figures: { landM2: THREE_MU_M2 } }),
  ];

  it.each([
    ['above the cap', 'over', '45.0000', true, '36.0000'],
    ['exactly at the cap', 'at', '36.0000', false, '36.0000'],
    ['below the cap', 'under', '33.0000', false, '33.0000'],
  ])('limits a score %s', (_situation, firmId, uncappedScore, isCapped, score) => {
    const indicator = gradedFirm(evaluate(capped, firms), firmId).indicators[0];

    expect(indicator.measured).toMatchObject({ uncappedScore, capped: isCapped, maxScore: '36.0000' });
    expect(indicator.score).toBe(score);
  });

  it('averages capped scores for firms without data', () => {
    expect(gradedFirm(evaluate(capped, firms), 'missing').total).toBe('35.0000');
  });
});

describe('evaluate: bonus and penalty items', () => {
  const withItems = scheme({
    items: [
      { id: 'extraTenant', name: '每多出租一户扣 5 分', pointsPerCount: '-5' },
      { id: 'highTech', name: '高新技术企业加 3 分', pointsPerCount: '3' },
    ],
  });

  it.each([
    ['no items', {}, '0.0000', '100.0000'],
    ['one extra tenant', { extraTenant: 1 }, '-5.0000', '95.0000'],
    ['three extra tenants and a high-tech title', { extraTenant: 3, highTech: 1 }, '-12.0000', '88.0000'],
  ])('adds points per count: %s', (_situation, itemCounts, itemPoints, total) => {
    const result = evaluate(withItems, [firm('landlord', '30', { itemCounts })]);

    expect(gradedFirm(result, 'landlord')).toMatchObject({ indicatorScoreSum: '100.0000', itemPoints, total });
  });

  it('lists each item with its count and points, and ranks on the total after points', () => {
    const result = evaluate(withItems, [
      firm('landlord', '30', { itemCounts: { extraTenant: 2 } }),
      firm('other', '28.5'),
    ]);

    expect(gradedFirm(result, 'landlord').items).toEqual([
      { itemId: 'extraTenant', name: '每多出租一户扣 5 分', pointsPerCount: '-5.0000', count: 2, points: '-10.0000' },
    ]);
    expect(gradedFirm(result, 'other').rank).toBe(1);
    expect(gradedFirm(result, 'landlord').rank).toBe(2);
  });
});

describe('evaluate: overrides', () => {
  const withOverrides = scheme({
    overrideRules: [
      { id: 'majorSafetyAccident', reason: '发生重大安全生产事故', forcedClass: 'D' },
      { id: 'environmentalPenalty', reason: '受到环保行政处罚', forcedClass: 'C' },
    ],
  });
  const safety = { ruleId: 'majorSafetyAccident', evidence: '应急管理局通报 2024-017' };
  const environment = { ruleId: 'environmentalPenalty', evidence: '环罚字〔2024〕12号' };
  // Tax per mu 50 / 40 / 30 / 20 / 10: by rank (cuts 1 / 4 / 5 / 5) A, B, B, B, C.
  const firms = [
    firm('f1', '150', { overrides: [safety] }),
    firm('f2', '120', { overrides: [environment, safety] }),
    firm('f3', '90'),
    firm('f4', '60'),
    firm('f5', '30', { overrides: [environment] }),
  ];

  it.each([
    ['the top firm after a major safety accident', 'f1', 'A', 'D', 'override'],
    ['a firm with two overrides (the worse wins)', 'f2', 'B', 'D', 'override'],
    ['a firm without events', 'f3', 'B', 'B', 'rank'],
    ['a firm forced to the class it already had', 'f5', 'C', 'C', 'override'],
  ])('grades %s', (_situation, firmId, byRank, finalClass, decidedBy) => {
    const graded = gradedFirm(evaluate(withOverrides, firms), firmId);

    expect(graded.classDecision.byRank.class).toBe(byRank);
    expect(graded.class).toBe(finalClass);
    expect(graded.classDecision.decidedBy).toBe(decidedBy);
  });

  it('keeps the overridden firm’s score and rank and shows reason and evidence', () => {
    const top = gradedFirm(evaluate(withOverrides, firms), 'f1');

    expect(top).toMatchObject({ total: '500.0000', rank: 1 });
    expect(top.classDecision.overrides).toEqual([
      {
        ruleId: 'majorSafetyAccident',
        reason: '发生重大安全生产事故',
        evidence: '应急管理局通报 2024-017',
        forcedClass: 'D',
      },
    ]);
  });
});

describe('evaluate: exemptions and firms outside every population', () => {
  const averaged = scheme({
    populations: [
      population({
        indicators: [
          taxPerMu({
            scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'ratioOfTotals' } },
          }),
        ],
      }),
    ],
    exemptionRules: [{ id: 'newlyProducing', reason: '投产未满一年，暂不评价' }],
  });

  it('reports an exempt firm with its reason and leaves it out of the benchmark and the ranking', () => {
    const exempt = firm('new', '3000', { exemption: { ruleId: 'newlyProducing', evidence: '投产日期 2024-09-01' } });

    const result = evaluate(averaged, [firm('a', '30'), firm('b', '60'), exempt]);

    expect(result.firms.find((f) => f.firmId === 'new')).toEqual({
      status: 'exempt',
      firmId: 'new',
      populationId: 'above-scale',
      exemption: { ruleId: 'newlyProducing', reason: '投产未满一年，暂不评价', evidence: '投产日期 2024-09-01' },
    });
    expect(result.populations[0].indicators[0].basis).toMatchObject({ benchmark: '15.000000' });
    expect(gradedFirm(result, 'b')).toMatchObject({ rank: 1, rankingGroupSize: 2, total: '133.3333' });
  });

  it.each([
    ['3 亩 exactly (2000 m²)', '2000', 'graded'],
    ['just under 3 亩 (1999.99 m² = 2.999985 亩)', '1999.99', 'notEvaluated'],
  ])('grades a 规下 firm on %s only from the land threshold on', (_situation, landM2, status) => {
    const result = evaluate(HUANGYAN_2022_SCHEME, [belowScaleFirm('small', landM2, '10', '50')]);

    expect(result.firms[0].status).toBe(status);
  });
});

describe('evaluate: populations', () => {
  const threePopulations = scheme({
    populations: [
      population({ id: 'leased-plant', name: '无自有用地', criteria: { hasOwnLand: false } }),
      population({ id: 'above-scale', criteria: { scale: 'above' } }),
      population({ id: 'below-scale', name: '规下', criteria: { scale: 'below', minLandMu: '3' } }),
    ],
  });

  it.each([
    ['a 规上 firm on its own land', 'above', true, THREE_MU_M2, 'above-scale'],
    ['a 规上 firm leasing its plant', 'above', false, THREE_MU_M2, 'leased-plant'],
    ['a 规下 firm leasing 1 亩', 'below', false, '666.67', 'leased-plant'],
    ['a 规下 firm on 3 亩 of its own', 'below', true, THREE_MU_M2, 'below-scale'],
  ] as const)('puts %s into the first matching population', (_situation, scale, hasOwnLand, landM2, populationId) => {
    const result = evaluate(threePopulations, [{ firmId: 'x', scale, hasOwnLand, figures: { taxPaid: '30', landM2 } }]);

    expect(gradedFirm(result, 'x').populationId).toBe(populationId);
  });

  it('does not evaluate a firm that meets no population’s criteria, and says why', () => {
    const result = evaluate(threePopulations, [
      { firmId: 'tiny', scale: 'below', hasOwnLand: true, figures: { taxPaid: '1', landM2: '1000' } },
    ]);

    expect(result.firms).toEqual([
      { status: 'notEvaluated', firmId: 'tiny', reason: 'meets the criteria of no population' },
    ]);
  });
});

describe('evaluate: absolute floors', () => {
  const floored = scheme({
    populations: [
      population({
        indicators: [
          taxPerMu({ weight: '50' }),
          {
            id: 'valueAddedPerMu',
            name: '亩均增加值',
            unit: '万元/亩',
            numerator: 'valueAdded',
            denominator: 'landMu',
            weight: '50',
            scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'fixed', value: '100' } },
            missingData: 'zero',
          },
        ],
        floors: [{ indicatorId: 'taxPerMu', below: '2', class: 'D' }],
      }),
    ],
  });
  const withFigures = (firmId: string, figures: Record<string, string>): FirmYearInput =>
    firm(firmId, '0', { figures: { landM2: THREE_MU_M2, ...figures } });
  // Totals 5009.5 / 150 / 60 / 50 / 30 → by rank (cuts 1 / 4 / 5 / 5) A, B, B, B, C.
  const firms = [
    withFigures('rich-low-tax', { taxPaid: '5.7', valueAdded: '30000' }),
    withFigures('solid', { taxPaid: '60', valueAdded: '300' }),
    withFigures('exactly-2', { taxPaid: '6', valueAdded: '300' }),
    withFigures('no-tax-data', { valueAdded: '300' }),
    withFigures('poor', { taxPaid: '3', valueAdded: '150' }),
  ];

  it.each([
    ['tax per mu 1.9 on a top score', 'rich-low-tax', 1, 'A', 'D', 'floor'],
    ['tax per mu exactly 2 (not below)', 'exactly-2', 3, 'B', 'B', 'rank'],
    ['no tax figure (a missing value triggers no floor)', 'no-tax-data', 4, 'B', 'B', 'rank'],
    ['tax per mu 1 on a C rank', 'poor', 5, 'C', 'D', 'floor'],
  ])('applies the tax-per-mu floor to %s', (_situation, firmId, rank, byRank, finalClass, decidedBy) => {
    const graded = gradedFirm(evaluate(floored, firms), firmId);

    expect(graded.rank).toBe(rank);
    expect(graded.classDecision).toMatchObject({ byRank: { class: byRank }, final: finalClass, decidedBy });
  });

  it('shows the value that fell below the floor', () => {
    const graded = gradedFirm(evaluate(floored, firms), 'rich-low-tax');

    expect(graded.classDecision.floorsTriggered).toEqual([
      { indicatorId: 'taxPerMu', value: '1.900000', below: '2', class: 'D' },
    ]);
  });
});

describe('evaluate: industry groups', () => {
  const grouped = scheme({
    populations: [
      population({
        rankWithinIndustryGroups: true,
        indicators: [
          taxPerMu({
            scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'populationAverage', method: 'ratioOfTotals' } },
          }),
        ],
      }),
    ],
  });
  const inGroup = (firmId: string, taxPaid: string, industryGroup?: string) => firm(firmId, taxPaid, { industryGroup });
  const firms = [
    inGroup('t1', '90', 'textiles'),
    inGroup('t2', '60', 'textiles'),
    inGroup('t3', '30', 'textiles'),
    inGroup('h1', '60', 'hardware'),
    inGroup('h2', '15', 'hardware'),
    inGroup('n1', '60'),
  ];

  it.each([
    ['h1', 'hardware', '117.6471', 1, 2, '50.0000', 'B'],
    ['h2', 'hardware', '29.4118', 2, 2, '100.0000', 'B'],
    ['t1', 'textiles', '176.4706', 1, 3, '33.3333', 'A'],
    ['t2', 'textiles', '117.6471', 2, 3, '66.6667', 'B'],
    ['t3', 'textiles', '58.8235', 3, 3, '100.0000', 'C'],
  ])(
    'ranks %s within %s against the population-wide benchmark',
    (firmId, group, total, rank, size, percentile, grade) => {
      const graded = gradedFirm(evaluate(grouped, firms), firmId);

      expect(graded).toMatchObject({
        industryGroup: group,
        total,
        rank,
        rankingGroupSize: size,
        rankPercentile: percentile,
        class: grade,
      });
    },
  );

  it('lists groups by name with their own cut positions, and leaves out a firm without a group', () => {
    const result = evaluate(grouped, firms);

    expect(result.firms.map((f) => f.firmId)).toEqual(['h1', 'h2', 't1', 't2', 't3', 'n1']);
    expect(result.firms[5]).toMatchObject({ status: 'notEvaluated' });
    expect(result.populations[0].rankingGroups.map((g) => [g.industryGroup, g.cuts.map((c) => c.cutPosition)])).toEqual(
      [
        ['hardware', [0, 2, 2, 2]],
        ['textiles', [1, 2, 3, 3]],
      ],
    );
  });
});

describe('evaluate: determinism', () => {
  // 40 firms, many sharing a total, in three different input orders.
  const firms = Array.from({ length: 40 }, (_, index) =>
    firm(`firm-${String((index * 17) % 40).padStart(2, '0')}`, `${3 * (index % 7)}`),
  );

  it.each([
    ['the same order twice', [...firms]],
    ['reversed', [...firms].reverse()],
    ['interleaved', [...firms.filter((_, i) => i % 2 === 1), ...firms.filter((_, i) => i % 2 === 0)]],
  ])('gives the same result for %s', (_situation, reordered) => {
    expect(evaluate(scheme(), reordered)).toEqual(evaluate(scheme(), firms));
  });

  it('lists firms with equal totals by firm id and gives them one rank', () => {
    const result = evaluate(scheme(), [firm('c', '30'), firm('a', '30'), firm('b', '30')]);

    expect(result.firms.map((f) => f.firmId)).toEqual(['a', 'b', 'c']);
    expect(result.firms.map((f) => (f.status === 'graded' ? f.rank : null))).toEqual([1, 1, 1]);
  });

  it('states its rounding and tie rules in the result', () => {
    const { rules } = evaluate(scheme(), [firm('a', '30')]);

    expect(rules.classCuts).toContain('round half up of (cumulative share % × firms in the group / 100)');
    expect(rules.ranking).toContain('Equal totals share the better rank');
  });
});
