import type { EvaluationScheme, IndicatorDefinition } from './scheme.types';

const fixedBenchmark = (value: string): IndicatorDefinition['scoring'] => ({
  method: 'ratioToBenchmark',
  benchmark: { kind: 'fixed', value },
});

const CLASS_CUTS_20_60_15_5 = [
  { class: 'A', sharePercent: '20' },
  { class: 'B', sharePercent: '60' },
  { class: 'C', sharePercent: '15' },
  { class: 'D', sharePercent: '5' },
];

/**
 * Huangyan district (Taizhou), 2022 round, as far as the published method goes: ratio to the published
 * benchmarks × weight. The notes give only the emission rule for missing data (population average score), so
 * every other missing indicator scores zero; they give no bonus/penalty items, overrides or exemptions.
 */
export const HUANGYAN_2022_SCHEME: EvaluationScheme = {
  id: 'huangyan-2022',
  name: '黄岩区 2022 年度工业企业亩均效益综合评价',
  year: 2022,
  populations: [
    {
      id: 'above-scale',
      name: '规上工业企业',
      criteria: { scale: 'above' },
      rankWithinIndustryGroups: false,
      indicators: [
        {
          id: 'taxPerMu',
          name: '亩均税收',
          unit: '万元/亩',
          numerator: 'taxPaid',
          denominator: 'landMu',
          weight: '30',
          scoring: fixedBenchmark('24.097'),
          missingData: 'zero',
        },
        {
          id: 'valueAddedPerMu',
          name: '亩均增加值',
          unit: '万元/亩',
          numerator: 'valueAdded',
          denominator: 'landMu',
          weight: '20',
          scoring: fixedBenchmark('136.16'),
          missingData: 'zero',
        },
        {
          id: 'valueAddedPerEnergy',
          name: '单位能耗增加值',
          unit: '万元/吨标煤',
          numerator: 'valueAdded',
          denominator: 'energyTce',
          weight: '20',
          scoring: fixedBenchmark('2.694'),
          missingData: 'zero',
        },
        {
          id: 'valueAddedPerEmission',
          name: '单位排放增加值',
          unit: '万元/吨',
          numerator: 'valueAdded',
          denominator: 'emissionsT',
          weight: '10',
          scoring: fixedBenchmark('4929.81'),
          missingData: 'populationAverageScore',
        },
        {
          id: 'labourProductivity',
          name: '全员劳动生产率',
          unit: '万元/人',
          numerator: 'valueAdded',
          denominator: 'avgEmployees',
          weight: '10',
          scoring: fixedBenchmark('18.14'),
          missingData: 'zero',
        },
        {
          id: 'rdIntensity',
          name: '研发经费占比',
          unit: 'ratio',
          numerator: 'rdSpending',
          denominator: 'revenue',
          weight: '10',
          scoring: fixedBenchmark('0.0302'),
          missingData: 'zero',
        },
      ],
      classCuts: CLASS_CUTS_20_60_15_5,
      floors: [],
    },
    {
      id: 'below-scale',
      name: '规下工业企业（用地 3 亩及以上）',
      criteria: { scale: 'below', minLandMu: '3' },
      rankWithinIndustryGroups: false,
      indicators: [
        {
          id: 'taxPerMu',
          name: '亩均税收',
          unit: '万元/亩',
          numerator: 'taxPaid',
          denominator: 'landMu',
          weight: '50',
          scoring: fixedBenchmark('11.5932'),
          missingData: 'zero',
        },
        {
          id: 'taxPerElectricity',
          name: '单位电耗税收',
          unit: '万元/万kWh',
          numerator: 'taxPaid',
          denominator: 'electricityWankwh',
          weight: '50',
          scoring: fixedBenchmark('0.2352'),
          missingData: 'zero',
        },
      ],
      classCuts: CLASS_CUTS_20_60_15_5,
      floors: [],
    },
  ],
  items: [],
  overrideRules: [],
  exemptionRules: [],
};
