import { PolicyBasis, PolicyMeasure } from './class-policy.entity';
import { consecutiveYears, LedgerPolicy, ledgerLines, PriorClasses } from './policy-ledger';

const policy = (overrides: Partial<LedgerPolicy>): LedgerPolicy => ({
  id: 'p',
  grade: 'D',
  measure: PolicyMeasure.ELECTRICITY_SURCHARGE,
  basis: PolicyBasis.ELECTRICITY_KWH,
  rate: '0.3',
  minConsecutiveYears: 1,
  ...overrides,
});

const SURCHARGES = [
  policy({ id: 'd-1', rate: '0.3', minConsecutiveYears: 1 }),
  policy({ id: 'd-3', rate: '0.4', minConsecutiveYears: 3 }),
];

const prior = (entries: [number, [string, string][]][]): PriorClasses =>
  new Map(entries.map(([year, classes]) => [year, new Map(classes)]));

describe('the policy ledger of a published round', () => {
  it.each([
    ['no earlier rounds', prior([]), 1],
    ['D the year before', prior([[2024, [['f', 'D']]]]), 2],
    [
      'D two years before',
      prior([
        [2024, [['f', 'D']]],
        [2023, [['f', 'D']]],
      ]),
      3,
    ],
    [
      'a gap year breaks the run',
      prior([
        [2024, [['f', 'D']]],
        [2022, [['f', 'D']]],
      ]),
      2,
    ],
    [
      'another class breaks the run',
      prior([
        [2024, [['f', 'C']]],
        [2023, [['f', 'D']]],
      ]),
      1,
    ],
  ])('counts consecutive years in the class when there are %s', (_, classes, years) => {
    expect(consecutiveYears('f', 'D', 2025, classes)).toBe(years);
  });

  it.each([
    ['in its first D year', prior([]), 'd-1', '0.3', '150000.00'],
    ['in its second D year', prior([[2024, [['f', 'D']]]]), 'd-1', '0.3', '150000.00'],
    [
      'in its third D year (the higher rate replaces the first)',
      prior([
        [2024, [['f', 'D']]],
        [2023, [['f', 'D']]],
      ]),
      'd-3',
      '0.4',
      '200000.00',
    ],
  ])('charges a D firm %s one electricity surcharge on its kWh', (_, classes, policyId, rate, amount) => {
    const lines = ledgerLines(
      [{ firmId: 'f', grade: 'D', figures: { electricityWankwh: '50' } }],
      SURCHARGES,
      2025,
      classes,
    );

    expect(lines).toEqual([expect.objectContaining({ policyId, rate, basisQuantity: '500000', amount, unit: '元' })]);
  });

  it.each([
    ['a class without policies', 'B', { electricityWankwh: '50' }],
    ['a missing basis figure', 'D', {}],
    ['a zero basis figure', 'D', { electricityWankwh: '0' }],
  ])('writes nothing for %s', (_, grade, figures) => {
    expect(ledgerLines([{ firmId: 'f', grade, figures }], SURCHARGES, 2025, prior([]))).toEqual([]);
  });

  it('applies every measure of the class, each on its own basis, money to the fen and quotas in tce', () => {
    const lines = ledgerLines(
      [{ firmId: 'a', grade: 'A', figures: { taxPaid: '123.4567', energyTce: '1000.5', water: '10' } }],
      [
        policy({
          id: 'relief',
          grade: 'A',
          measure: PolicyMeasure.TAX_RELIEF,
          basis: PolicyBasis.TAX_PAID_YUAN,
          rate: '0.05',
        }),
        policy({
          id: 'quota',
          grade: 'A',
          measure: PolicyMeasure.ENERGY_QUOTA,
          basis: PolicyBasis.ENERGY_TCE,
          rate: '0.1',
        }),
        policy({ id: 'grant', grade: 'A', measure: PolicyMeasure.SUBSIDY, basis: PolicyBasis.FIXED, rate: '50000' }),
      ],
      2025,
      prior([]),
    );

    expect(
      lines.map(({ policyId, basisQuantity, amount, unit }) => ({ policyId, basisQuantity, amount, unit })),
    ).toEqual([
      { policyId: 'relief', basisQuantity: '1234567', amount: '61728.35', unit: '元' },
      { policyId: 'quota', basisQuantity: '1000.5', amount: '100.0500', unit: 'tce' },
      { policyId: 'grant', basisQuantity: null, amount: '50000.00', unit: '元' },
    ]);
  });
});
